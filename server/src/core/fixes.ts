// Quick fixes: (document, finding) → zero or more text edits, computed from the finding's code, its position,
// the structured data the rule attached, and the one knowledge model (triage `moveTo`, specs, defaults). No
// second list of keys lives here. Edits that add keys follow the file's own indentation and line endings and
// give up (no fix) where the YAML is not plain block style (flow mappings, aliases, merges).
import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { StackDoc } from './document';
import type { Finding } from './types';
import { LATEST_MINOR, lookup, minorOf, type KeySpec, type ValueSpec } from './model';
import { formatDuration, verdictTime } from './rules/rollout';
import { normalizeVersion, parseGoDuration, resolvePlain } from './rules/values';

export interface FixEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: FixEdit[];
  isPreferred?: boolean;
}

/** The healthcheck a fix adds: short enough to find a broken task quickly, long enough for a slow start. */
const NEW_HEALTHCHECK = { interval: '10s', timeout: '3s', retries: 3, start_period: '10s' } as const;

/** Every fix for one finding; [] when there is none or the YAML around it is not safe to edit. */
export function fixesFor(doc: StackDoc, f: Finding): Fix[] {
  const ctx = new FixContext(doc);
  const out = (() => {
    switch (f.code) {
      case 'schema/unknown-key':
      case 'schema/enum':
      case 'schema/duration':
      case 'schema/type':
        return ctx.replaceWithSuggestion(f);
      case 'stack/ignored':
      case 'stack/deprecated':
      case 'stack/forbidden':
      case 'stack/compose-only':
        return ctx.triageFixes(f);
      case 'swarm/replicas-with-global':
        return ctx.replicasWithGlobal(f);
      case 'rollout/monitor-too-short':
        return ctx.monitorTooShort(f);
      case 'rollout/no-healthcheck':
      case 'rollout/rollback-without-healthcheck':
        return ctx.addHealthcheck(f);
      case 'rollout/no-rollback-config':
        return ctx.addRollbackConfig(f);
      default:
        return [];
    }
  })();
  return out.filter((fix) => fix.edits.length > 0).map((fix) => ({ ...fix, edits: normalizeEdits(fix.edits) }));
}

/** Applies non-overlapping edits (offsets into the original text). */
export function applyEdits(text: string, edits: readonly FixEdit[]): string {
  const sorted = normalizeEdits(edits);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/** Sorted by offset; insertions at the same offset are joined in the order given (editors differ on that order). */
function normalizeEdits(edits: readonly FixEdit[]): FixEdit[] {
  const ins = (e: FixEdit) => (e.start === e.end ? 0 : 1);
  // At one offset, insertions go before a deletion that starts there (the inserted text survives it).
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || ins(a.e) - ins(b.e) || a.i - b.i).map((x) => x.e);
  const out: FixEdit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && last.start === last.end && e.start === last.start) {
      out[out.length - 1] = { start: last.start, end: e.end, newText: last.newText + e.newText };
    } else if (last && e.start < last.end) {
      throw new Error(`overlapping fix edits at ${e.start}`);
    } else out.push({ ...e });
  }
  return out;
}

/** Where an offset lies: the chain of mapping pairs (and list items) from the root down to it. */
interface Hit {
  /** Key names from the root; list items as `[]`. */
  path: string[];
  /** The mapping pairs passed through, outermost first (list items are skipped). */
  pairs: Array<{ map: YAMLMap; pair: Pair }>;
  /** True when the offset is on the last pair's key; false when on its scalar value. */
  onKey: boolean;
}

class FixContext {
  private readonly text: string;
  private readonly eol: string;
  private unitCache: number | undefined;

  constructor(private readonly doc: StackDoc) {
    this.text = doc.text;
    this.eol = this.text.includes('\r\n') ? '\r\n' : '\n';
  }

  // ---- the fixes ----------------------------------------------------------------------------------------------

  /** A typo in a key or value, or a duration without its unit: the single suggestion the rule computed. */
  replaceWithSuggestion(f: Finding): Fix[] {
    const replace = dataString(f, 'replace');
    if (replace === undefined) return [];
    const orig = this.text.slice(f.start, f.end);
    const q = orig[0];
    const quoted = (q === '"' || q === "'") && orig.length >= 2 && orig[orig.length - 1] === q;
    let newText = quoted ? `${q}${replace}${q}` : replace;
    // A plain word that YAML 1.1 would read as something else (`on`, `1.5`) keeps its string type with quotes.
    if (!quoted && resolvePlain(replace).type !== 'string') newText = `"${replace}"`;
    return [{ title: `Change to ${replace}`, edits: [{ start: f.start, end: f.end, newText }], isPreferred: true }];
  }

  /** Keys stack deploy ignores or refuses: move them where a swarm reads them, or remove them. */
  triageFixes(f: Finding): Fix[] {
    const hit = this.hit(f.start);
    if (!hit || !hit.onKey) return [];
    const { pair, map } = hit.pairs[hit.pairs.length - 1]!;
    if (!sameSpan(pair.key as Node, f)) return [];
    const name = hit.path[hit.path.length - 1]!;
    const spec: KeySpec | undefined = lookup(hit.path);
    const triage = spec?.triage;
    if (!triage) return [];
    const removal = this.removePair(map, pair);
    if (!removal) return [];
    const fixes: Fix[] = [];
    const service = this.serviceOf(hit);
    if (triage.moveTo && service) {
      const move = this.moveFix(name, pair, removal, service, triage.moveTo, triage.moveValues);
      if (move) fixes.push(move);
    }
    const removable = f.code === 'stack/ignored' || f.code === 'stack/deprecated' || /^remove it\b/.test(triage.fix);
    if (removable) {
      const why = f.code === 'stack/ignored' || f.code === 'stack/deprecated' ? 'docker stack deploy ignores it' : 'docker stack deploy refuses it';
      fixes.push({ title: `Remove ${name} (${why})`, edits: [removal], isPreferred: fixes.length === 0 });
    }
    return fixes;
  }

  /** `mode: global` with `replicas`: drop replicas, or switch the mode to the replicated variant. */
  replicasWithGlobal(f: Finding): Fix[] {
    const hit = this.hit(f.start);
    if (!hit || !hit.onKey) return [];
    const { pair, map } = hit.pairs[hit.pairs.length - 1]!;
    if (!sameSpan(pair.key as Node, f)) return [];
    const fixes: Fix[] = [];
    const removal = this.removePair(map, pair);
    if (removal) fixes.push({ title: 'Remove replicas (a global service runs one task per node)', edits: [removal], isPreferred: true });
    const mode = findPair(map, 'mode');
    const mv = mode?.value;
    if (isScalar(mv) && mv.range && typeof mv.value === 'string') {
      const to = mv.value === 'global-job' ? 'replicated-job' : 'replicated';
      fixes.push({ title: `Change mode to ${to} (keep replicas)`, edits: [{ start: mv.range[0], end: this.valueEnd(mv), newText: to }] });
    }
    return fixes;
  }

  /** monitor shorter than the healthcheck needs: set it to the computed value (and give rollbacks the same). */
  monitorTooShort(f: Finding): Fix[] {
    const monitor = dataString(f, 'monitor');
    if (monitor === undefined) return [];
    const hit = this.hit(f.start);
    if (!hit) return [];
    let update: YAMLMap | undefined;
    let setMonitor: FixEdit | undefined;
    const last = hit.pairs[hit.pairs.length - 1]!;
    const name = hit.path[hit.path.length - 1];
    if (!hit.onKey && name === 'monitor' && hit.path[hit.path.length - 2] === 'update_config') {
      const v = last.pair.value;
      if (!isScalar(v) || !v.range) return [];
      update = last.map;
      setMonitor = { start: v.range[0], end: this.valueEnd(v), newText: monitor };
    } else if (hit.onKey && name === 'update_config' && isMap(last.pair.value)) {
      update = last.pair.value;
      setMonitor = this.insertPath(update, ['monitor'], monitor);
    }
    if (!update || !setMonitor) return [];
    const fixes: Fix[] = [{ title: `Set update_config.monitor to ${monitor}`, edits: [setMonitor], isPreferred: true }];
    // The rollback watches its tasks with rollback_config.monitor: a file without rollback_config gets one that fits too.
    const deploy = hit.pairs.find((p) => (p.pair.key as Scalar).value === 'deploy');
    const deployMap = deploy?.pair.value;
    if (isMap(deployMap) && !findPair(deployMap, 'rollback_config') && this.minor() >= (lookup(['services', 'service', 'deploy', 'rollback_config'])?.since ?? 0)) {
      const lines = ['parallelism: 1', 'failure_action: pause', `monitor: ${monitor}`];
      const add = this.insertPath(deployMap, ['rollback_config'], lines);
      if (add) fixes.push({ title: `Set update_config.monitor to ${monitor} and add a rollback_config with the same monitor`, edits: [setMonitor, add] });
    }
    return fixes;
  }

  /** failure_action: rollback without rollback_config: add one whose monitor fits the healthcheck (from the finding). */
  addRollbackConfig(f: Finding): Fix[] {
    const monitor = dataString(f, 'monitor');
    const hit = this.hit(f.start);
    if (monitor === undefined || !hit) return [];
    const deploy = hit.pairs.find((p) => (p.pair.key as Scalar).value === 'deploy');
    const deployMap = deploy?.pair.value;
    if (!isMap(deployMap) || findPair(deployMap, 'rollback_config')) return [];
    const order = dataString(f, 'order');
    const lines = ['parallelism: 1', ...(order ? [`order: ${order}`] : []), 'failure_action: pause', `monitor: ${monitor}`];
    const add = this.insertPath(deployMap, ['rollback_config'], lines);
    return add ? [{ title: `Add a rollback_config (monitor ${monitor}${order ? `, ${order}` : ''})`, edits: [add], isPreferred: true }] : [];
  }

  /** A service without a healthcheck gets one (with monitor raised to fit it when the service has update_config). */
  addHealthcheck(f: Finding): Fix[] {
    const hit = this.hit(f.start);
    if (!hit) return [];
    const service = this.serviceOf(hit);
    if (!service || findPair(service.map, 'healthcheck')) return [];
    const hc = NEW_HEALTHCHECK;
    const withStart = this.minor() >= (lookup(['services', 'service', 'healthcheck', 'start_period'])?.since ?? 0);
    const port = targetPort(findPair(service.map, 'ports')?.value ?? null) ?? 80;
    const lines = [
      `test: ["CMD-SHELL", "wget -qO- http://localhost:${port}/ || exit 1"]`,
      `interval: ${hc.interval}`,
      `timeout: ${hc.timeout}`,
      `retries: ${hc.retries}`,
      ...(withStart ? [`start_period: ${hc.start_period}`] : []),
    ];
    const add = this.insertPath(service.map, ['healthcheck'], lines);
    if (!add) return [];
    const edits: FixEdit[] = [];
    // With update_config, the new healthcheck needs a monitor that lets it reach a verdict.
    const deploy = findPair(service.map, 'deploy')?.value;
    const update = isMap(deploy) ? findPair(deploy, 'update_config') : undefined;
    if (update && isMap(update.value)) {
      const need = verdictTime(withStart ? parseGoDuration(hc.start_period)! : 0, hc.retries, parseGoDuration(hc.interval)!, parseGoDuration(hc.timeout)!);
      const m = findPair(update.value, 'monitor');
      const mv = m?.value;
      if (!m) {
        const edit = this.insertPath(update.value, ['monitor'], formatDuration(need));
        if (!edit) return [];
        edits.push(edit);
      } else if (isScalar(mv) && mv.range && mv.range[1] > mv.range[0] && typeof mv.value === 'string') {
        // 0 means the engine default (5s); an unknowable `${…}` value is left alone, as the rollout rule leaves it.
        const current = parseGoDuration(mv.value);
        if (current !== undefined && current < need) edits.push({ start: mv.range[0], end: this.valueEnd(mv), newText: formatDuration(need) });
      }
      // An automatic rollback that the new healthcheck now makes possible needs its own config to be safe.
      const fa = findPair(update.value, 'failure_action')?.value;
      if (isScalar(fa) && fa.value === 'rollback' && isMap(deploy) && !findPair(deploy, 'rollback_config')
        && this.minor() >= (lookup(['services', 'service', 'deploy', 'rollback_config'])?.since ?? 0)) {
        const rc = this.insertPath(deploy, ['rollback_config'], ['parallelism: 1', 'failure_action: pause', `monitor: ${formatDuration(Math.max(need, 5))}`]);
        if (rc) edits.push(rc);
      }
    }
    const monitorSet = edits.length > 0;
    edits.push(add);
    return [{
      title: `Add a healthcheck to ${service.name} (then adjust its test command)${monitorSet ? ' and fit the rollout to it' : ''}`,
      edits,
      isPreferred: true,
    }];
  }

  // ---- moving a key ------------------------------------------------------------------------------------------

  private moveFix(name: string, pair: Pair, removal: FixEdit, service: { map: YAMLMap; name: string }, to: readonly string[],
    values: Readonly<Record<string, string>> | undefined): Fix | undefined {
    const where = to.join('.');
    const existing = this.pairAtPath(service.map, to);
    if (existing) return { title: `Remove ${name} (${where} is already set)`, edits: [removal], isPreferred: true };
    const target = lookup(['services', service.name, ...to]);
    const v = pair.value;
    if (!target || !isScalar(v) || !v.range) return undefined;
    const value = this.movedValue(v, target.value, values);
    if (value === undefined) return undefined;
    const insert = this.insertPath(service.map, to, value);
    if (!insert) return undefined;
    const shown = to[to.length - 1] === 'condition' ? `${to.slice(0, -1).join('.')} (condition: ${value})` : where;
    return { title: `Move ${name} to ${shown}`, edits: [removal, insert], isPreferred: true };
  }

  /** The value text at the new place, converted to what the model says the key takes there. */
  private movedValue(v: Scalar, spec: ValueSpec, values: Readonly<Record<string, string>> | undefined): string | undefined {
    const src = this.text.slice(v.range![0], this.valueEnd(v));
    const r = v.type === 'PLAIN' ? resolvePlain(v.source ?? String(v.value ?? '')) : { type: 'string' as const, value: String(v.value ?? '') };
    if (r.type === 'null') return undefined;
    if (values && r.type === 'string' && values[String(r.value)] !== undefined) return values[String(r.value)];
    if (r.type === 'boolean' && values) {
      const word = r.value ? 'always' : 'no'; // `restart: no` is a YAML 1.1 boolean
      if (values[word] !== undefined) return values[word];
    }
    const takes = spec.scalars ?? [];
    const numeric = r.type === 'integer' || r.type === 'number';
    if (numeric && spec.format === 'bytes') return bytesText(Number(r.value));
    if (takes.includes(r.type) || (r.type === 'integer' && takes.includes('number'))) return src;
    if (numeric && takes.includes('string')) return `'${src}'`;
    return undefined;
  }

  // ---- locating ----------------------------------------------------------------------------------------------

  /** The pairs from the root down to the key or scalar value at `offset`. */
  private hit(offset: number): Hit | undefined {
    let node = this.doc.yaml.contents as Node | null;
    const path: string[] = [];
    const pairs: Hit['pairs'] = [];
    for (let depth = 0; node && depth < 200; depth++) {
      if (isMap(node)) {
        let next: Node | null = null;
        for (const p of node.items) {
          const k = p.key as Node | null;
          if (!isScalar(k) || !k.range) continue;
          const end = this.pairEnd(p);
          if (offset < k.range[0] || offset > end) continue;
          path.push(String(k.value));
          pairs.push({ map: node, pair: p });
          if (offset < k.range[1]) return { path, pairs, onKey: true };
          next = p.value as Node | null;
          break;
        }
        if (!next) return undefined;
        node = next;
      } else if (isSeq(node)) {
        const item = node.items.find((it) => {
          const r = (it as Node | null)?.range;
          return r && offset >= r[0] && offset <= r[1];
        }) as Node | undefined;
        if (!item) return undefined;
        path.push('[]');
        node = item;
      } else if (isScalar(node)) {
        return pairs.length > 0 ? { path, pairs, onKey: false } : undefined;
      } else return undefined;
    }
    return undefined;
  }

  /** The service a hit lies in: `services.<name>` as a block mapping. */
  private serviceOf(hit: Hit): { map: YAMLMap; name: string } | undefined {
    if (hit.path[0] !== 'services' || hit.pairs.length < 2) return undefined;
    const svc = hit.pairs[1]!.pair;
    const map = svc.value;
    if (!isMap(map) || map.flow || isAlias(map)) return undefined;
    return { map, name: String((svc.key as Scalar).value) };
  }

  private pairAtPath(map: YAMLMap, path: readonly string[]): Pair | undefined {
    let m: unknown = map;
    let p: Pair | undefined;
    for (const seg of path) {
      if (!isMap(m)) return undefined;
      p = findPair(m, seg);
      if (!p) return undefined;
      m = p.value;
    }
    return p;
  }

  private minor(): number {
    const v = findPair(this.doc.yaml.contents as YAMLMap, 'version')?.value;
    if (!isScalar(v)) return LATEST_MINOR;
    const norm = normalizeVersion(String(v.value ?? ''));
    return norm === 'latest' ? LATEST_MINOR : minorOf(norm) ?? LATEST_MINOR;
  }

  // ---- text geometry ----------------------------------------------------------------------------------------

  private lineStart(off: number): number {
    return this.text.lastIndexOf('\n', off - 1) + 1;
  }

  /** The offset just after the line break of the line holding `off` (text length on the last line). */
  private nextLine(off: number): number {
    const nl = this.text.indexOf('\n', off);
    return nl === -1 ? this.text.length : nl + 1;
  }

  private col(off: number): number {
    return off - this.lineStart(off);
  }

  /** End of a node's text without the trailing line breaks and spaces block collections include. */
  private trimmedEnd(node: Node): number {
    const r = node.range!;
    let end = r[1];
    while (end > r[0] && /[\s]/.test(this.text[end - 1]!)) end--;
    return end;
  }

  private valueEnd(v: Scalar): number {
    return v.range![1];
  }

  /** The last offset of a pair's text (its value, or its key when empty). */
  private pairEnd(p: Pair): number {
    const v = p.value as Node | null;
    if (v?.range && v.range[1] > v.range[0]) return this.trimmedEnd(v);
    return (p.key as Node).range![1];
  }

  /** The file's indentation step: how far a service's keys sit inside `services:` (2 when unknown). */
  private unit(): number {
    if (this.unitCache !== undefined) return this.unitCache;
    let unit = 2;
    const root = this.doc.yaml.contents;
    if (isMap(root)) {
      outer: for (const p of root.items) {
        const v = p.value;
        if (isMap(v) && !v.flow && v.items.length > 0 && (p.key as Node).range) {
          const d = this.col((v.items[0]!.key as Node).range![0]) - this.col((p.key as Node).range![0]);
          if (d > 0) {
            unit = d;
            break outer;
          }
        }
      }
    }
    this.unitCache = unit;
    return unit;
  }

  /** Deletes a block-mapping pair: its whole lines, from the key's line to the end of its value. */
  private removePair(map: YAMLMap, pair: Pair): FixEdit | undefined {
    if (map.flow) return undefined;
    const k = pair.key as Node;
    if (!k.range) return undefined;
    const start = this.lineStart(k.range[0]);
    if (this.text.slice(start, k.range[0]).trim() !== '') return undefined; // `- key: v` or `{…}`: not a line of its own
    if (map.items.length === 1) return undefined; // the mapping would become empty (null): a different file
    const end = this.nextLine(this.pairEnd(pair));
    return { start, end, newText: '' };
  }

  /**
   * Sets `path` below a block mapping, creating the missing levels in the file's indentation; the last key gets
   * `value` (one line) or `value` lines as a block mapping. Undefined when a level on the way is not block YAML.
   */
  private insertPath(map: YAMLMap, path: readonly string[], value: string | readonly string[]): FixEdit | undefined {
    let cur = map;
    let i = 0;
    for (; i < path.length; i++) {
      if (cur.flow || cur.items.length === 0) return undefined;
      const p = findPair(cur, path[i]!);
      if (!p) break;
      if (i === path.length - 1) return undefined; // already there: the caller replaces values itself
      const v = p.value as Node | null;
      if (isMap(v) && !v.flow && v.items.length > 0) {
        cur = v;
        continue;
      }
      // `deploy:` with nothing after it: the new levels go right under the key.
      if (v === null || (isScalar(v) && v.value === null && (v.source ?? '') === '')) {
        const k = p.key as Node;
        const at = this.lineEndBeforeBreak(k.range![1]);
        if (this.text.slice(k.range![1], at).replace(/#.*$/, '').trim() !== ':') return undefined;
        const body = this.render(path.slice(i + 1), this.col(k.range![0]) + this.unit(), value);
        return { start: at, end: at, newText: this.eol + body.slice(0, -this.eol.length) };
      }
      return undefined;
    }
    const first = cur.items[0]!.key as Node;
    if (!first.range) return undefined;
    const col = this.col(first.range[0]);
    if (this.text.slice(this.lineStart(first.range[0]), first.range[0]).trim() !== '' && cur !== map) return undefined;
    const lastPair = cur.items[cur.items.length - 1]!;
    const after = this.nextLine(this.pairEnd(lastPair));
    const body = this.render(path.slice(i), col, value);
    if (after === this.text.length && !this.text.endsWith('\n')) return { start: after, end: after, newText: this.eol + body.slice(0, -this.eol.length) };
    return { start: after, end: after, newText: body };
  }

  private lineEndBeforeBreak(off: number): number {
    const nl = this.text.indexOf('\n', off);
    const end = nl === -1 ? this.text.length : nl;
    return end > off && this.text[end - 1] === '\r' ? end - 1 : end;
  }

  /** Lines `a:\n  b:\n    c: value\n` starting at column `col`, each ending with the file's line break. */
  private render(path: readonly string[], col: number, value: string | readonly string[]): string {
    const u = this.unit();
    let s = '';
    path.forEach((seg, j) => {
      const pad = ' '.repeat(col + j * u);
      if (j < path.length - 1) s += `${pad}${seg}:${this.eol}`;
      else if (typeof value === 'string') s += `${pad}${seg}: ${value}${this.eol}`;
      else {
        s += `${pad}${seg}:${this.eol}`;
        for (const line of value) s += `${' '.repeat(col + (j + 1) * u)}${line}${this.eol}`;
      }
    });
    return s;
  }
}

function findPair(map: YAMLMap, name: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((p) => isScalar(p.key) && p.key.value === name);
}

function sameSpan(node: Node | null, f: Finding): boolean {
  return !!node?.range && node.range[0] === f.start;
}

function dataString(f: Finding, key: string): string | undefined {
  const d = f.data as Record<string, unknown> | undefined;
  const v = d && typeof d === 'object' ? d[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** Bytes as a go-units size with the largest exact binary unit: 536870912 → 512M. */
function bytesText(n: number): string {
  const units = ['', 'k', 'M', 'G', 'T'];
  let i = 0;
  while (i < units.length - 1 && n >= 1024 && n % 1024 === 0) {
    n /= 1024;
    i++;
  }
  return i === 0 ? `'${n}'` : `${n}${units[i]}`;
}

/** The container port of a service's first published port (`"8080:80"`, `80/tcp`, long syntax `target:`). */
function targetPort(ports: unknown): number | undefined {
  if (!isSeq(ports)) return undefined;
  const first = ports.items[0];
  if (isScalar(first)) {
    const m = /(\d+)(?:-\d+)?(?:\/\w+)?$/.exec(String(first.value));
    return m ? Number(m[1]) : undefined;
  }
  if (isMap(first)) {
    const t = findPair(first, 'target')?.value;
    return isScalar(t) && typeof t.value === 'number' ? t.value : undefined;
  }
  return undefined;
}
