// Drift: what the next `docker stack deploy` of a file would remove or revert in the live services. Pure.
//
// The CLI converts each service of the file into a complete new spec (docker/cli cli/compose/convert/service.go)
// and sends it as ServiceUpdate: a key the file lacks is not "left alone", it is sent empty. So
//   - no `healthcheck:` key ⇒ ContainerSpec.Healthcheck nil ⇒ the live healthcheck is gone (only the image's own
//     HEALTHCHECK, if any, applies) — swarm no longer replaces unhealthy tasks, updates no longer wait for health;
//   - no `deploy.update_config` / `rollback_config` ⇒ nil ⇒ the engine defaults (parallelism 1, delay 0s,
//     failure_action pause, monitor 5s, max_failure_ratio 0, order stop-first: swarmkit api/defaults/service.go);
//   - a key present but with a field left out ⇒ that field goes back to its default.
// Checked on the real engine: stack-v2 deployed, then stack-v1 ⇒ Healthcheck, UpdateConfig and RollbackConfig are
// all null in the live spec (test/fixtures/drift/*.json, test/engine/drift.test.ts).
import type { Entry } from '../../../server/src/core/rules/stackView';
import { readServices } from '../deploy/stackFile';

export const NAMESPACE_LABEL = 'com.docker.stack.namespace';

export interface EngineHealthcheck {
  Test?: string[] | null;
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

export interface EngineUpdateConfig {
  Parallelism?: number;
  Delay?: number;
  FailureAction?: string;
  Monitor?: number;
  MaxFailureRatio?: number;
  Order?: string;
}

/** The part of the Engine API's Service object (GET /services) drift and "Compare with live" read. */
export interface LiveService {
  ID?: string;
  Spec?: {
    Name?: string;
    Labels?: Record<string, string>;
    TaskTemplate?: {
      ContainerSpec?: {
        Image?: string;
        Labels?: Record<string, string>;
        Command?: string[];
        Args?: string[];
        Env?: string[];
        Dir?: string;
        User?: string;
        Hostname?: string;
        StopGracePeriod?: number;
        Healthcheck?: EngineHealthcheck | null;
      };
      RestartPolicy?: { Condition?: string; Delay?: number; MaxAttempts?: number; Window?: number };
      Resources?: {
        Limits?: { NanoCPUs?: number; MemoryBytes?: number; Pids?: number };
        Reservations?: { NanoCPUs?: number; MemoryBytes?: number };
      };
      Placement?: { Constraints?: string[]; Preferences?: Array<{ Spread?: { SpreadDescriptor?: string } }>; MaxReplicas?: number };
    };
    Mode?: { Replicated?: { Replicas?: number }; Global?: object; ReplicatedJob?: { MaxConcurrent?: number; TotalCompletions?: number }; GlobalJob?: object };
    UpdateConfig?: EngineUpdateConfig | null;
    RollbackConfig?: EngineUpdateConfig | null;
    EndpointSpec?: { Mode?: string; Ports?: Array<{ Protocol?: string; TargetPort?: number; PublishedPort?: number; PublishMode?: string }> };
  };
}

export type DriftCode =
  | 'drift/healthcheck-removed'
  | 'drift/healthcheck-reverted'
  | 'drift/update_config-removed'
  | 'drift/update_config-reverted'
  | 'drift/rollback_config-removed'
  | 'drift/rollback_config-reverted'
  | 'drift/service-pruned';

export interface DriftFinding {
  code: DriftCode;
  severity: 'warning' | 'information';
  /** The service's name in the file. */
  service: string;
  /** UTF-16 offsets into the file's text. */
  start: number;
  end: number;
  message: string;
  /** What would change: field, live value, value after the deploy (Go durations / plain values as text). */
  changes: Array<{ field: string; live: string; next: string }>;
}

/** Services of one stack, by their name in the file (`<stack>_` removed). */
export function stackServices(all: readonly LiveService[], stack: string): Map<string, LiveService> {
  const out = new Map<string, LiveService>();
  const prefix = `${stack}_`;
  for (const s of all) {
    const name = s.Spec?.Name;
    if (!name || s.Spec?.Labels?.[NAMESPACE_LABEL] !== stack || !name.startsWith(prefix)) continue;
    out.set(name.slice(prefix.length), s);
  }
  return out;
}

// ---- Go durations -------------------------------------------------------------------------------------------

/** time.Duration.String() for nanoseconds: 2s, 1m30s, 1h0m0s, 500ms, 0s. */
export function goDuration(ns: number): string {
  if (!Number.isFinite(ns)) return String(ns);
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let n = Math.abs(Math.round(ns));
  const sign = neg ? '-' : '';
  const frac = (v: number, unit: number) => {
    const whole = Math.floor(v / unit);
    const rest = v % unit;
    if (!rest) return String(whole);
    return `${whole}.${String(rest).padStart(String(unit).length - 1, '0').replace(/0+$/, '')}`;
  };
  if (n < 1_000) return `${sign}${n}ns`;
  if (n < 1_000_000) return `${sign}${frac(n, 1_000)}µs`;
  if (n < 1_000_000_000) return `${sign}${frac(n, 1_000_000)}ms`;
  const h = Math.floor(n / 3_600_000_000_000);
  n -= h * 3_600_000_000_000;
  const m = Math.floor(n / 60_000_000_000);
  n -= m * 60_000_000_000;
  const s = frac(n, 1_000_000_000);
  if (h) return `${sign}${h}h${m}m${s}s`;
  if (m) return `${sign}${m}m${s}s`;
  return `${sign}${s}s`;
}

// ---- engine defaults (swarmkit api/defaults/service.go; moby daemon/health.go) --------------------------------

const SECOND = 1_000_000_000;

interface FieldSpec<T> {
  /** The stack-file key. */
  key: string;
  /** The live value, or undefined when the live spec does not set it. */
  live: (c: T) => number | string | undefined;
  /** The engine's value when the field is not set. */
  dflt: number | string;
  show: (v: number | string) => string;
}

const plain = (v: number | string) => String(v);
const dur = (v: number | string) => (typeof v === 'number' ? goDuration(v) : v);

const UPDATE_FIELDS: ReadonlyArray<FieldSpec<EngineUpdateConfig>> = [
  // the CLI sends parallelism 1 when the key is omitted (convertUpdateConfig); 0 in the spec means "all at once"
  { key: 'parallelism', live: (c) => c.Parallelism ?? 0, dflt: 1, show: plain },
  { key: 'delay', live: (c) => c.Delay || undefined, dflt: 0, show: dur },
  { key: 'failure_action', live: (c) => c.FailureAction || undefined, dflt: 'pause', show: plain },
  { key: 'monitor', live: (c) => c.Monitor || undefined, dflt: 5 * SECOND, show: dur },
  { key: 'max_failure_ratio', live: (c) => c.MaxFailureRatio || undefined, dflt: 0, show: plain },
  { key: 'order', live: (c) => c.Order || undefined, dflt: 'stop-first', show: plain },
];

const HEALTH_FIELDS: ReadonlyArray<FieldSpec<EngineHealthcheck>> = [
  { key: 'interval', live: (c) => c.Interval || undefined, dflt: 30 * SECOND, show: dur },
  { key: 'timeout', live: (c) => c.Timeout || undefined, dflt: 30 * SECOND, show: dur },
  { key: 'retries', live: (c) => c.Retries || undefined, dflt: 3, show: plain },
  { key: 'start_period', live: (c) => c.StartPeriod || undefined, dflt: 0, show: dur },
  { key: 'start_interval', live: (c) => c.StartInterval || undefined, dflt: 5 * SECOND, show: dur },
];

/** Fields whose live value differs from what the engine uses when the field is not sent. */
function nonDefault<T>(cfg: T, fields: ReadonlyArray<FieldSpec<T>>): Array<{ field: string; live: string; next: string }> {
  const out: Array<{ field: string; live: string; next: string }> = [];
  for (const f of fields) {
    const v = f.live(cfg);
    if (v === undefined || v === f.dflt) continue;
    out.push({ field: f.key, live: f.show(v), next: f.show(f.dflt) });
  }
  return out;
}

function activeHealthcheck(hc: EngineHealthcheck | null | undefined): hc is EngineHealthcheck {
  const t = hc?.Test;
  return !!t && t.length > 0 && t[0] !== 'NONE';
}

export function describeTest(test: readonly string[]): string {
  if (test[0] === 'CMD-SHELL') return test.slice(1).join(' ');
  if (test[0] === 'CMD') return test.slice(1).join(' ');
  return test.join(' ');
}

const list = (changes: Array<{ field: string; live: string; next: string }>) =>
  changes.map((c) => `${c.field} ${c.live} → ${c.next}`).join(', ');

export interface DriftOptions {
  /** --prune (swarmRollout.deploy.prune): live services missing from the file would be removed. */
  prune?: boolean;
}

/**
 * Findings for one stack file against the live services of `stack` (all services may be passed; the stack's
 * are picked by the namespace label). A service the file adds, or a file whose stack is not deployed, has none.
 */
export function computeDrift(text: string, stack: string, live: readonly LiveService[], opts: DriftOptions = {}): DriftFinding[] {
  const deployed = stackServices(live, stack);
  if (deployed.size === 0) return [];
  const { services, view } = readServices(text);
  const findings: DriftFinding[] = [];
  const span = (e: Entry) => e.keySpan();

  for (const svc of services) {
    const current = deployed.get(svc.name);
    if (!current?.Spec) continue;
    const full = `${stack}_${svc.name}`;
    const spec = current.Spec;

    // healthcheck
    const hc = spec.TaskTemplate?.ContainerSpec?.Healthcheck;
    if (activeHealthcheck(hc)) {
      const fileHc = svc.child('healthcheck');
      if (!fileHc) {
        const [start, end] = span(svc);
        const facts = [`test: ${describeTest(hc.Test!)}`, ...nonDefault(hc, HEALTH_FIELDS).map((c) => `${c.field}: ${c.live}`)];
        findings.push({
          code: 'drift/healthcheck-removed', severity: 'warning', service: svc.name, start, end,
          message: `The live service ${full} has a healthcheck (${facts.join(', ')}) that this file lacks: the next deploy removes it. ` +
            'Swarm will no longer replace unhealthy tasks, and rolling updates will not wait for new tasks to be healthy (unless the image has its own HEALTHCHECK).',
          changes: [{ field: 'healthcheck', live: facts.join(', '), next: 'none' }],
        });
      } else if (!isDisabled(fileHc)) {
        const missing = nonDefault(hc, HEALTH_FIELDS).filter((c) => !fileHc.child(c.field));
        if (missing.length) {
          const [start, end] = span(fileHc);
          findings.push({
            code: 'drift/healthcheck-reverted', severity: 'warning', service: svc.name, start, end,
            message: `The next deploy reverts the live healthcheck of ${full} to the engine defaults where this file leaves fields out: ${list(missing)}.`,
            changes: missing,
          });
        }
      }
    }

    // update_config, rollback_config
    for (const [key, cfg] of [['update_config', spec.UpdateConfig], ['rollback_config', spec.RollbackConfig]] as const) {
      if (!cfg) continue;
      const changed = nonDefault(cfg, UPDATE_FIELDS);
      if (changed.length === 0) continue;
      const deploy = svc.child('deploy');
      const fileCfg = deploy?.child(key);
      if (!fileCfg) {
        const [start, end] = span(deploy ?? svc);
        findings.push({
          code: `drift/${key}-removed`, severity: 'warning', service: svc.name, start, end,
          message: `The live service ${full} has ${key === 'update_config' ? 'an' : 'a'} ${key} that this file lacks: the next deploy reverts it to the engine defaults (${list(changed)}).` +
            (key === 'update_config' ? ' The next rolling update will stop old tasks first and will not roll back by itself.' : ''),
          changes: changed,
        });
        continue;
      }
      if (!fileCfg.children) continue; // `${VAR}` or a wrong type: the schema rules speak about it
      const missing = changed.filter((c) => !fileCfg.child(c.field));
      if (missing.length) {
        const [start, end] = span(fileCfg);
        findings.push({
          code: `drift/${key}-reverted`, severity: 'warning', service: svc.name, start, end,
          message: `The next deploy reverts ${key} of ${full} where this file leaves fields out: ${list(missing)}.`,
          changes: missing,
        });
      }
    }
  }

  if (opts.prune) {
    const inFile = new Set(services.map((s) => s.name));
    const servicesKey = view.root?.child('services');
    for (const name of deployed.keys()) {
      if (inFile.has(name) || !servicesKey) continue;
      const [start, end] = servicesKey.keySpan();
      findings.push({
        code: 'drift/service-pruned', severity: 'information', service: name, start, end,
        message: `The live service ${stack}_${name} is not in this file: with swarmRollout.deploy.prune on, the next deploy removes it.`,
        changes: [{ field: 'service', live: `${stack}_${name}`, next: 'removed' }],
      });
    }
  }
  return findings.sort((a, b) => a.start - b.start);
}

function isDisabled(hc: Entry): boolean {
  const d = hc.child('disable')?.scalar;
  if (d?.type === 'boolean' && d.value === true) return true;
  const t = hc.child('test');
  const first = t?.items?.[0]?.text ?? t?.text;
  return first === 'NONE';
}
