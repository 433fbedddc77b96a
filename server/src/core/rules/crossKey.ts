// Cross-key rules: facts that no single key shows, checked per service on the shared StackView (built once,
// aliases and merges resolved). Sources: docker/cli cli/compose/convert/service.go (convertDeployMode,
// convertHealthcheck), swarmkit manager/controlapi/service.go (validateJob, validateEndpointSpec).
// References (ref/…) and placement constraints (placement/…) live in their own files and run from here,
// so the services are visited once for the whole family.
import { isMap } from '../yamlNodes';
import type { StackDoc } from '../document';
import type { Finding } from '../types';
import type { RuleFamily } from './rule';
import { checkPlacement } from './placement';
import { checkReferences, referenceIndex } from './references';
import { Out, viewOf, type Entry } from './stackView';
import { parseBytes, parseCpus } from './values';

/** deploy.mode as written (docker/cli compares it case-sensitively); undefined when unknowable. */
export function modeOf(svc: Entry): string | undefined {
  const m = svc.at('deploy', 'mode');
  if (!m) return 'replicated';
  const r = m.scalar;
  if (!r || r.type === 'null') return 'replicated';
  if (m.interpolated || r.type !== 'string') return undefined;
  return String(r.value) === '' ? 'replicated' : String(r.value);
}

/** A port item in ingress mode (short syntax always is; long syntax unless mode: host); 'unknown' for `${…}`. */
export function portMode(p: Entry): 'ingress' | 'host' | 'unknown' {
  if (!isMap(p.value)) return p.interpolated ? 'unknown' : 'ingress';
  const m = p.child('mode');
  if (!m || m.scalar?.type === 'null') return 'ingress';
  if (m.interpolated) return 'unknown';
  return m.text === 'host' ? 'host' : 'ingress';
}

function portLabel(p: Entry): string {
  if (!isMap(p.value)) return String(p.scalar?.value ?? '');
  const pub = p.child('published')?.scalar?.value;
  const tgt = p.child('target')?.scalar?.value;
  return pub !== undefined && pub !== null ? `${String(pub)}:${String(tgt ?? '?')}` : `target ${String(tgt ?? '?')}`;
}

function checkModes(svc: Entry, out: Out): void {
  const mode = modeOf(svc);
  const deploy = svc.child('deploy');
  if (!deploy || mode === undefined) return;
  const replicas = deploy.child('replicas');
  if (replicas && (mode === 'global' || mode === 'global-job')) {
    out.add('swarm/replicas-with-global', 'error', replicas.keySpan(),
      `replicas cannot be used with mode: ${mode}: docker stack deploy fails ("replicas can only be used with replicated or replicated-job mode"); remove replicas (a ${mode} service runs one task per node) or use mode: ${mode === 'global' ? 'replicated' : 'replicated-job'}.`);
  }
  const update = deploy.child('update_config');
  if (update && isMap(update.value) && (mode === 'replicated-job' || mode === 'global-job')) {
    out.add('swarm/job-update-config', 'error', update.keySpan(),
      `update_config cannot be used with mode: ${mode}: the engine refuses the service ("Jobs may not have an update config"); remove update_config (a job runs to completion and is never rolled out).`);
  }
}

function checkHealthcheck(svc: Entry, out: Out): void {
  const hc = svc.child('healthcheck');
  if (!hc || !isMap(hc.value)) return;
  const test = hc.child('test');
  const disable = hc.child('disable');
  if (test && disable && disable.scalar?.type === 'boolean' && disable.scalar.value === true) {
    const empty = test.scalar?.type === 'null' || (test.items !== undefined && test.items.length === 0);
    if (!empty) {
      out.add('swarm/test-and-disable', 'error', disable.keySpan(),
        'healthcheck.disable: true cannot be combined with test: docker stack deploy fails ("test and disable can\'t be set at the same time"); remove test to turn the healthcheck off, or remove disable to keep it.');
    }
  }
  const items = test?.items;
  if (!items || items.length < 2) return;
  const first = items[0]!.text;
  if (first === 'CMD-SHELL' && items.length > 2) {
    const words = items.slice(1).map((i) => i.text);
    if (words.some((w) => w === undefined)) return;
    out.add('swarm/hc-shell-split', 'warning', test!.valueSpan(),
      `healthcheck.test: after CMD-SHELL the shell runs only the next item (sh -c "${words[0]}"); the other ${items.length - 2} item(s) become $0, $1… and are lost, so the probe runs without its arguments. Write the command as one string: ["CMD-SHELL", "${words.join(' ')}"], or use CMD with one word per item.`);
  } else if (first === 'CMD') {
    const exe = items[1]!;
    const s = exe.text;
    if (s !== undefined && /\S\s+\S/.test(s.trim())) {
      const parts = s.trim().split(/\s+/);
      out.add('swarm/hc-cmd-one-word', 'warning', exe.valueSpan(),
        `healthcheck.test: with CMD, "${s}" is one word: the daemon looks for a program named exactly that (spaces included), the probe fails and the task turns unhealthy. Split it, one word per item: ["CMD", ${parts.map((p) => JSON.stringify(p)).join(', ')}], or use ["CMD-SHELL", "${s}"].`);
    }
  }
}

function checkEndpoint(svc: Entry, out: Out): void {
  const em = svc.at('deploy', 'endpoint_mode');
  const mode = em?.text?.toLowerCase();
  const ports = svc.child('ports')?.items;
  if (!ports || ports.length === 0) return;
  if (mode === 'dnsrr') {
    const ingress = ports.filter((p) => portMode(p) === 'ingress');
    if (ingress.length > 0) {
      out.add('swarm/dnsrr-ingress', 'error', em!.valueSpan(),
        `endpoint_mode: dnsrr cannot be combined with ports published in ingress mode (${ingress.map(portLabel).slice(0, 3).join(', ')}): the engine refuses the service ("port published with ingress mode can't be used with dnsrr mode"). Publish with mode: host in the long port syntax, or use endpoint_mode: vip.`);
    }
  }
  const hostPorts = ports.filter((p) => portMode(p) === 'host' && isMap(p.value) && p.child('published') && p.child('published')!.scalar?.type !== 'null');
  if (hostPorts.length === 0) return;
  for (const section of ['update_config', 'rollback_config']) {
    const order = svc.at('deploy', section, 'order');
    if (order?.text !== 'start-first') continue;
    out.add('swarm/start-first-host-port', 'warning', order.valueSpan(),
      `${section}.order: start-first starts the new task while the old one still holds host-mode port ${hostPorts.map(portLabel).slice(0, 3).join(', ')}; on a node where the old task runs the new one cannot bind it, so the ${section === 'update_config' ? 'update' : 'rollback'} stalls unless a free node is available. Use order: stop-first, or publish in ingress mode.`);
  }
}

function checkResources(svc: Entry, out: Out): void {
  const res = svc.at('deploy', 'resources');
  if (!res) return;
  const limits = res.child('limits');
  const reservations = res.child('reservations');
  if (!limits || !reservations) return;
  const mem = (e: Entry | undefined) => (e?.text !== undefined ? parseBytes(e.text)?.bytes : undefined);
  const cpu = (e: Entry | undefined) => (e?.text !== undefined ? parseCpus(e.text) : undefined);
  for (const [name, read, unit] of [['memory', mem, ''], ['cpus', cpu, ' CPUs']] as const) {
    const le = limits.child(name);
    const re = reservations.child(name);
    const l = read(le);
    const r = read(re);
    if (l === undefined || r === undefined || l <= 0 || r <= l) continue;
    out.add('swarm/reservation-above-limit', 'warning', re!.valueSpan(),
      `resources.reservations.${name} (${re!.text}${unit}) is above resources.limits.${name} (${le!.text}${unit}): the task waits for a node with ${re!.text}${unit} free, then may use only ${le!.text}${unit}. Lower the reservation to at most the limit (or raise the limit).`);
  }
}

export const crossKeyFamily: RuleFamily = {
  name: 'crossKey',
  check(doc: StackDoc): Finding[] {
    const view = viewOf(doc);
    const out = new Out();
    const index = referenceIndex(view);
    for (const svc of view.services) {
      checkModes(svc, out);
      checkHealthcheck(svc, out);
      checkEndpoint(svc, out);
      checkResources(svc, out);
      checkReferences(svc, index, out);
      checkPlacement(svc, out);
    }
    return out.findings;
  },
};
