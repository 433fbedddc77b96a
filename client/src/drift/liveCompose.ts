// The live services of a stack rendered back as a stack file (compose v3 form), for "Compare with live". Pure.
// Only what the file form can say and a diff needs: image, command, environment, healthcheck, deploy (mode,
// replicas, update/rollback/restart policies, resources, placement, labels), ports, stop_grace_period.
// Labels the CLI adds itself (com.docker.stack.*) are left out so they do not show as differences.
import { stringify } from 'yaml';
import { goDuration, stackServices, type EngineUpdateConfig, type LiveService } from './drift';

type Obj = Record<string, unknown>;

const ownLabels = (labels: Record<string, string> | undefined): Obj | undefined => {
  if (!labels) return undefined;
  const out: Obj = {};
  for (const [k, v] of Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))) if (!k.startsWith('com.docker.stack.')) out[k] = v;
  return Object.keys(out).length ? out : undefined;
};

const prune = (o: Obj): Obj | undefined => {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return Object.keys(o).length ? o : undefined;
};

const durOf = (ns: number | undefined) => (ns ? goDuration(ns) : undefined);

function updateConfig(c: EngineUpdateConfig | null | undefined): Obj | undefined {
  if (!c) return undefined;
  return prune({
    parallelism: c.Parallelism ?? 0,
    delay: durOf(c.Delay),
    failure_action: c.FailureAction || undefined,
    monitor: durOf(c.Monitor),
    max_failure_ratio: c.MaxFailureRatio || undefined,
    order: c.Order || undefined,
  });
}

const cpus = (nano: number | undefined) => (nano ? String(nano / 1e9) : undefined);
function bytes(n: number | undefined): string | undefined {
  if (!n) return undefined;
  for (const [unit, size] of [['G', 1 << 30], ['M', 1 << 20], ['K', 1 << 10]] as const) if (n % size === 0) return `${n / size}${unit}`;
  return `${n}b`;
}

/** One service as the stack file would write it. */
export function composeService(s: LiveService): Obj {
  const spec = s.Spec ?? {};
  const tt = spec.TaskTemplate ?? {};
  const cs = tt.ContainerSpec ?? {};
  const image = spec.Labels?.['com.docker.stack.image'] ?? cs.Image?.replace(/@sha256:[0-9a-f]+$/, '');
  const hc = cs.Healthcheck;
  let healthcheck: Obj | undefined;
  if (hc?.Test?.length) {
    healthcheck = hc.Test[0] === 'NONE'
      ? { disable: true }
      : prune({
        test: hc.Test,
        interval: durOf(hc.Interval),
        timeout: durOf(hc.Timeout),
        retries: hc.Retries || undefined,
        start_period: durOf(hc.StartPeriod),
        start_interval: durOf(hc.StartInterval),
      });
  }
  const mode = spec.Mode ?? {};
  const rp = tt.RestartPolicy;
  const res = tt.Resources;
  const deploy = prune({
    mode: mode.Global ? 'global' : mode.ReplicatedJob ? 'replicated-job' : mode.GlobalJob ? 'global-job' : undefined,
    replicas: mode.Replicated?.Replicas ?? mode.ReplicatedJob?.TotalCompletions,
    endpoint_mode: spec.EndpointSpec?.Mode && spec.EndpointSpec.Mode !== 'vip' ? spec.EndpointSpec.Mode : undefined,
    labels: ownLabels(spec.Labels),
    placement: prune({
      constraints: tt.Placement?.Constraints?.length ? tt.Placement.Constraints : undefined,
      preferences: tt.Placement?.Preferences?.length ? tt.Placement.Preferences.map((p) => ({ spread: p.Spread?.SpreadDescriptor })) : undefined,
      max_replicas_per_node: tt.Placement?.MaxReplicas || undefined,
    }),
    resources: prune({
      limits: prune({ cpus: cpus(res?.Limits?.NanoCPUs), memory: bytes(res?.Limits?.MemoryBytes), pids: res?.Limits?.Pids || undefined }),
      reservations: prune({ cpus: cpus(res?.Reservations?.NanoCPUs), memory: bytes(res?.Reservations?.MemoryBytes) }),
    }),
    restart_policy: rp ? prune({ condition: rp.Condition || undefined, delay: durOf(rp.Delay), max_attempts: rp.MaxAttempts || undefined, window: durOf(rp.Window) }) : undefined,
    update_config: updateConfig(spec.UpdateConfig),
    rollback_config: updateConfig(spec.RollbackConfig),
  });
  const ports = spec.EndpointSpec?.Ports?.map((p) => prune({
    target: p.TargetPort,
    published: p.PublishedPort,
    protocol: p.Protocol && p.Protocol !== 'tcp' ? p.Protocol : undefined,
    mode: p.PublishMode && p.PublishMode !== 'ingress' ? p.PublishMode : undefined,
  }));
  return prune({
    image,
    entrypoint: cs.Command?.length ? cs.Command : undefined,
    command: cs.Args?.length ? cs.Args : undefined,
    environment: cs.Env?.length ? [...cs.Env].sort() : undefined,
    working_dir: cs.Dir || undefined,
    user: cs.User || undefined,
    hostname: cs.Hostname || undefined,
    labels: ownLabels(cs.Labels),
    healthcheck,
    stop_grace_period: durOf(cs.StopGracePeriod),
    ports: ports?.length ? ports : undefined,
    deploy,
  }) ?? {};
}

/**
 * The live stack as YAML. `only` (the services of the file, in file order) limits and orders the output; services
 * the file has but the stack does not are listed as comments, so the diff shows them as new.
 */
export function renderLiveStack(stack: string, live: readonly LiveService[], only?: readonly string[]): string {
  const deployed = stackServices(live, stack);
  const names = only ?? [...deployed.keys()].sort();
  const services: Obj = {};
  const absent: string[] = [];
  for (const n of names) {
    const s = deployed.get(n);
    if (s) services[n] = composeService(s);
    else absent.push(n);
  }
  const head = [
    `# Live services of stack "${stack}" as the engine runs them now, written as a stack file (read-only).`,
    ...(deployed.size === 0 ? [`# The stack "${stack}" is not deployed.`] : []),
    ...absent.map((n) => `# ${n}: not deployed (the next deploy creates ${stack}_${n})`),
  ];
  const body = Object.keys(services).length ? stringify({ services }, { lineWidth: 0 }) : 'services: {}\n';
  return `${head.join('\n')}\n${body}`;
}
