// A fast path for the YAML that stack files are made of: block mappings and sequences, one-line plain and
// quoted scalars, one-line flow collections of scalars. It builds the same node tree as the `yaml` package
// (YAMLMap, YAMLSeq, Pair, Scalar with the same ranges and values), an order of magnitude faster, so that a
// 40k-line file is checked in milliseconds. Anything else (anchors, aliases, tags, block scalars, multi-line
// scalars, escapes, errors) returns undefined and the caller parses with `yaml` itself, which stays the truth.
// test/unit/fastParse.test.ts compares both on the corpus and on generated input.
import { Document, LineCounter, Pair, Scalar, YAMLMap, YAMLSeq, type ParsedNode } from 'yaml';

class Bail extends Error {}
const BAIL = new Bail();

const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const CR = 13;
const TAB = 9;

/** Characters that make a plain scalar or key start mean something else in YAML. */
const INDICATOR_START = new Set('?:,[]{}#&*!|>\'"%@`-'.split('').map((c) => c.charCodeAt(0)));

interface Line {
  /** Offset of the first character of the line. */
  start: number;
  /** Offset of the first non-space character. */
  content: number;
  /** Offset of the line break (or the text's end). */
  end: number;
  indent: number;
}

export function fastParse(text: string, lines: LineCounter): Document.Parsed | undefined {
  try {
    return new FastParser(text, lines).document();
  } catch (e) {
    if (e instanceof Bail) return undefined;
    throw e;
  }
}

class FastParser {
  private readonly lines: Line[] = [];
  private i = 0;

  constructor(private readonly text: string, counter: LineCounter) {
    const n = text.length;
    let start = 0;
    while (start <= n) {
      counter.addNewLine(start);
      let end = text.indexOf('\n', start);
      if (end === -1) end = n;
      let content = start;
      while (content < end && text.charCodeAt(content) === SPACE) content++;
      const c = text.charCodeAt(content);
      if (c === TAB) throw BAIL;
      let lineEnd = end;
      if (lineEnd > start && text.charCodeAt(lineEnd - 1) === CR) lineEnd--;
      // blank and comment-only lines carry no structure
      if (content < lineEnd && c !== HASH) {
        // document markers and directives: leave them to the full parser
        if (content === start && (c === 37 /* % */ || text.startsWith('---', start) || text.startsWith('...', start))) throw BAIL;
        this.lines.push({ start, content, end: lineEnd, indent: content - start });
      }
      if (end === n) break;
      start = end + 1;
    }
  }

  document(): Document.Parsed {
    const doc = new Document();
    const n = this.text.length;
    if (this.lines.length > 0) {
      const first = this.lines[0]!;
      if (first.indent !== 0) throw BAIL;
      doc.contents = this.block(first.content) as never;
      if (this.i < this.lines.length) throw BAIL;
    } else {
      doc.contents = null;
    }
    doc.range = [0, n, n];
    return doc as Document.Parsed;
  }

  /** The offset where the structure after the current line continues (what ends a collection). */
  private nextStart(): number {
    const l = this.lines[this.i];
    return l ? l.content : this.text.length;
  }

  /** A block node whose first token is at `col` on the current line. */
  private block(col: number): ParsedNode {
    const line = this.lines[this.i]!;
    const c = this.text.charCodeAt(col);
    if (c === DASH && this.isSpaceOrEnd(col + 1, line.end)) return this.sequence(col - line.start, col);
    if (this.keyEnd(col, line.end) !== -1) return this.mapping(col - line.start, col);
    throw BAIL; // a bare scalar where a collection was expected: rare; let the full parser judge it
  }

  private isSpaceOrEnd(pos: number, end: number): boolean {
    return pos >= end || this.text.charCodeAt(pos) === SPACE;
  }

  /** Mapping whose keys are at column `indent`; its first key is at offset `col` on the current line. */
  private mapping(indent: number, col: number): YAMLMap.Parsed {
    const map = new YAMLMap() as YAMLMap.Parsed;
    const seen = new Set<unknown>();
    let keyAt = col;
    for (;;) {
      const line = this.lines[this.i]!;
      const colon = this.keyEnd(keyAt, line.end);
      if (colon === -1) throw BAIL;
      const key = this.keyScalar(keyAt, colon);
      // a duplicate key is an error the full parser reports; `<<` may be a merge key
      if (seen.has(key.value) || key.value === '<<') throw BAIL;
      seen.add(key.value);
      let v = colon + 1;
      while (v < line.end && this.text.charCodeAt(v) === SPACE) v++;
      let value: ParsedNode;
      if (v >= line.end || this.text.charCodeAt(v) === HASH) {
        this.i++;
        const next = this.lines[this.i];
        // a nested block: deeper, or a sequence at the key's own column (`key:\n- a`)
        if (next && (next.indent > indent || (next.indent === indent && this.isSeqLine(next)))) {
          value = this.block(next.content);
        } else {
          value = emptyScalar(v);
        }
      } else {
        value = this.inlineValue(v, line, indent);
      }
      map.items.push(new Pair(key, value) as never);
      const next = this.lines[this.i];
      if (!next || next.indent < indent) break;
      if (next.indent > indent) throw BAIL;
      if (this.isSeqLine(next)) break; // the parent sequence continues (`- a: 1\n- b: 2` at the same column)
      keyAt = next.content;
    }
    map.range = [col, this.nextStart(), this.nextStart()];
    return map;
  }

  private isSeqLine(l: Line): boolean {
    return this.text.charCodeAt(l.content) === DASH && this.isSpaceOrEnd(l.content + 1, l.end);
  }

  /** Sequence whose dashes are at column `indent`. */
  private sequence(indent: number, col: number): YAMLSeq.Parsed {
    const seq = new YAMLSeq() as YAMLSeq.Parsed;
    let dash = col;
    for (;;) {
      const line = this.lines[this.i]!;
      let v = dash + 1;
      while (v < line.end && this.text.charCodeAt(v) === SPACE) v++;
      if (v >= line.end || this.text.charCodeAt(v) === HASH) {
        this.i++;
        const next = this.lines[this.i];
        if (next && next.indent > indent) seq.items.push(this.block(next.content) as never);
        else seq.items.push(emptyScalar(v) as never);
      } else if (this.text.charCodeAt(v) === DASH && this.isSpaceOrEnd(v + 1, line.end)) {
        throw BAIL; // `- - x`: nested compact sequences are rare in stack files
      } else if (this.keyEnd(v, line.end) !== -1) {
        // `- key: value`: a compact mapping whose keys sit at this column
        seq.items.push(this.mapping(v - line.start, v) as never);
      } else {
        seq.items.push(this.inlineValue(v, line, indent) as never);
      }
      const next = this.lines[this.i];
      if (!next || next.indent < indent) break;
      if (next.indent > indent || !this.isSeqLine(next)) {
        if (next.indent === indent) break; // a key of the parent mapping (`key:\n- a\nother: b`)
        throw BAIL;
      }
      dash = next.content;
    }
    seq.range = [col, this.nextStart(), this.nextStart()];
    return seq;
  }

  /** A value that starts on the current line at `v` and must end on it; advances to the next line. */
  private inlineValue(v: number, line: Line, indent: number): ParsedNode {
    const c = this.text.charCodeAt(v);
    let node: ParsedNode;
    let after: number;
    if (c === 91 /* [ */ || c === 123 /* { */) {
      [node, after] = this.flow(v, line.end);
    } else if (c === 34 /* " */ || c === 39 /* ' */) {
      [node, after] = this.quoted(v, line.end);
    } else if (INDICATOR_START.has(c) && c !== DASH) {
      throw BAIL; // anchors, aliases, tags, block scalars, ...
    } else {
      const end = this.plainEnd(v, line.end);
      const src = this.text.slice(v, end);
      if (c === DASH && (src.length === 1 || this.text.charCodeAt(v + 1) === SPACE)) throw BAIL;
      if (src.includes(': ') || src.endsWith(':')) throw BAIL; // a nested compact mapping is a YAML error
      node = plainScalar(src, v, end, line.end + 1);
      after = end;
    }
    this.expectLineRest(after, line.end);
    this.i++;
    const next = this.lines[this.i];
    // a more indented line right after a value continues it (a multi-line scalar) or is an error
    if (next && next.indent > indent) throw BAIL;
    return node;
  }

  /** Only spaces and a comment may follow a value on its line. */
  private expectLineRest(pos: number, end: number): void {
    let p = pos;
    while (p < end && this.text.charCodeAt(p) === SPACE) p++;
    if (p < end && !(this.text.charCodeAt(p) === HASH && p > pos)) throw BAIL;
  }

  /** End of a plain scalar in block context: before ` #` or the line's end, trailing spaces trimmed. */
  private plainEnd(v: number, end: number): number {
    let e = v;
    while (e < end && !(this.text.charCodeAt(e) === HASH && this.text.charCodeAt(e - 1) === SPACE)) e++;
    while (e > v && this.text.charCodeAt(e - 1) === SPACE) e--;
    return e;
  }

  /** Offset of the `:` that ends a key starting at `k`, or -1 when the line holds no `key:` there. */
  private keyEnd(k: number, end: number): number {
    const c = this.text.charCodeAt(k);
    if (c === 34 || c === 39) {
      const close = this.quoteClose(k, end);
      if (close === -1) return -1;
      return this.text.charCodeAt(close + 1) === COLON && this.isSpaceOrEnd(close + 2, end) ? close + 1 : -1;
    }
    if (INDICATOR_START.has(c)) return -1;
    for (let p = k; p < end; p++) {
      const ch = this.text.charCodeAt(p);
      if (ch === COLON && this.isSpaceOrEnd(p + 1, end)) return p;
      if (ch === HASH && this.text.charCodeAt(p - 1) === SPACE) return -1;
    }
    return -1;
  }

  private keyScalar(k: number, colon: number): Scalar.Parsed {
    const c = this.text.charCodeAt(k);
    if (c === 34 || c === 39) {
      const [node] = this.quoted(k, colon);
      (node as Scalar.Parsed).range = [k, colon, colon];
      return node as Scalar.Parsed;
    }
    let e = colon;
    while (e > k && this.text.charCodeAt(e - 1) === SPACE) e--;
    return plainScalar(this.text.slice(k, e), k, e, e);
  }

  /** Index of the closing quote of a one-line quoted scalar starting at `q`, or -1. */
  private quoteClose(q: number, end: number): number {
    const quote = this.text.charCodeAt(q);
    for (let p = q + 1; p < end; p++) {
      const ch = this.text.charCodeAt(p);
      if (ch === 92 /* \ */ && quote === 34) throw BAIL; // escapes: leave them to the full parser
      if (ch === quote) {
        if (quote === 39 && this.text.charCodeAt(p + 1) === 39) { p++; continue; } // '' inside '...'
        return p;
      }
    }
    return -1;
  }

  private quoted(q: number, end: number): [ParsedNode, number] {
    const close = this.quoteClose(q, end);
    if (close === -1) throw BAIL;
    const raw = this.text.slice(q + 1, close);
    const single = this.text.charCodeAt(q) === 39;
    const s = new Scalar(single ? raw.replace(/''/g, "'") : raw) as Scalar.Parsed;
    s.type = single ? Scalar.QUOTE_SINGLE : Scalar.QUOTE_DOUBLE;
    s.source = s.value as string;
    s.range = [q, close + 1, close + 1];
    return [s, close + 1];
  }

  /** A one-line flow sequence or mapping of scalars. */
  private flow(open: number, end: number): [ParsedNode, number] {
    const isSeq = this.text.charCodeAt(open) === 91;
    const closer = isSeq ? 93 : 125;
    const coll = (isSeq ? new YAMLSeq() : new YAMLMap()) as YAMLSeq.Parsed | YAMLMap.Parsed;
    coll.flow = true;
    let p = open + 1;
    const skip = () => { while (p < end && this.text.charCodeAt(p) === SPACE) p++; };
    const item = (): Scalar.Parsed => {
      skip();
      const c = this.text.charCodeAt(p);
      if (c === 34 || c === 39) {
        const [s, after] = this.quoted(p, end);
        p = after;
        return s as Scalar.Parsed;
      }
      if (INDICATOR_START.has(c) && !(c === DASH && p + 1 < end && this.text.charCodeAt(p + 1) !== SPACE)) throw BAIL;
      const start = p;
      while (p < end) {
        const ch = this.text.charCodeAt(p);
        if (ch === 44 || ch === closer || ch === 91 || ch === 93 || ch === 123 || ch === 125) break;
        if (ch === COLON && (p + 1 >= end || this.text.charCodeAt(p + 1) === SPACE || this.text.charCodeAt(p + 1) === 44)) break;
        if (ch === HASH && this.text.charCodeAt(p - 1) === SPACE) throw BAIL;
        p++;
      }
      let e = p;
      while (e > start && this.text.charCodeAt(e - 1) === SPACE) e--;
      if (e === start) throw BAIL;
      return plainScalar(this.text.slice(start, e), start, e, e);
    };
    const seen = new Set<unknown>();
    skip();
    while (this.text.charCodeAt(p) !== closer) {
      const k = item();
      skip();
      if (isSeq) {
        if (this.text.charCodeAt(p) === COLON) throw BAIL; // `[a: b]`: a pair in a sequence
        coll.items.push(k as never);
      } else {
        if (this.text.charCodeAt(p) !== COLON) throw BAIL;
        p++;
        if (seen.has(k.value)) throw BAIL;
        seen.add(k.value);
        const v = item();
        coll.items.push(new Pair(k, v) as never);
      }
      skip();
      const ch = this.text.charCodeAt(p);
      if (ch === 44) { p++; skip(); continue; }
      if (ch !== closer) throw BAIL;
    }
    coll.range = [open, p + 1, p + 1];
    return [coll, p + 1];
  }
}

function emptyScalar(at: number): Scalar.Parsed {
  const s = new Scalar(null) as Scalar.Parsed;
  s.type = Scalar.PLAIN;
  s.source = '';
  s.range = [at, at, at];
  return s;
}

// The YAML 1.2 core schema, as the `yaml` package applies it by default. Rarer forms (hex, octal, exponents,
// .inf, .nan) go to the full parser.
const NULL_RE = /^(?:~|[Nn]ull|NULL)$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_RE = /^[-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const RARE_NUMBER_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+)$/;

function plainScalar(src: string, start: number, valueEnd: number, nodeEnd: number): Scalar.Parsed {
  let value: unknown = src;
  const c = src.charCodeAt(0);
  // only strings that start like a number, n/N/~, t/T or f/F can resolve to something else
  if ((c >= 48 && c <= 57) || c === 43 || c === DASH || c === 46) {
    if (INT_RE.test(src)) {
      value = Number(src);
      if (!Number.isSafeInteger(value)) throw BAIL;
    } else if (FLOAT_RE.test(src)) {
      value = parseFloat(src);
    } else if (RARE_NUMBER_RE.test(src)) {
      throw BAIL;
    }
  } else if (NULL_RE.test(src)) {
    value = null;
  } else if (BOOL_RE.test(src)) {
    value = c === 116 || c === 84;
  }
  const s = new Scalar(value) as Scalar.Parsed;
  if (typeof value === 'number' && !Number.isInteger(value)) {
    const dot = src.indexOf('.');
    if (dot !== -1 && src.endsWith('0')) s.minFractionDigits = src.length - dot - 1;
  }
  s.type = Scalar.PLAIN;
  s.source = src;
  s.range = [start, valueEnd, nodeEnd];
  return s;
}
