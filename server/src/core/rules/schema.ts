// Schema and stack-deploy triage: ONE linear walk of the YAML tree guided by the knowledge model. Aliases and
// `<<` merges are resolved while walking (findings inside them point at the alias), `x-` keys are accepted only
// where docker/cli's loader accepts them, and values containing `${…}` are checked only as far as they are known.
import type { Node, Pair, YAMLMap } from 'yaml';
import { isAlias, isMap, isScalar, isSeq } from '../yamlNodes';
import { distance } from 'fastest-levenshtein';
import type { StackDoc } from '../document';
import type { Finding, Severity } from '../types';
import {
  LATEST_MINOR, ROOT, SUPPORTED_VERSIONS, allKeys, minorOf,
  type EnumSpec, type KeySpec, type MappingSpec, type ScalarType, type ValueSpec,
} from '../model';
import { hasInterpolation } from './interpolation';
import { normalizeVersion, parseBytes, parseCpus, parseGoDuration, resolvePlain, suggestDuration, type Resolved } from './values';
import type { RuleFamily } from './rule';
import { resolveScalar, spanIn } from './stackView';
import { anchorBefore } from '../anchors';

/** Enough for any real file many times over; an alias bomb stops here instead of hanging the server. */
export const VISIT_BUDGET = 2_000_000;

type Span = readonly [number, number];

const HC_FIRST = new Set(['CMD', 'CMD-SHELL', 'NONE']);

/** name → where the key lives in the model, for "belongs under deploy" hints. Built once. */
let placesCache: Map<string, string[]> | undefined;
function placesOf(name: string): string[] | undefined {
  if (!placesCache) {
    placesCache = new Map();
    for (const { path, spec } of allKeys()) {
      if (spec.inSchema === false) continue;
      const where = path.map((p, i) => (p === '*' ? (i === 1 && path[0] === 'services' ? '<service>' : '<name>') : p)).join('.').replace(/\.\[\]/g, '[]');
      const list = placesCache.get(spec.name) ?? [];
      list.push(where);
      placesCache.set(spec.name, list);
    }
  }
  return placesCache.get(name);
}

function isSpan(w: Span | Node): w is Span {
  return Array.isArray(w);
}

function takes(list: readonly ScalarType[] | undefined, t: ScalarType): boolean {
  return !!list && (list.includes(t) || (t === 'integer' && list.includes('number')));
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function expected(spec: ValueSpec, legacy: boolean): string {
  const parts: string[] = [];
  const scalars = [...(spec.scalars ?? []), ...(legacy && spec.legacyScalars ? spec.legacyScalars.scalars : [])];
  for (const s of scalars) {
    if (s === 'null') continue;
    parts.push(s === 'integer' ? 'an integer' : s === 'number' ? 'a number' : s === 'boolean' ? 'a boolean (true/false)' : 'a string');
  }
  if (spec.list) parts.push('a list');
  if (spec.mapping) parts.push('a mapping');
  if (parts.length === 0) return 'empty';
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

class Walker {
  readonly findings: Finding[] = [];
  /** 3.x minor of the file; undefined = version-less or "3": the newest schema. */
  private minor: number | undefined;
  private versionText = '';
  private redirect: Span | undefined;
  private visits = 0;
  private exhausted = false;
  private readonly expanding = new Set<Node>();

  constructor(private readonly doc: StackDoc) {}

  run(): void {
    const root = this.doc.yaml.contents as Node | null;
    if (root === null) return;
    const top = this.deref(root);
    if (!top) return;
    if (!isMap(top.node)) {
      this.report('schema/type', 'error', this.spanOf(top.node), 'The top level of a stack file must be a mapping (version, services, networks…).');
      return;
    }
    this.readVersion(top.node);
    this.walkMapping(top.node, ROOT);
  }

  // ---- reporting --------------------------------------------------------------------------------------------

  /** `where` is a span or a node whose span is computed only now (most nodes never need one). */
  private report(code: string, severity: Severity, where: Span | Node, message: string, data?: unknown): void {
    const [start, end] = this.redirect ?? (isSpan(where) ? where : this.spanOf(where));
    const f: Finding = { code, severity, start, end, message };
    // Fix data only where the span is the written text itself (not an alias or merge standing for it).
    if (data !== undefined && !this.redirect) f.data = data;
    this.findings.push(f);
  }

  private spanOf(node: Node | null | undefined, fallback?: Span): Span {
    return spanIn(this.doc.text, node, fallback);
  }

  // ---- aliases ---------------------------------------------------------------------------------------------

  /** The node an alias stands for (the last anchor of that name before it), and the alias span to report at. */
  private deref(node: Node | null | undefined): { node: Node; via?: Span } | undefined {
    if (!node) return undefined;
    if (!isAlias(node)) return { node };
    const target = anchorBefore(this.doc, node);
    if (!target) return undefined; // reported by the document as yaml/unknown-alias
    return { node: target, via: this.spanOf(node) };
  }

  // ---- version ----------------------------------------------------------------------------------------------

  private readVersion(map: YAMLMap): void {
    for (const p of map.items) {
      if (!isScalar(p.key) || p.key.value !== 'version') continue;
      const d = this.deref(p.value as Node | null);
      const node = d?.node;
      const span = d?.via ?? this.spanOf(node, this.spanOf(p.key as Node));
      if (!node || !isScalar(node)) {
        this.report('schema/type', 'error', span, 'version must be a quoted string such as "3.8".');
        return;
      }
      const r = resolveScalar(node);
      if (r.type !== 'string') {
        this.report('schema/type', 'error', span,
          `version must be a string: write version: "${String(node.source ?? node.value)}" with quotes (docker stack deploy refuses a number here).`);
        return;
      }
      const v = String(r.value);
      if (hasInterpolation(v)) return;
      const norm = normalizeVersion(v);
      this.versionText = v;
      if (norm === 'latest') return;
      if (!SUPPORTED_VERSIONS.includes(norm)) {
        this.report('schema/version', 'error', span,
          `Unsupported Compose file version: ${v}. docker stack deploy reads the version 3 format ("3.0" to "3.${LATEST_MINOR}"); use "3.8" or later, or remove version to get the newest.`);
        return;
      }
      this.minor = minorOf(norm);
      return;
    }
  }

  private newerThanFile(since: number): boolean {
    return this.minor !== undefined && since > this.minor;
  }

  // ---- scalars ----------------------------------------------------------------------------------------------


  private accepts(spec: ValueSpec, t: ScalarType): boolean {
    if (takes(spec.scalars, t)) return true;
    return !!spec.legacyScalars && this.minor !== undefined && this.minor < spec.legacyScalars.before && takes(spec.legacyScalars.scalars, t);
  }

  // ---- the walk ---------------------------------------------------------------------------------------------

  private walkMapping(map: YAMLMap, spec: MappingSpec): void {
    let merges: Pair[] | undefined;
    const items = map.items;
    for (let i = 0; i < items.length; i++) {
      const k = items[i]!.key as Node | null;
      if (isScalar(k) && k.source === '<<' && k.type === 'PLAIN') (merges ??= []).push(items[i]!);
    }
    // Only a mapping with a << merge needs to remember its own keys (they win over merged ones).
    const seen = merges ? new Set<string>() : undefined;
    for (let i = 0; i < items.length; i++) {
      const pair = items[i]!;
      const k = pair.key as Node | null;
      if (merges && isScalar(k) && k.source === '<<' && k.type === 'PLAIN') continue;
      const name = this.keyName(k);
      if (name === undefined) continue;
      seen?.add(name);
      this.checkPair(name, k as Node, pair.value as Node | null, spec);
    }
    if (merges && seen) {
      for (const m of merges) {
        const saved = this.redirect;
        this.redirect ??= this.spanOf(m.value as Node | null, this.spanOf(m.key as Node));
        this.merge(m.value as Node | null, spec, seen);
        this.redirect = saved;
      }
    }
  }

  /** yaml.v2 merge: keys written in the mapping win; then each merged mapping in order adds the keys still missing. */
  private merge(value: Node | null, spec: MappingSpec, seen: Set<string>): void {
    const d = this.deref(value);
    if (!d) return;
    if (this.expanding.has(d.node)) return;
    if (isSeq(d.node)) {
      for (const it of d.node.items) this.merge(it as Node | null, spec, seen);
      return;
    }
    if (!isMap(d.node)) {
      this.report('schema/type', 'error', this.spanOf(d.node), 'A << merge needs a mapping (or a list of mappings), usually an alias such as *defaults.');
      return;
    }
    this.expanding.add(d.node);
    for (const pair of d.node.items) {
      const k = pair.key as Node | null;
      if (isScalar(k) && k.source === '<<' && k.type === 'PLAIN') {
        this.merge(pair.value as Node | null, spec, seen);
        continue;
      }
      const name = this.keyName(k);
      if (name === undefined || seen.has(name)) continue;
      seen.add(name);
      this.checkPair(name, k as Node, pair.value as Node | null, spec);
    }
    this.expanding.delete(d.node);
  }

  private keyName(k: Node | null): string | undefined {
    if (!isScalar(k)) {
      this.report('schema/type', 'error', this.spanOf(k), 'Keys must be plain strings; docker/cli refuses complex keys.');
      return undefined;
    }
    const r = resolveScalar(k);
    if (r.type !== 'string') {
      const src = String(k.source ?? k.value);
      this.report('schema/type', 'error', this.spanOf(k),
        `Key ${src} is read as ${r.type === 'boolean' ? 'a boolean' : r.type === 'null' ? 'null' : 'a number'} by docker/cli (YAML 1.1), and it refuses non-string keys; quote it: "${src}".`);
      return undefined;
    }
    return String(r.value);
  }

  private checkPair(name: string, keyNode: Node, value: Node | null, mspec: MappingSpec): void {
    const keySpan = keyNode;
    const ks: KeySpec | undefined = mspec.keys?.[name];
    if (ks) {
      if (ks.inSchema === false && ks.triage) {
        if (ks.triage.kind === 'forbidden') {
          this.report('stack/forbidden', 'error', keySpan,
            `${name} is forbidden in a stack file (docker stack deploy refuses the whole file: "contains forbidden properties"); ${ks.triage.fix}.`);
        } else {
          this.report('stack/compose-only', 'error', keySpan,
            `${name} is a Compose-only key that docker stack deploy refuses ("Additional property ${name} is not allowed" in ${mspec.label}); ${ks.triage.fix}.`);
        }
        return;
      }
      if (this.newerThanFile(ks.since)) {
        this.report('schema/too-new', 'error', keySpan,
          `${name} needs version "3.${ks.since}" or later, but this file says "${this.versionText}", so docker stack deploy refuses it; raise version to "3.${ks.since}" (or remove version to get the newest).`);
        return;
      }
      if (mspec === ROOT && name === 'version') return; // read before the walk
      const t = ks.triage?.kind;
      if (t === 'ignored') {
        this.report('stack/ignored', 'warning', keySpan, `${name} is ignored: ${ks.triage!.fix}.`);
      } else if (t === 'deprecated') {
        this.report('stack/deprecated', 'warning', keySpan, `${name} is ignored: ${ks.triage!.fix}.`);
      } else if (t === 'unused') {
        const d = this.deref(value);
        if (!d || !isMap(d.node)) this.report('stack/unused', 'warning', keySpan, `${name} has no effect in a swarm: ${ks.triage!.fix}.`);
      }
      this.checkValue(value, ks.value, name, keySpan);
      return;
    }
    if (name.startsWith('x-')) {
      if (mspec.extensionsSince === undefined) {
        this.report('schema/unknown-key', 'error', keySpan,
          `Extension field ${name} is not allowed in ${mspec.label}: docker stack deploy accepts x- keys only at the top level and directly in a service, network, volume, secret or config; move it to the top level.`);
      } else if (this.newerThanFile(mspec.extensionsSince)) {
        this.report('schema/too-new', 'error', keySpan,
          `Extension fields (x-) in ${mspec.label} need version "3.${mspec.extensionsSince}" or later, but this file says "${this.versionText}"; raise version to "3.${mspec.extensionsSince}".`);
      }
      return;
    }
    if (mspec.entries) {
      const e = mspec.entries;
      if (!e.pattern || e.pattern.test(name)) {
        this.checkValue(value, e.value, name, keySpan);
      } else if (mspec.closed) {
        this.report('schema/unknown-key', 'error', keySpan,
          `${e.what[0]!.toUpperCase()}${e.what.slice(1)} name "${name}" is not allowed: names may use only letters, digits, ".", "_" and "-".`);
      }
      return;
    }
    if (!mspec.closed) return;
    this.unknownKey(name, keySpan, mspec);
  }

  private unknownKey(name: string, span: Node, mspec: MappingSpec): void {
    let best: string | undefined;
    let bestD = Infinity;
    for (const k of Object.values(mspec.keys ?? {})) {
      if (k.inSchema === false) continue;
      const d = distance(name.toLowerCase(), k.name);
      if (d < bestD) {
        bestD = d;
        best = k.name;
      }
    }
    let hint = '';
    let data: { replace: string } | undefined;
    const places = placesOf(name);
    if (best && bestD <= Math.max(1, Math.min(3, Math.floor(name.length / 3)))) {
      hint = `; did you mean ${best}?`;
      data = { replace: best };
    } else if (places && places.length > 0) {
      hint = `; ${name} belongs at ${places.slice(0, 2).join(' or ')}`;
    } else if (best && bestD <= Math.floor(name.length / 2)) {
      hint = `; did you mean ${best}?`;
      data = { replace: best };
    }
    this.report('schema/unknown-key', 'error', span,
      `Unknown key ${name} in ${mspec.label}: docker stack deploy refuses it ("Additional property ${name} is not allowed")${hint}`, data);
  }

  private checkValue(value: Node | null, spec: ValueSpec, name: string, keySpan: Node): void {
    if (++this.visits > VISIT_BUDGET) {
      if (!this.exhausted) {
        this.exhausted = true;
        this.report('schema/budget', 'information', keySpan, 'This file expands to too many nodes (aliases inside aliases); checking stopped here.');
      }
      return;
    }
    if (isAlias(value)) {
      const d = this.deref(value);
      if (!d || this.expanding.has(d.node)) return;
      const saved = this.redirect;
      this.redirect ??= d.via;
      this.expanding.add(d.node);
      this.checkValue(d.node, spec, name, keySpan);
      this.expanding.delete(d.node);
      this.redirect = saved;
      return;
    }
    if (isMap(value)) {
      if (spec.mapping) this.walkMapping(value, spec.mapping);
      else if (spec.composeOnly?.mapping) this.report('stack/compose-only', 'error', this.spanOf(value), `${name}: ${spec.composeOnly.mapping}.`);
      else this.typeError(spec, name, value, 'a mapping');
      return;
    }
    if (isSeq(value)) {
      if (!spec.list) {
        this.typeError(spec, name, value, 'a list');
        return;
      }
      if (spec.composeOnly?.listOfMappings && value.items.some((it) => isMap(it))) {
        this.report('stack/compose-only', 'error', this.spanOf(value), `${name}: ${spec.composeOnly.listOfMappings}.`);
        return;
      }
      if (spec.unused?.list) this.report('stack/unused', 'warning', keySpan, `${name} has no effect in a swarm: ${spec.unused.list}.`);
      const unique = spec.unique ? new Set<string>() : undefined;
      const item = spec.list;
      for (let i = 0; i < value.items.length; i++) {
        const it = value.items[i] as Node | null;
        if (unique && isScalar(it)) {
          const r = resolveScalar(it);
          const k = `${r.type}:${String(r.value)}`;
          if (unique.has(k)) {
            this.report('schema/duplicate-item', 'error', this.spanOf(it),
              `${name} lists ${String(it.source ?? it.value)} twice; docker stack deploy refuses duplicate items ("must be unique"); remove one.`);
          } else unique.add(k);
        }
        this.checkValue(it, item, name, it ?? keySpan);
      }
      if (spec.format === 'hc-test') this.checkHcList(value.items as Array<Node | null>, name);
      return;
    }
    if (!isScalar(value)) return;
    const r = resolveScalar(value);
    const span: Node = value.range && value.range[1] > value.range[0] ? value : keySpan;
    if (r.type === 'string' && hasInterpolation(String(r.value))) {
      if (spec.scalars || spec.legacyScalars) return; // known only at deploy time; docker/cli casts it where the field needs it
      this.typeError(spec, name, value, 'a string');
      return;
    }
    if (!this.accepts(spec, r.type)) {
      this.typeError(spec, name, value, r.type === 'null' ? 'empty' : article(r.type === 'boolean' ? 'boolean' : r.type), r);
      return;
    }
    if (spec.unused?.scalar) this.report('stack/unused', 'warning', keySpan, `${name} has no effect in a swarm: ${spec.unused.scalar}.`);
    if (r.type === 'integer' || r.type === 'number') {
      const n = r.value as number;
      if (spec.min !== undefined && n < spec.min) {
        this.report('schema/range', 'error', span, spec.max !== undefined
          ? `${name} must be between ${spec.min} and ${spec.max}; the engine refuses ${n}.`
          : `${name} cannot be negative: docker stack deploy cannot read ${n} into an unsigned number; use 0 or more.`);
      } else if (spec.max !== undefined && n > spec.max) {
        this.report('schema/range', 'error', span, `${name} must be between ${spec.min ?? 0} and ${spec.max}; the engine refuses ${n}${spec.max === 1 ? ' (it is a fraction: 0.1 means 10%)' : ''}.`);
      }
      return;
    }
    if (r.type !== 'string') return;
    const s = String(r.value);
    if (spec.enum) this.checkEnum(spec.enum, s, name, span);
    switch (spec.format) {
      case 'duration': this.checkDuration(spec, s, name, span); break;
      case 'bytes': this.checkBytes(spec, s, name, span); break;
      case 'cpus': this.checkCpus(spec, s, name, span); break;
      case 'hc-test': this.checkHcString(s, name, span); break;
      default: break;
    }
  }

  private typeError(spec: ValueSpec, name: string, node: Node, got: string, r?: Resolved): void {
    const want = expected(spec, this.minor !== undefined && !!spec.legacyScalars && this.minor < spec.legacyScalars.before);
    const span = this.spanOf(node);
    let hint = '';
    const src = isScalar(node) ? String(node.source ?? node.value) : '';
    let data: { replace: string } | undefined;
    if (r && (r.type === 'integer' || r.type === 'number') && spec.format === 'duration') {
      hint = `; write it with a unit, e.g. "${src}s"`;
      if (parseGoDuration(`${src}s`) !== undefined) data = { replace: `${src}s` };
    }
    else if (r && (r.type === 'integer' || r.type === 'number') && spec.format === 'bytes') hint = `; write it as a string with a unit, e.g. "${src}M"`;
    else if (r && (r.type === 'integer' || r.type === 'number') && spec.format === 'cpus') hint = `; quote it: '${src}'`;
    else if (r && r.type === 'string' && isScalar(node) && node.type !== 'PLAIN' && (spec.scalars?.includes('integer') || spec.scalars?.includes('number'))
      && resolvePlain(src).type !== 'string') hint = `; remove the quotes: ${src}`;
    else if (r && r.type === 'string' && spec.scalars?.includes('boolean') && /^(true|false)$/i.test(src)) hint = '; remove the quotes';
    else if (r && r.type === 'boolean' && spec.scalars?.includes('string')) hint = `; quote it: "${src}" (docker/cli reads ${src} as a boolean)`;
    else if (r && r.type === 'string' && spec.list && !spec.scalars) hint = `; write it as a list: ["${src}"] or one "- " item per line`;
    this.report('schema/type', 'error', span, `${name} must be ${want}, not ${got}${hint}.`, data);
  }

  private checkEnum(e: EnumSpec, s: string, name: string, span: Node): void {
    if (s === '' && e.allowEmpty) return;
    const cmp = e.caseInsensitive ? s.toLowerCase() : s;
    if (e.values.includes(cmp)) return;
    const why = e.misleading?.[s];
    if (why) {
      this.report('schema/enum', 'warning', span, `${name}: ${s} is accepted but wrong here: ${why}.`);
      return;
    }
    const ci = e.values.find((v) => v.toLowerCase() === s.toLowerCase());
    let hint = '';
    let data: { replace: string } | undefined;
    if (ci) {
      hint = ` Values are case-sensitive: use ${ci}.`;
      data = { replace: ci };
    } else {
      let best: string | undefined;
      let bd = Infinity;
      for (const v of e.values) {
        const d = distance(s.toLowerCase(), v);
        if (d < bd) { bd = d; best = v; }
      }
      if (best && bd <= 2) {
        hint = ` Did you mean ${best}?`;
        data = { replace: best };
      }
    }
    const who = e.refusedBy === 'schema' ? 'docker stack deploy refuses it'
      : e.refusedBy === 'deploy' ? 'docker stack deploy fails converting it'
        : e.refusedBy === 'engine' ? 'the engine refuses the service spec'
          : 'it is silently replaced by the default';
    this.report('schema/enum', e.refusedBy === 'runtime' ? 'warning' : 'error', span,
      `${name} must be one of ${e.values.join(', ')}; ${who} with "${s}".${hint}`, data);
  }

  private checkDuration(spec: ValueSpec, s: string, name: string, span: Node): void {
    const secs = parseGoDuration(s);
    if (secs === undefined) {
      const sug = suggestDuration(s);
      this.report('schema/duration', 'error', span,
        `${name}: "${s}" is not a Go duration (like 90s, 1m30s, 500ms); docker stack deploy refuses it.${sug ? ` Did you mean ${sug}?` : ''}`,
        sug ? { replace: sug } : undefined);
      return;
    }
    if (spec.min !== undefined && secs < spec.min) {
      this.report('schema/range', 'error', span, `${name} cannot be negative: the engine refuses ${s}.`);
    } else if (spec.engineMin !== undefined && secs !== 0 && secs < spec.engineMin) {
      this.report('schema/range', 'error', span, `${name} must be 0 or at least 1ms: the engine refuses ${s}.`);
    }
  }

  private checkBytes(spec: ValueSpec, s: string, name: string, span: Node): void {
    const b = parseBytes(s);
    if (!b) {
      this.report('schema/bytes', 'error', span, `${name}: "${s}" is not a size; write a number with a unit such as 512M or 1G (b, k, m, g, t, p).`);
      return;
    }
    if (spec.engineMin !== undefined && b.bytes > 0 && b.bytes < spec.engineMin) {
      this.report('schema/range', 'error', span,
        `${name} is ${b.bytes} bytes${b.unitless ? ' (no unit means bytes)' : ''}; the engine refuses less than 4MiB. Did you mean ${b.unitless ? `${s}M` : '4M or more'}?`);
      return;
    }
    if (b.unitless && b.bytes > 0) {
      this.report('schema/bytes-unitless', 'warning', span, `${name}: ${s} has no unit, so it means ${s} bytes; add a unit (e.g. ${s}M) if that is not what you meant.`);
    }
  }

  private checkCpus(spec: ValueSpec, s: string, name: string, span: Node): void {
    const n = parseCpus(s);
    if (n === undefined) {
      this.report('schema/cpus', 'error', span, `${name}: "${s}" is not a number of CPUs; docker stack deploy fails converting it. Write a decimal such as '0.5' or '2'.`);
      return;
    }
    if (n < 0 || (spec.engineMin !== undefined && n !== 0 && n < spec.engineMin)) {
      // A warning, not an error: `docker stack config` accepts it (docker/cli's own full example uses 0.0001); swarmkit refuses it at deploy.
      this.report('schema/range', 'warning', span, `${name}: ${s} CPUs will be refused by the engine ("Must be at least 0.001"); use 0.001 or more (0 means no limit).`);
    }
  }

  private checkHcString(s: string, name: string, span: Node): void {
    const first = /^\s*(\S+)/.exec(s)?.[1];
    if (first && HC_FIRST.has(first)) {
      this.report('schema/enum', 'warning', span,
        `${name}: as one string, the whole text runs in a shell, including the word ${first} (the shell cannot find it and the task turns unhealthy); write a list such as ["${first === 'NONE' ? 'NONE' : 'CMD-SHELL'}", ...] or drop ${first}.`);
    }
  }

  private checkHcList(items: Array<Node | null>, name: string): void {
    const d = this.deref(items[0]);
    if (!d || !isScalar(d.node)) return;
    const r = resolveScalar(d.node);
    if (r.type !== 'string' || hasInterpolation(String(r.value))) return;
    const s = String(r.value);
    if (HC_FIRST.has(s)) return;
    const saved = this.redirect;
    this.redirect ??= d.via;
    this.report('schema/enum', 'warning', this.spanOf(d.node),
      `${name} must start with CMD, CMD-SHELL or NONE; with "${s}" first, the daemon runs no probe and the task never becomes healthy or unhealthy. Write ["CMD", "${s}", ...].`);
    this.redirect = saved;
  }
}

export const schemaFamily: RuleFamily = {
  name: 'schema',
  check(doc: StackDoc): Finding[] {
    const w = new Walker(doc);
    w.run();
    return w.findings;
  },
};
