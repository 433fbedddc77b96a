// Rollout safety, from the story: a swarm heals a service and rolls it out safely only with a healthcheck, and
// only when update_config watches each new task long enough for that healthcheck to reach a verdict. Engine
// defaults come from the one knowledge model (model/healthcheck.ts, model/deploy.ts), never from a second list.
import { isMap } from '../yamlNodes';
import type { StackDoc } from '../document';
import type { Finding } from '../types';
import { DEPLOY_KEYS, HEALTHCHECK, LATEST_MINOR, minorOf, type KeySpec } from '../model';
import type { RuleFamily } from './rule';
import { modeOf } from './crossKey';
import { Out, viewOf, type Entry } from './stackView';
import { normalizeVersion, parseGoDuration } from './values';

/** The engine default of a model entry, as a number (seconds for durations); `5s (docs say 0s; …)` → 5. */
function defaultOf(spec: KeySpec | undefined, duration: boolean): number {
  const first = (spec?.engineDefault ?? '').split(/\s/)[0] ?? '';
  const n = duration ? parseGoDuration(first) : Number(first);
  if (n === undefined || Number.isNaN(n)) throw new Error(`model has no usable engine default for ${spec?.name ?? '?'}`);
  return n;
}

const HC_KEYS = HEALTHCHECK.mapping!.keys!;
const UPDATE_KEYS = DEPLOY_KEYS.update_config!.value.mapping!.keys!;
const DEFAULTS = {
  interval: defaultOf(HC_KEYS.interval, true),
  timeout: defaultOf(HC_KEYS.timeout, true),
  retries: defaultOf(HC_KEYS.retries, false),
  start_period: defaultOf(HC_KEYS.start_period, true),
  monitor: defaultOf(UPDATE_KEYS.monitor, true),
};

/** Go-style duration text for a number of seconds: 150 → 2m30s, 0.5 → 500ms. */
export function formatDuration(secs: number): string {
  if (secs === 0) return '0s';
  if (secs < 1) return `${Math.round(secs * 1000)}ms`;
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = Math.round((secs % 60) * 1000) / 1000;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}` || '0s';
}

/** How long a failing new task takes to be found unhealthy: start_period + retries × (interval + timeout), in seconds. */
export function verdictTime(startPeriod: number, retries: number, interval: number, timeout: number): number {
  return startPeriod + retries * (interval + timeout);
}

type Health = 'none' | 'disabled' | 'image' | 'file';

/** What healthcheck the service's tasks get: none in the file, disabled, the image's test with file timings, or a test in the file. */
function healthOf(svc: Entry): Health {
  const hc = svc.child('healthcheck');
  if (!hc || !isMap(hc.value)) return 'none';
  const d = hc.child('disable')?.scalar;
  if (d?.type === 'boolean' && d.value === true) return 'disabled';
  const test = hc.child('test');
  if (!test || test.scalar?.type === 'null') return 'image';
  const first = test.items ? test.items[0]?.text : test.text;
  if (first === 'NONE') return 'disabled';
  return 'file';
}

/** A duration key's value in seconds: the engine default when absent, undefined when unknowable or invalid. */
function seconds(e: Entry | undefined, dflt: number): number | undefined {
  if (!e || e.scalar?.type === 'null') return dflt;
  const t = e.text;
  if (t === undefined) return undefined;
  const v = parseGoDuration(t);
  return v === undefined || v < 0 ? undefined : v === 0 ? dflt : v;
}

/** The engine's health timings of a service's healthcheck (each field's default when absent or 0) and the time to a verdict. */
export interface HealthTiming {
  interval: number;
  timeout: number;
  retries: number;
  start: number;
  /** start_period + retries × (interval + timeout): when a failing new task is found unhealthy. */
  need: number;
}

/** Timings of a `healthcheck:` entry (undefined: every field takes its engine default); undefined when some field is unknowable. */
export function healthTiming(hc: Entry | undefined): HealthTiming | undefined {
  const interval = seconds(hc?.child('interval'), DEFAULTS.interval);
  const timeout = seconds(hc?.child('timeout'), DEFAULTS.timeout);
  const start = seconds(hc?.child('start_period'), DEFAULTS.start_period);
  const re = hc?.child('retries');
  let retries: number | undefined = DEFAULTS.retries;
  if (re && re.scalar?.type !== 'null') {
    const r = re.scalar;
    retries = r && (r.type === 'integer' || r.type === 'number') ? Number(r.value) : undefined;
    if (retries !== undefined && retries <= 0) retries = DEFAULTS.retries; // the daemon uses 3 for 0 or less
  }
  if (interval === undefined || timeout === undefined || start === undefined || retries === undefined) return undefined;
  return { interval, timeout, retries, start, need: verdictTime(start, retries, interval, timeout) };
}

/** The monitor the engine uses for an `update_config`/`rollback_config` entry (5s when absent or 0); undefined when unknowable. */
export function monitorOf(update: Entry | undefined): number | undefined {
  return seconds(update?.child('monitor'), DEFAULTS.monitor);
}

export { healthOf, seconds as effectiveSeconds };

function checkMonitor(svc: Entry, update: Entry, out: Out): void {
  const t = healthTiming(svc.child('healthcheck'));
  const monitorEntry = update.child('monitor');
  const monitor = monitorOf(update);
  if (t === undefined || monitor === undefined) return;
  const { interval, timeout, start, retries, need } = t;
  if (monitor >= need) return;
  const f = formatDuration;
  const written = monitorEntry && monitorEntry.scalar?.type !== 'null';
  out.add('rollout/monitor-too-short', 'warning', written ? monitorEntry.valueSpan() : update.keySpan(),
    `update_config.monitor is ${f(monitor)}${written ? '' : ' (the engine default)'}, but a failing new task is found unhealthy only after start_period + retries × (interval + timeout) = ${f(start)} + ${retries} × (${f(interval)} + ${f(timeout)}) = ${f(need)}; the update moves on before the healthcheck can fail it. Set monitor: ${f(need)} or more.`, { monitor: f(need) });
}

/** The file's 3.x minor version (the newest for a version-less file), to offer only keys the file may use. */
function fileMinor(svc: Entry): number {
  const v = svc.view.root?.child('version')?.text;
  const norm = v === undefined ? 'latest' : normalizeVersion(v);
  return norm === 'latest' ? LATEST_MINOR : minorOf(norm) ?? LATEST_MINOR;
}

const ROLLBACK_CONFIG_SINCE = DEPLOY_KEYS.rollback_config!.since;

/**
 * failure_action: rollback without rollback_config: the rollback itself then runs with the engine defaults (one
 * task at a time, stop-first, monitor 5s, failure_action pause), which rarely fit the healthcheck the update needed.
 */
function checkRollbackConfig(svc: Entry, update: Entry, out: Out): void {
  const deploy = svc.child('deploy');
  if (!deploy || deploy.child('rollback_config') || fileMinor(svc) < ROLLBACK_CONFIG_SINCE) return;
  const t = healthTiming(svc.child('healthcheck'));
  if (!t) return;
  const monitor = formatDuration(Math.max(t.need, DEFAULTS.monitor));
  const order = update.child('order')?.text;
  out.add('rollout/no-rollback-config', 'information', update.child('failure_action')!.valueSpan(),
    `failure_action: rollback without a rollback_config: the rollback itself runs with the engine defaults (parallelism 1, order stop-first, monitor 5s, failure_action pause), so a rollback can take the service down or stop half-way. Add rollback_config with monitor: ${monitor}${order === 'start-first' ? ' and order: start-first' : ''}.`,
    { monitor, order: order === 'start-first' ? order : undefined });
}

function checkService(svc: Entry, out: Out): void {
  const mode = modeOf(svc);
  if (mode === undefined || mode.endsWith('-job')) return;
  const health = healthOf(svc);
  // Only services written for a swarm (with deploy:) get the advice: a bare compose-style service stays quiet.
  if (mode === 'replicated' && health === 'none' && svc.child('deploy')) {
    out.add('rollout/no-healthcheck', 'information', svc.keySpan(),
      `Service ${svc.name} has no healthcheck: the swarm cannot tell a broken task from a working one, so it cannot replace it, and a rolling update moves on before the new version works. Add healthcheck: with test, interval, timeout, retries and start_period (unless the image defines a HEALTHCHECK, which applies when the file has none).`);
  }
  const update = svc.at('deploy', 'update_config');
  if (!update || !isMap(update.value)) return;
  if (health === 'file') checkMonitor(svc, update, out);
  const fa = update.child('failure_action');
  if (fa?.text === 'rollback' && (health === 'none' || health === 'disabled')) {
    out.add('rollout/rollback-without-healthcheck', 'information', fa.valueSpan(), health === 'none'
      ? `update_config.failure_action: rollback without a healthcheck in the file: only tasks that exit count as failures, so a new version that runs but does not work is never rolled back (unless the image defines a HEALTHCHECK). Add healthcheck: to service ${svc.name}.`
      : `update_config.failure_action: rollback while the healthcheck is disabled: only tasks that exit count as failures, so a new version that runs but does not work is never rolled back. Enable a healthcheck for service ${svc.name}.`);
  }
  if (fa?.text === 'rollback' && health === 'file') checkRollbackConfig(svc, update, out);
  const par = update.child('parallelism');
  const p = par?.scalar;
  if (par && p?.type === 'integer' && p.value === 0) {
    out.add('rollout/parallelism-all', 'information', par.valueSpan(),
      `update_config.parallelism: 0 replaces all tasks at once${update.child('order')?.text === 'start-first' ? '' : ' (with the default order stop-first, the whole service is down during the update)'}, and a bad version reaches every task before monitor can catch it. Use 1 (the default) or a small part of the replicas.`);
  }
}

export const rolloutFamily: RuleFamily = {
  name: 'rollout',
  check(doc: StackDoc): Finding[] {
    const out = new Out();
    for (const svc of viewOf(doc).services) checkService(svc, out);
    return out.findings;
  },
};
