// Interpolation as docker/cli does it (cli/compose/template): every string VALUE of the file (keys are never
// interpolated) is scanned for `$$` (a literal $), `$NAME`, `${NAME}`, `${NAME:-x}`, `${NAME-x}`, `${NAME?err}`,
// `${NAME:?err}` (names [_a-zA-Z][_a-zA-Z0-9]*; the unbraced form takes the same modifiers up to the next `}`).
// Any other `$` makes the CLI refuse the file ("invalid interpolation format … you may need to escape any $ with
// another $"). An unbraced `$name` that looks meant literally (a password hash, a lowercase word) is silently
// replaced by the deployer's variable — usually unset, so by "" — which we warn about.
import type { Node, Scalar } from 'yaml';
import { isAlias, isMap, isScalar, isSeq } from '../yamlNodes';
import type { StackDoc } from '../document';
import type { Finding } from '../types';
import type { RuleFamily } from './rule';
import { resolveScalar, type Span } from './stackView';

export interface Dollar {
  kind: 'escaped' | 'named' | 'braced' | 'invalid';
  /** Offsets in the string value. */
  start: number;
  end: number;
  name?: string;
}

const isNameStart = (c: number) => c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57);

/** The `$` sequences of a string value, as docker/cli's template pattern matches them (leftmost, in order). */
export function scanDollars(s: string): Dollar[] {
  const out: Dollar[] = [];
  let i = s.indexOf('$');
  while (i !== -1) {
    const c = s.charCodeAt(i + 1);
    let end: number;
    if (c === 36) {
      out.push({ kind: 'escaped', start: i, end: i + 2 });
      end = i + 2;
    } else if (isNameStart(c)) {
      let j = i + 2;
      while (j < s.length && isNameChar(s.charCodeAt(j))) j++;
      const name = s.slice(i + 1, j);
      j = modifier(s, j);
      out.push({ kind: 'named', start: i, end: j, name });
      end = j;
    } else if (c === 123 /* { */ && isNameStart(s.charCodeAt(i + 2))) {
      let j = i + 3;
      while (j < s.length && isNameChar(s.charCodeAt(j))) j++;
      const name = s.slice(i + 2, j);
      j = modifier(s, j);
      if (s.charCodeAt(j) === 125 /* } */) {
        out.push({ kind: 'braced', start: i, end: j + 1, name });
        end = j + 1;
      } else {
        out.push({ kind: 'invalid', start: i, end: Math.min(s.length, i + 2) });
        end = i + 1;
      }
    } else {
      out.push({ kind: 'invalid', start: i, end: Math.min(s.length, i + 2) });
      end = i + 1;
    }
    i = s.indexOf('$', end);
  }
  return out;
}

/** `(?::?[-?][^}]*)?` after a name. */
function modifier(s: string, j: number): number {
  let k = j;
  if (s.charCodeAt(k) === 58 /* : */) k++;
  const m = s.charCodeAt(k);
  if (m !== 45 /* - */ && m !== 63 /* ? */) return j;
  k++;
  while (k < s.length && s.charCodeAt(k) !== 125) k++;
  return k;
}

/** An unbraced `$name` that is probably not meant as a variable: lowercase letters, or glued to another `$`. */
function looksLiteral(d: Dollar, s: string): boolean {
  if (d.kind !== 'named' || !d.name) return false;
  if (/[a-z]/.test(d.name)) return true;
  return s.charCodeAt(d.end) === 36; // `$APR1$SALT`: consecutive $ words are a hash, not variables
}

const MAX_DEPTH = 1000;

class Scanner {
  readonly findings: Finding[] = [];
  constructor(private readonly doc: StackDoc) {}

  run(): void {
    // An explicit stack: a deeply nested (or fuzzed) document must not overflow the call stack.
    const stack: Array<[Node | null | undefined, number]> = [[this.doc.yaml.contents as Node | null, 0]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop()!;
      if (!node || isAlias(node) || depth > MAX_DEPTH) continue;
      if (isScalar(node)) this.scalar(node);
      else if (isMap(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push([node.items[i]!.value as Node | null, depth + 1]);
      else if (isSeq(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push([node.items[i] as Node | null, depth + 1]);
    }
  }

  private scalar(node: Scalar): void {
    const src = node.source ?? (typeof node.value === 'string' ? node.value : undefined);
    if (typeof src !== 'string' || !src.includes('$')) return;
    const r = resolveScalar(node);
    if (r.type !== 'string') return;
    const s = String(r.value);
    const dollars = scanDollars(s);
    const invalid = dollars.find((d) => d.kind === 'invalid');
    if (invalid) {
      const bit = s.slice(invalid.start, invalid.end);
      this.add('interp/invalid', 'error', this.locate(node, bit),
        `"${short(s)}": docker stack deploy refuses this $ ("invalid interpolation format … you may need to escape any $ with another $"): a $ must start $NAME or \${NAME}; write $$ for a literal $${bit.length > 1 ? ` (here: $${bit})` : ''}.`);
      return;
    }
    const literal = dollars.filter((d) => looksLiteral(d, s));
    if (literal.length === 0) return;
    const names = [...new Set(literal.map((d) => `$${d.name!}`))];
    this.add('interp/unescaped-dollar', 'warning', this.locate(node, names[0]!),
      `"${short(s)}": ${names.slice(0, 3).join(', ')}${names.length > 3 ? '…' : ''} ${names.length === 1 ? 'is' : 'are'} read as ${names.length === 1 ? 'a variable' : 'variables'} of the shell that deploys (usually unset, so replaced by "" without a warning). If the $ is meant literally (a password hash, a shell variable inside the container), write $$ instead: ${short(escapeLiteral(s, literal))}.`);
  }

  private add(code: string, severity: Finding['severity'], span: Span, message: string): void {
    this.findings.push({ code, severity, start: span[0], end: span[1], message });
  }

  /** The span of `bit` inside the scalar's source text when it appears there verbatim; else the whole scalar. */
  private locate(node: Scalar, bit: string): Span {
    const r = node.range;
    if (!r) return [0, 0];
    const i = this.doc.text.slice(r[0], r[1]).indexOf(bit);
    return i >= 0 ? [r[0] + i, r[0] + i + bit.length] : [r[0], Math.max(r[0], r[1])];
  }
}

function escapeLiteral(s: string, literal: Dollar[]): string {
  let out = s;
  for (let k = literal.length - 1; k >= 0; k--) out = `${out.slice(0, literal[k]!.start)}$${out.slice(literal[k]!.start)}`;
  return out;
}

function short(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Whether a text has a `$` at all; remembered for the last text, which a file checked service by service asks about once per service. */
let lastText: string | undefined;
let lastHas = false;
function hasDollar(text: string): boolean {
  if (text !== lastText) {
    lastText = text;
    lastHas = text.includes('$');
  }
  return lastHas;
}

export const interpFamily: RuleFamily = {
  name: 'interp',
  check(doc: StackDoc): Finding[] {
    if (!hasDollar(doc.text)) return [];
    const s = new Scanner(doc);
    s.run();
    return s.findings;
  },
};
