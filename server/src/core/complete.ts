// Completion anywhere in a stack file: the keys the model allows at the cursor and not yet present, values for
// enums, booleans, durations, sizes, CPUs and the healthcheck test, placement-constraint attributes, operators
// and values, the names of networks, secrets, configs and volumes defined in the file, and safe snippets.
// Everything is read from the knowledge model; the cursor context comes from the text near the offset.
import type { StackDoc } from './document';
import { SUPPORTED_VERSIONS, mappingAt, specAt, type KeySpec } from './model';
import { cursorContext, type CursorContext } from './position';
import { describeKey, entryAt, fileMinor, typeLabel } from './hover';
import { ATTRIBUTES, OSES, ROLES } from './rules/placement';
import { formatDuration } from './rules/rollout';
import { viewOf, type StackView } from './rules/stackView';
import { safeMonitor, snippetsFor, type SnippetLevel } from './snippets';

export type CompletionKind = 'property' | 'value' | 'enum' | 'keyword' | 'reference' | 'snippet' | 'operator';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  /** Type and default, one line. */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** The inserted text, in LSP snippet syntax when `snippet` is true. */
  insert: string;
  snippet: boolean;
  /** The range [start, end) the insertion replaces. */
  replace: [number, number];
  sortText: string;
  filterText?: string;
}

const DURATION_EXAMPLES = ['5s', '10s', '30s', '1m', '1m30s', '500ms'];
const BYTE_EXAMPLES = ['128M', '256M', '512M', '1G'];
const CPU_EXAMPLES = ['0.25', '0.5', '1', '2'];

/** Completions at an offset of a parsed stack document. */
export function complete(doc: StackDoc, offset: number): CompletionEntry[] {
  const ctx = cursorContext(doc.text, offset);
  if (!ctx) return [];
  const view = viewOf(doc);
  const out: CompletionEntry[] = [];
  if (ctx.kind === 'key') keyCompletions(ctx, ctx.path, view, out);
  else if (ctx.kind === 'value') valueCompletions(ctx, view, out);
  else {
    valueCompletions(ctx, view, out);
    if (!ctx.flow && !ctx.quote) keyCompletions(ctx, ctx.path, view, out);
  }
  return out;
}

// ---- keys ---------------------------------------------------------------------------------------------------

function keyCompletions(ctx: CursorContext, path: string[], view: StackView, out: CompletionEntry[]): void {
  const mapping = mappingAt(path);
  if (!mapping) return;
  const minor = fileMinor(view);
  const keys = Object.values(mapping.keys ?? {});
  keys.forEach((k, i) => {
    if (ctx.siblings.has(k.name) || k.inSchema === false || (k.triage && k.triage.kind !== 'supported')) return;
    if (minor !== undefined && k.since > minor) return;
    out.push({
      label: k.name,
      kind: 'property',
      detail: keyDetail(k),
      documentation: describeKey(k),
      insert: keyInsert(k, ctx),
      snippet: true,
      replace: ctx.replace,
      sortText: `${k.common ? '0' : '2'}${String(i).padStart(3, '0')}`,
      filterText: k.name,
    });
  });
  // User-named entries with a known set of names: a service's networks (mapping form).
  if (mapping.entries && path.length === 3 && path[0] === 'services' && path[2] === 'networks') {
    for (const name of declaredNames(view, 'networks')) {
      if (ctx.siblings.has(name)) continue;
      out.push({
        label: name, kind: 'reference', detail: 'network defined in this file', insert: ctx.flow ? `${name}: ` : `${name}:`, snippet: false,
        replace: ctx.replace, sortText: `0${name}`,
      });
    }
  }
  // Snippets for whole blocks.
  if (!ctx.flow && ctx.lineRestEmpty && path[0] === 'services' && (path.length === 2 || (path.length === 3 && path[2] === 'deploy'))) {
    const level: SnippetLevel = path.length === 2 ? 'service' : 'deploy';
    const service = entryAt(view, path.slice(0, 2));
    for (const s of snippetsFor({ level, service, minor, column: ctx.column, unit: ctx.indentUnit }, ctx.siblings)) {
      out.push({
        label: s.label, kind: 'snippet', detail: s.detail,
        documentation: `${s.doc}\n\n\`\`\`yaml\n${s.body.replace(/\$\{\d+[:|]([^}|,]*)[^}]*\}/g, '$1').replace(/\$\d/g, '')}\n\`\`\``,
        insert: s.body, snippet: true, replace: ctx.replace, sortText: `1${s.key}`, filterText: s.key,
      });
    }
  }
}

function keyDetail(k: KeySpec): string {
  const d = k.engineDefault ? ` · default ${k.engineDefault.split(' ')[0]}` : '';
  return `${typeLabel(k.value)}${d}`;
}

const esc = (s: string) => s.replace(/[$}\\]/g, '\\$&');

/** `key: ` for scalars, `key:` + a new indented line for mappings and lists, a choice for enums and booleans. */
function keyInsert(k: KeySpec, ctx: CursorContext): string {
  const name = esc(k.name);
  if (!ctx.lineRestEmpty) return name;
  const v = k.value;
  if (ctx.flow) return `${name}: `;
  const scalars = (v.scalars ?? []).filter((s) => s !== 'null');
  const nl = `\n${' '.repeat(ctx.column + ctx.indentUnit)}`;
  if (v.mapping && scalars.length === 0 && !v.list) return `${name}:${nl}$0`;
  if (v.list && scalars.length === 0 && !v.mapping) return `${name}:${nl}- $0`;
  if (v.enum) return `${name}: \${1|${v.enum.values.map(esc).join(',')}|}`;
  if (scalars.length === 1 && scalars[0] === 'boolean') return `${name}: \${1|true,false|}`;
  return `${name}: $0`;
}

// ---- values -------------------------------------------------------------------------------------------------

function declaredNames(view: StackView, section: string): string[] {
  const d = view.declared(section);
  return d ? [...d.keys()].filter((n) => !n.startsWith('x-')) : [];
}

function valueCompletions(ctx: CursorContext, view: StackView, out: CompletionEntry[]): void {
  const path = ctx.path;
  const { key, value } = specAt(path);
  const owner = key ?? (path[path.length - 1] === '[]' ? specAt(path.slice(0, -1)).key : undefined);
  const add = (label: string, kind: CompletionKind, insert: string, sort: string, detail?: string, documentation?: string, snippet = false, replace = ctx.replace) => {
    out.push({ label, kind, insert, snippet, replace, sortText: sort, detail, documentation, filterText: label });
  };
  const doc = owner ? describeKey(owner) : undefined;
  const quoteIfNeeded = (s: string) => (ctx.quote ? s : `'${s}'`);

  // References to names defined in the file.
  const ref = referenceSection(path);
  if (ref) {
    for (const name of declaredNames(view, ref.section)) {
      const insert = ref.volume ? (ctx.quote ? `${name}:` : `${name}:/\${1:path}`) : name;
      add(name, 'reference', insert, `0${name}`, `${ref.section.replace(/s$/, '')} defined in this file`, undefined, !!ref.volume && !ctx.quote);
    }
  }
  // Placement constraints.
  if (path.length >= 5 && path.slice(-4).join('.') === 'deploy.placement.constraints.[]') {
    constraintCompletions(ctx, out);
    return;
  }
  if (!value) return;
  const dflt = owner?.engineDefault?.split(' ')[0];
  if (value.enum) {
    value.enum.values.forEach((v, i) => add(v, 'enum', v, `0${i}`, `${owner?.name ?? ''}${v === dflt ? ' · engine default' : ''}`, doc));
    return;
  }
  const scalars = value.scalars ?? [];
  if (scalars.includes('boolean') && !ctx.quote) {
    add('true', 'keyword', 'true', '00', owner ? `${owner.name}${dflt === 'true' ? ' · engine default' : ''}` : undefined, doc);
    add('false', 'keyword', 'false', '01', owner ? `${owner.name}${dflt === 'false' ? ' · engine default' : ''}` : undefined, doc);
  }
  if (value.format === 'duration') {
    const examples = [...DURATION_EXAMPLES];
    // monitor: the value that covers this service's healthcheck comes first.
    if (owner?.name === 'monitor' && path[0] === 'services') {
      const m = safeMonitor(entryAt(view, path.slice(0, 2)));
      const v = formatDuration(Math.max(m.seconds, 5));
      add(v, 'value', v, '00', 'covers the healthcheck', `${m.why}\n\n${doc ?? ''}`);
    }
    if (dflt && /^\d/.test(dflt) && !examples.includes(dflt)) examples.unshift(dflt);
    examples.forEach((v, i) => {
      if (!out.some((o) => o.label === v)) add(v, 'value', v, `1${i}`, `duration${v === dflt ? ' · engine default' : ''}`, doc);
    });
  } else if (value.format === 'bytes') {
    BYTE_EXAMPLES.forEach((v, i) => add(v, 'value', v, `1${i}`, 'byte size (binary units)', doc));
  } else if (value.format === 'cpus') {
    CPU_EXAMPLES.forEach((v, i) => add(quoteIfNeeded(v), 'value', quoteIfNeeded(v), `1${i}`, 'CPUs, as a quoted string', doc));
  } else if (value.format === 'hc-test' && !ctx.quote) {
    add('["CMD", …]', 'snippet', '["CMD", "${1:curl}", "${2:-f}", "${3:http://localhost/}"]', '00', 'exec form: no shell needed in the image', doc, true);
    add('["CMD-SHELL", …]', 'snippet', '["CMD-SHELL", "${1:curl -f http://localhost/ || exit 1}"]', '01', 'runs with /bin/sh -c', doc, true);
    add('["NONE"]', 'value', '["NONE"]', '02', 'disables the image\'s healthcheck', doc);
  } else if (path.length === 1 && path[0] === 'version') {
    [...SUPPORTED_VERSIONS].reverse().forEach((v, i) => add(v, 'value', ctx.quote ? v : `"${v}"`, String(i).padStart(3, '0'), 'stack file format', doc));
  }
}

/** The top-level section a value names: service networks, secrets, configs and volumes (short form or `source:`). */
function referenceSection(path: string[]): { section: string; volume?: boolean } | undefined {
  if (path[0] !== 'services' || path.length < 4) return undefined;
  const rest = path.slice(2);
  const sec = rest[0]!;
  if (!['networks', 'secrets', 'configs', 'volumes'].includes(sec)) return undefined;
  const tail = rest.slice(1).join('.');
  if (tail === '[]') return { section: sec, volume: sec === 'volumes' };
  if (tail === '[].source' && sec !== 'networks') return { section: sec };
  return undefined;
}

function constraintCompletions(ctx: CursorContext, out: CompletionEntry[]): void {
  const p = ctx.prefix;
  const start = ctx.replace[0];
  const doc = 'swarmkit compares `attribute == value` or `attribute != value`, case-insensitively. An unknown attribute never matches and leaves the tasks Pending.\n\n[Docker docs: placement](https://docs.docker.com/reference/compose-file/deploy/#placement)';
  const add = (label: string, kind: CompletionKind, insert: string, from: number, sort: string, detail: string, snippet = false) =>
    out.push({ label, kind, insert, snippet, replace: [start + from, ctx.replace[1]], sortText: sort, detail, documentation: doc, filterText: label });
  const valueM = /^(\s*)(\S+?)\s*(==|!=)\s*(\S*)$/.exec(p);
  if (valueM) {
    const attr = valueM[2]!.toLowerCase();
    const from = p.length - valueM[4]!.length;
    const known = attr === 'node.role' ? ROLES : attr === 'node.platform.os' ? OSES : [];
    known.forEach((v, i) => add(v, 'value', v, from, `0${String(i).padStart(2, '0')}`, `${attr} value`));
    return;
  }
  const opM = /^(\s*)(\S+?)(\s*)([=!]?)$/.exec(p);
  if (opM && (opM[3] || opM[4]) && isAttribute(opM[2]!)) {
    const from = opM[1]!.length + opM[2]!.length + opM[3]!.length;
    const sep = opM[3] ? '' : ' ';
    add('==', 'operator', `${sep}== `, from, '0', 'equals');
    add('!=', 'operator', `${sep}!= `, from, '1', 'differs');
    return;
  }
  if (/^\S*$/.test(p.trim())) {
    const from = p.length - p.trimStart().length;
    add('node.role == manager', 'value', 'node.role == manager', from, '00', 'only on managers');
    add('node.role == worker', 'value', 'node.role == worker', from, '01', 'only on workers');
    add('node.labels.<name> == <value>', 'snippet', 'node.labels.${1:zone} == ${2:east}', from, '02', 'a label set with docker node update --label-add', true);
    ATTRIBUTES.forEach((a, i) => add(a, 'property', a.endsWith('.') ? a : `${a} `, from, `1${String(i).padStart(2, '0')}`, 'node attribute'));
  }
}

function isAttribute(s: string): boolean {
  const k = s.toLowerCase();
  return ATTRIBUTES.some((a) => (a.endsWith('.') ? k.startsWith(a) && k.length > a.length : k === a));
}

