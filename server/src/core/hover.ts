// Hover on any key or value: what it does, the default the engine really applies, the value the engine uses
// here, Docker's docs; on healthcheck and update_config the time to detect a failing new task and an estimate
// of the rollout. Everything comes from the knowledge model and the rollout rule's computation.
import type { StackDoc } from './document';
import { DEPLOY_KEYS, minorOf, specAt, type KeySpec, type MappingSpec, type ValueSpec } from './model';
import { tokenAt } from './position';
import { effectiveSeconds, formatDuration, healthOf, healthTiming, monitorOf } from './rules/rollout';
import { viewOf, type Entry, type StackView } from './rules/stackView';
import { normalizeVersion, parseGoDuration } from './rules/values';

export interface HoverResult {
  markdown: string;
  start: number;
  end: number;
}

/** A short type description: `duration`, `pause | continue | rollback`, `mapping`… */
export function typeLabel(v: ValueSpec): string {
  if (v.enum) return v.enum.values.join(' | ');
  const parts: string[] = [];
  if (v.format === 'duration') parts.push('duration');
  else if (v.format === 'bytes') parts.push('byte size');
  else if (v.format === 'cpus') parts.push('CPUs (string)');
  else if (v.format === 'hc-test') parts.push('command');
  else for (const s of v.scalars ?? []) if (s !== 'null') parts.push(s);
  if (v.mapping) parts.push('mapping');
  if (v.list) parts.push('list');
  return parts.join(' | ') || 'any';
}

/** The markdown every key shows in completion and hover: docs, type, engine default, version, triage, link. */
export function describeKey(spec: KeySpec): string {
  const lines = [spec.doc, ''];
  const facts = [`Type: \`${typeLabel(spec.value)}\``];
  if (spec.engineDefault) facts.push(`Engine default: \`${spec.engineDefault.split(' ')[0]}\`${defaultNote(spec.engineDefault)}`);
  if (spec.since > 0) facts.push(`Needs \`version: "3.${spec.since}"\` or later`);
  lines.push(facts.join('  \n'));
  if (spec.triage && spec.triage.kind !== 'supported') lines.push('', `⚠️ docker stack deploy: ${spec.triage.fix}`);
  lines.push('', `[Docker docs: ${spec.name}](${spec.link})`);
  return lines.join('\n');
}

function defaultNote(d: string): string {
  const i = d.indexOf(' ');
  return i < 0 ? '' : ` ${d.slice(i + 1)}`;
}

/** The file's 3.x minor (undefined: version-less, `3`, or unknowable: the newest). */
export function fileMinor(view: StackView): number | undefined {
  const v = view.root?.child('version')?.text;
  if (v === undefined) return undefined;
  const n = normalizeVersion(v);
  return n === 'latest' ? undefined : minorOf(n);
}

/** The view entry at a mapping-key path; undefined through list items or missing keys. */
export function entryAt(view: StackView, path: readonly string[]): Entry | undefined {
  let e = view.root;
  for (const seg of path) {
    if (!e || seg === '[]') return undefined;
    e = e.child(seg);
  }
  return e;
}

const f = formatDuration;

/** Written value of an entry as shown in a hover. */
function shown(e: Entry): string {
  const s = e.scalar;
  if (!s) return e.items ? 'a list' : 'a mapping';
  if (s.type === 'null') return 'empty';
  return `\`${String(s.value)}\``;
}

/** The table of a mapping's settings: each key the model gives a default, with the value the engine uses. */
function effectiveTable(spec: MappingSpec, entry: Entry | undefined, minor: number | undefined, special: (k: string) => string | undefined): string[] {
  const rows = ['| key | here | engine default |', '|---|---|---|'];
  for (const k of Object.values(spec.keys ?? {})) {
    if (k.inSchema === false || (minor !== undefined && k.since > minor)) continue;
    const e = entry?.child(k.name);
    if (!e && !k.engineDefault) continue;
    const here = special(k.name) ?? (e ? shown(e) : 'not set');
    rows.push(`| ${k.name} | ${here} | ${k.engineDefault ? `\`${k.engineDefault.split(' ')[0]}\`` : ''} |`);
  }
  return rows.length > 2 ? rows : [];
}

/** Time to detect a failing new task, and an estimate of the rollout of the service. */
export function rolloutFacts(svc: Entry): string[] {
  const out: string[] = [];
  const health = healthOf(svc);
  const update = svc.at('deploy', 'update_config');
  const monitor = monitorOf(update);
  const t = health === 'file' ? healthTiming(svc.child('healthcheck')) : undefined;
  if (health === 'none') out.push('**Failure detection:** no healthcheck in the file (the image\'s HEALTHCHECK applies if it has one): only a task that exits counts as failed.');
  else if (health === 'disabled') out.push('**Failure detection:** the healthcheck is disabled: only a task that exits counts as failed.');
  else if (health === 'image') out.push('**Failure detection:** the image\'s HEALTHCHECK test with the timings written here.');
  if (t) {
    out.push(`**Time to detect a failing new task:** start_period + retries × (interval + timeout) = ${f(t.start)} + ${t.retries} × (${f(t.interval)} + ${f(t.timeout)}) = **${f(t.need)}**.`);
    if (monitor !== undefined) {
      out.push(monitor >= t.need
        ? `update_config.monitor ${f(monitor)} covers it: a new task that turns unhealthy fails the update.`
        : `⚠️ update_config.monitor is only ${f(monitor)}: the update moves on before the healthcheck can fail a new task. Use monitor: ${f(t.need)} or more.`);
    }
  }
  const mode = svc.at('deploy', 'mode')?.text ?? 'replicated';
  const p = update?.child('parallelism')?.scalar;
  const parallelism = p?.type === 'integer' ? Number(p.value) : p === undefined || p.type === 'null' ? Number(keyDefault('parallelism')) : undefined;
  const delay = effectiveSeconds(update?.child('delay'), parseGoDuration(keyDefault('delay')) ?? 0);
  if (mode === 'replicated' && parallelism !== undefined && delay !== undefined && monitor !== undefined) {
    const r = svc.at('deploy', 'replicas')?.scalar;
    const replicas = r?.type === 'integer' ? Number(r.value) : r === undefined || r.type === 'null' ? Number(DEPLOY_KEYS.replicas!.engineDefault) : undefined;
    if (replicas !== undefined && replicas > 0) {
      const per = parallelism === 0 ? replicas : Math.min(parallelism, replicas);
      const batches = Math.ceil(replicas / per);
      const ready = t ? t.interval : 0;
      // Each batch: new tasks start and turn healthy (≈ the first passing probe), then the delay; the update
      // completes once the last batch has been watched for monitor (delay+1s when delay ≥ monitor).
      const tail = delay >= monitor ? 1 : monitor - delay;
      const total = batches * (ready + delay) + tail;
      const readyText = t ? `≈ ${f(ready)} to healthy + ` : '';
      out.push(`**Rollout estimate:** ${replicas} replica${replicas === 1 ? '' : 's'} ÷ parallelism ${parallelism === 0 ? '0 (all)' : parallelism} = ${batches} batch${batches === 1 ? '' : 'es'} × (${readyText}${f(delay)} delay) + monitor ${f(monitor)} on the last ≈ **${f(total)}**, plus image pull and container start.`);
    }
  } else if (mode === 'global') {
    out.push(`**Rollout:** global service: ${parallelism === 0 ? 'every node at once' : `${parallelism ?? '?'} node(s) at a time`}, each watched for monitor ${monitor === undefined ? '?' : f(monitor)}.`);
  }
  return out;
}

function keyDefault(name: string): string {
  return (DEPLOY_KEYS.update_config!.value.mapping!.keys![name]!.engineDefault ?? '').split(' ')[0]!;
}

/** The hover at an offset, or undefined where there is nothing to say. */
export function hover(doc: StackDoc, offset: number): HoverResult | undefined {
  const tok = tokenAt(doc.text, offset);
  if (!tok) return undefined;
  const view = viewOf(doc);
  const keyPath = tok.path[tok.path.length - 1] === '[]' ? tok.path.slice(0, -1) : tok.path;
  const { key, value } = specAt(tok.path);
  const out: string[] = [];
  // A service's name: its rollout facts.
  if (!key && tok.kind === 'key' && tok.path.length === 2 && tok.path[0] === 'services') {
    const svc = entryAt(view, tok.path);
    if (!svc) return undefined;
    out.push(`**service ${tok.path[1]}** — the swarm service \`<stack>_${tok.path[1]}\``, '', ...rolloutFacts(svc).flatMap((l) => [l, '']));
    return { markdown: out.join('\n').trim(), start: tok.span[0], end: tok.span[1] };
  }
  const spec = key ?? (keyPath.length ? specAt(keyPath).key : undefined);
  if (!spec) return undefined;
  const minor = fileMinor(view);
  const where = keyPath.filter((s, i) => i >= 2 || (i === 0 && s !== 'services')).join(' › ');
  out.push(`**${spec.name}**${where && where !== spec.name ? ` — ${where}` : ''}`, '');
  if (tok.kind === 'value' && tok.text !== undefined) {
    const v = value ?? spec.value;
    if (v.enum) {
      const ok = v.enum.values.includes(v.enum.caseInsensitive ? tok.text.toLowerCase() : tok.text);
      const mis = v.enum.misleading?.[tok.text];
      out.push(ok ? `\`${tok.text}\` — one of ${v.enum.values.map((x) => `\`${x}\``).join(', ')}.` : mis ? `⚠️ \`${tok.text}\`: ${mis}.` : `\`${tok.text}\` is not one of ${v.enum.values.map((x) => `\`${x}\``).join(', ')}.`, '');
    }
  }
  out.push(describeKey(spec));
  // The value the engine uses here.
  const parentPath = keyPath.slice(0, -1);
  const here = hereLine(view, keyPath, parentPath, spec);
  if (here) out.splice(2, 0, here, '');
  // Mapping keys: the settings the engine will use.
  const svcEntry = keyPath[0] === 'services' && keyPath.length >= 2 ? entryAt(view, keyPath.slice(0, 2)) : undefined;
  if (tok.kind === 'key' && spec.value.mapping?.keys) {
    const entry = entryAt(view, keyPath);
    const special = (k: string): string | undefined => {
      if (spec.name === 'healthcheck' && svcEntry && ['interval', 'timeout', 'retries', 'start_period'].includes(k)) {
        const t = healthTiming(entry);
        if (!t) return undefined;
        const v = k === 'retries' ? String(t.retries) : f(k === 'start_period' ? t.start : t[k as 'interval' | 'timeout']);
        return entry?.child(k) ? `\`${v}\`` : `\`${v}\` (default)`;
      }
      if (k === 'monitor' && (spec.name === 'update_config' || spec.name === 'rollback_config')) {
        const m = monitorOf(entry);
        return m === undefined ? undefined : entry?.child('monitor') ? `\`${f(m)}\`` : `\`${f(m)}\` (default)`;
      }
      const e = entry?.child(k);
      const d = spec.value.mapping!.keys![k]?.engineDefault?.split(' ')[0];
      if (!e) return d ? `\`${d}\` (default)` : 'not set';
      return undefined;
    };
    const table = effectiveTable(spec.value.mapping, entry, minor, special);
    if (table.length) out.push('', '**What the engine uses here:**', '', ...table);
  }
  if (svcEntry && (spec.name === 'healthcheck' || spec.name === 'update_config') && keyPath.length <= 4) {
    const facts = rolloutFacts(svcEntry);
    if (facts.length) out.push('', ...facts.flatMap((l) => [l, '']));
  }
  return { markdown: out.join('\n').trim(), start: tok.span[0], end: tok.span[1] };
}

/** "Here: …" for a scalar key: the written value, or what the engine makes of an empty or zero one. */
function hereLine(view: StackView, keyPath: string[], parentPath: string[], spec: KeySpec): string | undefined {
  if (spec.value.mapping && !spec.value.scalars?.some((s) => s !== 'null')) return undefined;
  const parent = entryAt(view, parentPath);
  const e = parent?.child(spec.name);
  if (!e) return undefined;
  const isHc = parentPath[parentPath.length - 1] === 'healthcheck';
  if (isHc && ['interval', 'timeout', 'retries', 'start_period'].includes(spec.name)) {
    const t = healthTiming(parent);
    if (t) {
      const v = spec.name === 'retries' ? String(t.retries) : f(spec.name === 'start_period' ? t.start : t[spec.name as 'interval' | 'timeout']);
      return `**Here:** the engine uses \`${v}\`${e.scalar?.type === 'null' || shown(e) !== `\`${v}\`` ? ` (written ${shown(e)})` : ''}.`;
    }
  }
  if (spec.name === 'monitor' && (parentPath[parentPath.length - 1] === 'update_config' || parentPath[parentPath.length - 1] === 'rollback_config')) {
    const m = monitorOf(parent);
    if (m !== undefined) return `**Here:** the engine uses \`${f(m)}\`${shown(e) !== `\`${f(m)}\`` ? ` (written ${shown(e)})` : ''}.`;
  }
  if (e.interpolated) return '**Here:** set from a `${…}` variable at deploy time.';
  if (e.scalar?.type === 'null') return `**Here:** empty: the engine uses ${spec.engineDefault ? `\`${spec.engineDefault.split(' ')[0]}\`` : 'its default'}.`;
  void keyPath;
  return e.scalar ? `**Here:** ${shown(e)}.` : undefined;
}
