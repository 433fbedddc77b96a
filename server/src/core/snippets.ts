// Whole-block snippets that validate clean and roll out safely: a rolling update with automatic rollback whose
// monitor covers the service's healthcheck, a healthcheck in ["CMD", …] form, resources, a placement constraint.
// Bodies use LSP snippet syntax; keys the file's version does not know yet are left out (read from the model).
import { lookup } from './model';
import { formatDuration, healthOf, healthTiming } from './rules/rollout';
import type { Entry } from './rules/stackView';

export type SnippetLevel = 'service' | 'deploy';

export interface Snippet {
  /** Shown in the completion list. */
  label: string;
  /** The top key the snippet writes (not offered when the key is present). */
  key: string;
  /** One line for the completion detail. */
  detail: string;
  /** Markdown: why it is safe. */
  doc: string;
  /** The body in LSP snippet syntax, indented for `column` with `unit`, the first line without indentation. */
  body: string;
}

export interface SnippetContext {
  level: SnippetLevel;
  /** The service the snippet goes into (its healthcheck decides the monitor). */
  service?: Entry;
  /** 3.x minor of the file (undefined: the newest). */
  minor?: number;
  column: number;
  unit: number;
}

/** [depth, key path below the service (for the version check), text] */
type Line = [number, string[], string];

function render(lines: Line[], ctx: SnippetContext, base: string[]): string {
  const out: string[] = [];
  let skipBelow = Infinity; // a left-out key takes the lines nested under it along
  for (const [depth, rel, text] of lines) {
    if (depth > skipBelow) continue;
    skipBelow = Infinity;
    const spec = lookup(['services', 'svc', ...base, ...rel]);
    if (spec && ctx.minor !== undefined && spec.since > ctx.minor) {
      skipBelow = depth;
      continue;
    }
    out.push(out.length === 0 ? text : ' '.repeat(ctx.column + depth * ctx.unit) + text);
  }
  return out.join('\n');
}

/** The rolling-update lines under `deploy:` (depth 0 = update_config). */
function rollingLines(monitor: string, first: number): Line[] {
  let n = first;
  const ph = (d: string) => `\${${n++}:${d}}`;
  return [
    [0, ['update_config'], 'update_config:'],
    [1, ['update_config', 'parallelism'], `parallelism: ${ph('1')}`],
    [1, ['update_config', 'delay'], `delay: ${ph('10s')}`],
    [1, ['update_config', 'order'], `order: \${${n++}|stop-first,start-first|}`],
    [1, ['update_config', 'failure_action'], 'failure_action: rollback'],
    [1, ['update_config', 'monitor'], `monitor: ${ph(monitor)}`],
    [0, ['rollback_config'], 'rollback_config:'],
    [1, ['rollback_config', 'parallelism'], 'parallelism: 1'],
    [1, ['rollback_config', 'order'], 'order: stop-first'],
    [1, ['rollback_config', 'failure_action'], 'failure_action: pause'],
    [1, ['rollback_config', 'monitor'], `monitor: ${monitor}`],
  ];
}

/** The monitor that covers the service's healthcheck: its time to a verdict (engine defaults where unset). */
export function safeMonitor(service: Entry | undefined): { seconds: number; why: string } {
  const health = service ? healthOf(service) : 'none';
  const t = health === 'file' ? healthTiming(service!.child('healthcheck')) : undefined;
  const timing = t ?? healthTiming(undefined)!;
  const f = formatDuration;
  const formula = `start_period + retries × (interval + timeout) = ${f(timing.start)} + ${timing.retries} × (${f(timing.interval)} + ${f(timing.timeout)}) = ${f(timing.need)}`;
  const why = t
    ? `monitor covers this service's healthcheck: ${formula}.`
    : `This service has no healthcheck in the file: monitor covers the engine's default timings (for an image HEALTHCHECK): ${formula}. Add a healthcheck so a task that runs but does not work counts as failed.`;
  return { seconds: timing.need, why };
}

function healthcheckLines(): Line[] {
  return [
    [0, ['healthcheck'], 'healthcheck:'],
    [1, ['healthcheck', 'test'], 'test: ["CMD", "${1:curl}", "${2:-f}", "${3:http://localhost/}"]'],
    [1, ['healthcheck', 'interval'], 'interval: ${4:10s}'],
    [1, ['healthcheck', 'timeout'], 'timeout: ${5:3s}'],
    [1, ['healthcheck', 'retries'], 'retries: ${6:3}'],
    [1, ['healthcheck', 'start_period'], 'start_period: ${7:10s}'],
  ];
}

/** The snippets offered at a service or under its `deploy:`, minus those whose key is present. */
export function snippetsFor(ctx: SnippetContext, present: ReadonlySet<string>): Snippet[] {
  const out: Snippet[] = [];
  const mon = safeMonitor(ctx.service);
  const monitor = formatDuration(Math.max(mon.seconds, 5));
  const rollDoc = `Rolling update one task at a time; a task that fails within monitor rolls the whole service back to its previous spec; a failing rollback pauses.\n\n${mon.why}`;
  if (ctx.level === 'service') {
    if (!present.has('healthcheck')) {
      out.push({
        label: 'healthcheck (CMD form)', key: 'healthcheck', detail: 'healthcheck: test ["CMD", …], interval, timeout, retries, start_period',
        doc: 'A probe in exec form (no shell needed in the image). A failing new task is found unhealthy after start_period + retries × (interval + timeout) = 10s + 3 × (10s + 3s) = 49s: give update_config.monitor at least that.',
        body: render(healthcheckLines(), ctx, []),
      });
    }
    if (!present.has('deploy')) {
      const lines: Line[] = [
        [0, ['deploy'], 'deploy:'],
        [1, ['deploy', 'replicas'], 'replicas: ${1:2}'],
        ...rollingLines(monitor, 2).map(([d, p, t]): Line => [d + 1, ['deploy', ...p], t]),
      ];
      out.push({
        label: 'deploy: rolling update with automatic rollback', key: 'deploy',
        detail: `deploy: replicas, update_config (failure_action: rollback, monitor: ${monitor}), rollback_config`, doc: rollDoc,
        body: render(lines, ctx, []),
      });
    }
  } else {
    if (!present.has('update_config') && !present.has('rollback_config')) {
      out.push({
        label: 'rolling update with automatic rollback', key: 'update_config',
        detail: `update_config (failure_action: rollback, monitor: ${monitor}) + rollback_config`, doc: rollDoc,
        body: render(rollingLines(monitor, 1), ctx, ['deploy']),
      });
    }
    if (!present.has('resources')) {
      out.push({
        label: 'resources: limits and reservations', key: 'resources', detail: 'resources: limits (cpus, memory), reservations (cpus, memory)',
        doc: 'Caps each task (limits) and lets the scheduler place it only where the reservation fits. CPUs are quoted strings; memory takes a unit.',
        body: render([
          [0, ['resources'], 'resources:'],
          [1, ['resources', 'limits'], 'limits:'],
          [2, ['resources', 'limits', 'cpus'], "cpus: '${1:0.50}'"],
          [2, ['resources', 'limits', 'memory'], 'memory: ${2:256M}'],
          [1, ['resources', 'reservations'], 'reservations:'],
          [2, ['resources', 'reservations', 'cpus'], "cpus: '${3:0.25}'"],
          [2, ['resources', 'reservations', 'memory'], 'memory: ${4:128M}'],
        ], ctx, ['deploy']),
      });
    }
    if (!present.has('placement')) {
      out.push({
        label: 'placement constraint', key: 'placement', detail: 'placement: constraints: [node.role == worker]',
        doc: 'Runs the tasks only on nodes that match. `node.role == worker` keeps them off the managers.',
        body: render([
          [0, ['placement'], 'placement:'],
          [1, ['placement', 'constraints'], 'constraints:'],
          [2, ['placement', 'constraints', '[]'], '- node.role == ${1|worker,manager|}'],
        ], ctx, ['deploy']),
      });
    }
  }
  return out;
}

/**
 * The text a snippet body produces: each placeholder takes `values[n]` or its default (the first choice),
 * tab stops become empty. Used for clients without snippet support, for previews and by the tests.
 */
export function expandSnippet(body: string, values: Readonly<Record<number, string>> = {}): string {
  return body
    .replace(/\$\{(\d+):((?:[^}\\]|\\.)*)\}/g, (_, n: string, d: string) => values[Number(n)] ?? d.replace(/\\(.)/g, '$1'))
    .replace(/\$\{(\d+)\|([^|]*)\|\}/g, (_, n: string, choices: string) => values[Number(n)] ?? choices.split(',')[0]!)
    .replace(/\$\{(\d+)\}|\$(\d+)/g, (_, a: string | undefined, b: string | undefined) => values[Number(a ?? b)] ?? '');
}
