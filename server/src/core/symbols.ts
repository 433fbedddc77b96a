// Outline and folding for a stack file: the top-level sections, the services (with their mode and replica count
// as the swarm will run them), the named networks, volumes, secrets and configs; and a fold for every block.
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { StackDoc } from './document';
import { DEPLOY_KEYS } from './model';
import { modeOf } from './rules/crossKey';
import { viewOf, type Entry } from './rules/stackView';

export type SymbolKind = 'namespace' | 'class' | 'object' | 'property' | 'variable' | 'constant';

export interface StackSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  /** The whole entry: key and value. */
  start: number;
  end: number;
  /** The key. */
  selectionStart: number;
  selectionEnd: number;
  children: StackSymbol[];
}

/** Zero-based, inclusive lines, as LSP folding ranges count them. */
export interface Fold {
  startLine: number;
  endLine: number;
  kind?: 'comment';
}

const NAMED_SECTIONS = new Set(['networks', 'volumes', 'secrets', 'configs']);
const DEFAULT_REPLICAS = (DEPLOY_KEYS.replicas?.engineDefault ?? '1').split(/\s/)[0]!;

export function documentSymbols(doc: StackDoc): StackSymbol[] {
  const root = doc.yaml.contents as Node | null;
  if (!isMap(root)) return [];
  const text = doc.text;
  const services = new Map<string, Entry>();
  for (const e of viewOf(doc).services) services.set(e.name, e);
  const out: StackSymbol[] = [];
  for (const p of root.items) {
    const sym = symbolOf(text, p, 'property');
    if (!sym) continue;
    const v = p.value as Node | null;
    if (sym.name === 'services' && isMap(v)) {
      sym.kind = 'namespace';
      for (const sp of v.items) {
        const s = symbolOf(text, sp, 'class');
        if (!s) continue;
        if (s.name.startsWith('x-')) s.kind = 'variable';
        const entry = services.get(s.name);
        if (entry) s.detail = serviceDetail(entry);
        const sv = sp.value as Node | null;
        if (isMap(sv)) for (const kp of sv.items) pushSym(s.children, symbolOf(text, kp, 'property'));
        sym.children.push(s);
      }
    } else if (NAMED_SECTIONS.has(sym.name) && isMap(v)) {
      sym.kind = 'namespace';
      for (const np of v.items) pushSym(sym.children, symbolOf(text, np, 'object'));
    } else if (sym.name.startsWith('x-')) {
      sym.kind = 'variable';
    } else if (isScalar(v)) {
      sym.kind = 'constant';
      sym.detail = String(v.value ?? '');
    }
    out.push(sym);
  }
  return out;
}

/** `replicated × 3`, `global`, `replicated-job × 1`; the replica count as written (`${N}` stays as text). */
export function serviceDetail(svc: Entry): string | undefined {
  const mode = modeOf(svc);
  if (mode === undefined) return svc.at('deploy', 'mode')?.scalar ? String(svc.at('deploy', 'mode')!.scalar!.value) : undefined;
  if (mode === 'global' || mode === 'global-job') return mode;
  const r = svc.at('deploy', 'replicas');
  const s = r?.scalar;
  const n = !r || !s || s.type === 'null' ? DEFAULT_REPLICAS : String(s.value);
  return `${mode} × ${n}`;
}

function pushSym(list: StackSymbol[], s: StackSymbol | undefined): void {
  if (s) list.push(s);
}

function symbolOf(text: string, p: Pair, kind: SymbolKind): StackSymbol | undefined {
  const k = p.key as Node | null;
  if (!isScalar(k) || !k.range) return undefined;
  const name = String(k.value ?? '');
  if (name === '' || name === '<<') return undefined;
  const end = Math.max(k.range[1], valueEnd(text, p.value as Node | null));
  return { name, kind, start: k.range[0], end, selectionStart: k.range[0], selectionEnd: k.range[1], children: [] };
}

/** A node's end without the trailing line breaks and spaces block collections include. */
function valueEnd(text: string, v: Node | null): number {
  const r = v?.range;
  if (!r) return 0;
  let end = r[1];
  while (end > r[0] && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13 || text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  return end;
}

/** A fold for every block (mapping, list, multi-line scalar) that spans more than one line, and for comment runs. */
export function foldingRanges(doc: StackDoc): Fold[] {
  const text = doc.text;
  const lineOf = (off: number) => doc.lines.linePos(off).line - 1;
  const out: Fold[] = [];
  const add = (from: number, to: number) => {
    const a = lineOf(from);
    const b = lineOf(to);
    if (b > a) out.push({ startLine: a, endLine: b });
  };
  const walk = (node: Node | null | undefined, owner: number | undefined, depth: number): void => {
    if (!node || !node.range || depth > 200) return;
    const end = valueEnd(text, node);
    if (isMap(node) || isSeq(node)) {
      if (owner !== undefined) add(owner, end);
      if (isMap(node)) {
        for (const p of node.items) {
          const k = p.key as Node | null;
          walk(p.value as Node | null, k?.range ? k.range[0] : undefined, depth + 1);
        }
      } else {
        for (const it of node.items) {
          const n = it as Node | null;
          // A list item that is a block mapping folds from its `- ` line.
          if (isMap(n) && n.range) {
            add(n.range[0], valueEnd(text, n));
            for (const p of n.items) {
              const k = p.key as Node | null;
              walk(p.value as Node | null, k?.range ? k.range[0] : undefined, depth + 1);
            }
          } else walk(n, undefined, depth + 1);
        }
      }
    } else if (isScalar(node) && owner !== undefined) {
      add(owner, end);
    }
  };
  const root = doc.yaml.contents as Node | null;
  walk(root, undefined, 0);
  // Runs of two or more full-line comments.
  let runStart = -1;
  let line = 0;
  let prev = -1;
  for (let i = 0; i <= text.length; line++) {
    const nl = text.indexOf('\n', i);
    const lineEnd = nl === -1 ? text.length : nl;
    const isComment = /^\s*#/.test(text.slice(i, lineEnd));
    if (isComment && runStart < 0) runStart = line;
    if (!isComment && runStart >= 0) {
      if (prev > runStart) out.push({ startLine: runStart, endLine: prev, kind: 'comment' });
      runStart = -1;
    }
    if (isComment) prev = line;
    if (nl === -1) break;
    i = nl + 1;
  }
  if (runStart >= 0 && prev > runStart) out.push({ startLine: runStart, endLine: prev, kind: 'comment' });
  out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  // Editors keep one fold per start line: the widest.
  return out.filter((f, i) => i === 0 || out[i - 1]!.startLine !== f.startLine);
}
