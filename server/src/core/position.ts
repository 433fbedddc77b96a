// Text + offset → where the cursor is in the stack file: the key path, whether a key or a value is being typed,
// the partial word, and the keys already present. Read from the raw lines by indentation (block YAML is what
// stack files are made of), so it works on half-typed lines and in files whose YAML does not parse; cost is
// proportional to the distance to the enclosing top-level key, never to the file's size after the cursor.

/** One physical line, offsets into the text; `end` excludes the line break. */
interface Line {
  start: number;
  end: number;
}

/** The structure of one line, columns relative to its start. */
export interface LineInfo {
  indent: number;
  /** Columns of the leading `- ` sequence markers. */
  dashes: number[];
  /** Column where the content starts (after indentation and dashes). */
  content: number;
  /** Whitespace or a comment only (a line with a dash is not blank). */
  blank: boolean;
  key?: string;
  keyStart?: number;
  keyEnd?: number;
  /** Column of the `:` after the key. */
  colon?: number;
  /** Column where the value starts (first non-space after the colon; the line length when none). */
  valueStart?: number;
  /** Value text after the colon, comment removed, trimmed. */
  value?: string;
}

export type CursorKind = 'key' | 'value' | 'item';

export interface CursorContext {
  /**
   * key: a key of the mapping at `path` is being typed; value: the value of the key at `path`; item: an item
   * of the list at `path` (ends with `[]`) — a scalar, or the first key of a mapping item.
   */
  kind: CursorKind;
  path: string[];
  /** What is typed of the current word or value, before the cursor. */
  prefix: string;
  /** The range a completion replaces: the partial word or value. */
  replace: [number, number];
  /** Keys already present in the mapping (key and item kinds). */
  siblings: Set<string>;
  /** Column of the key being typed (key kind), or of the key whose value it is. */
  column: number;
  /** The file's indentation step here (column minus the parent's column; 2 when unknown). */
  indentUnit: number;
  /** Inside a flow collection (`[…]` / `{…}`) on this line: only single-line items make sense. */
  flow: boolean;
  /** The key line has nothing after the cursor: a multi-line insertion is safe. */
  lineRestEmpty: boolean;
  /** The value starts with a quote (value/item kinds): completions must not add their own. */
  quote?: '"' | "'";
}

/** The token under an offset, for hover. */
export interface TokenAt {
  kind: 'key' | 'value';
  /** Path of the key (for a value: the key whose value it is; list items end with an index segment `[]`). */
  path: string[];
  span: [number, number];
  /** The value text (value kind). */
  text?: string;
}

const SPACE = 32;

function lineAt(text: string, offset: number): Line {
  const start = offset > 0 ? text.lastIndexOf('\n', offset - 1) + 1 : 0;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return { start, end };
}

function prevLine(text: string, l: Line): Line | undefined {
  if (l.start === 0) return undefined;
  const end = l.start - 1; // the '\n'
  const start = end > 0 ? text.lastIndexOf('\n', end - 1) + 1 : 0;
  return { start, end: end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end };
}

function nextLine(text: string, l: Line): Line | undefined {
  let nl = l.end;
  if (text.charCodeAt(nl) === 13) nl++;
  if (nl >= text.length) return undefined;
  const start = nl + 1;
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return { start, end };
}

/** Lines indented less than this are indexed: the walk to the top-level keys jumps over deeper lines. */
const SHALLOW = 4;
let shallow: { text: string; starts: number[] } | undefined;

/** Starts of the non-blank lines indented less than SHALLOW, for the last text seen (one pass, then reused). */
function shallowStarts(text: string): number[] {
  if (shallow && shallow.text === text) return shallow.starts;
  const starts: number[] = [];
  const re = /^ {0,3}[^ \r\n]/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index);
  shallow = { text, starts };
  return starts;
}

function lineFrom(text: string, start: number): Line {
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return { start, end };
}

/** How many shallow line starts lie before `offset` (a binary search: the list is sorted). */
function shallowBefore(st: readonly number[], offset: number): number {
  let lo = 0;
  let hi = st.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (st[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The nearest line before `l` indented less than SHALLOW. */
function prevShallow(text: string, l: Line): Line | undefined {
  const st = shallowStarts(text);
  const i = shallowBefore(st, l.start) - 1;
  return i < 0 ? undefined : lineFrom(text, st[i]!);
}

/** The nearest line after `l` indented less than SHALLOW. */
function nextShallow(text: string, l: Line): Line | undefined {
  const st = shallowStarts(text);
  let i = shallowBefore(st, l.start);
  if (st[i] === l.start) i++;
  return i < st.length ? lineFrom(text, st[i]!) : undefined;
}

const QUOTED_KEY = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)')\s*:(?=\s|$)/;
const PLAIN_KEY = /^([^\s#"'[\]{},&*!|>%@`][^#]*?)\s*:(?=\s|$)/;

/** Column of a ` #` comment start outside quotes, or -1. */
function commentAt(s: string, from: number): number {
  let q = '';
  for (let i = from; i < s.length; i++) {
    const c = s[i]!;
    if (q) {
      if (c === q) q = '';
    } else if (c === '"' || c === "'") {
      if (i === from || /[\s[{,:]/.test(s[i - 1]!)) q = c;
    } else if (c === '#' && (i === 0 || s[i - 1] === ' ' || s[i - 1] === '\t')) {
      return i;
    }
  }
  return -1;
}

export function parseLine(s: string): LineInfo {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === SPACE) i++;
  const indent = i;
  const dashes: number[] = [];
  while (s[i] === '-' && (i + 1 === s.length || s[i + 1] === ' ')) {
    dashes.push(i);
    i++;
    while (i < s.length && s.charCodeAt(i) === SPACE) i++;
  }
  const content = i;
  const rest = s.slice(i);
  const blank = dashes.length === 0 && (rest.trim() === '' || rest.startsWith('#'));
  const info: LineInfo = { indent, dashes, content, blank };
  if (blank) return info;
  const m = QUOTED_KEY.exec(rest) ?? PLAIN_KEY.exec(rest);
  if (m) {
    const quoted = rest[0] === '"' || rest[0] === "'";
    info.key = quoted ? (m[1] ?? m[2] ?? '').replace(/''/g, "'") : m[1]!.trimEnd();
    info.keyStart = content + (quoted ? 1 : 0);
    info.keyEnd = info.keyStart + (quoted ? (m[1] ?? m[2] ?? '').length : info.key.length);
    info.colon = content + m[0].length - 1;
    let v = info.colon + 1;
    while (v < s.length && s.charCodeAt(v) === SPACE) v++;
    info.valueStart = v;
    const c = commentAt(s, v);
    info.value = (c < 0 ? s.slice(v) : s.slice(v, c)).trim();
  }
  return info;
}

/** A value that opens a nested block (empty, an anchor or a tag alone). */
function opensBlock(value: string | undefined): boolean {
  return value === undefined || value === '' || /^([&!][^\s]*\s*)+$/.test(value);
}

/** A block scalar header (`|`, `>-`, with an optional anchor or tag). */
function isBlockScalar(value: string | undefined): boolean {
  return value !== undefined && /^([&!][^\s]*\s+)*[|>][-+0-9]*$/.test(value);
}

interface Ancestry {
  /** Path from the top, outermost first. */
  path: string[];
  siblings: Set<string>;
  /** Column of the nearest parent key (-1 at the top level). */
  parentColumn: number;
  /** The cursor is inside a block scalar, a plain multi-line scalar, or otherwise not at a key position. */
  opaque: boolean;
}

/**
 * Walks up from the line before `from`: the enclosing keys of content at column `col`. `afterDash` when that
 * content is a sequence item whose dash is at `col`.
 */
function ancestry(text: string, from: Line, col: number, afterDash: boolean): Ancestry {
  const rev: string[] = [];
  const siblings = new Set<string>();
  let collecting = !afterDash;
  let need = col;
  let parentColumn = -1;
  let opaque = false;
  for (let l = prevLine(text, from); l && (need > 0 || afterDash || collecting); l = need < SHALLOW ? prevShallow(text, l) : prevLine(text, l)) {
    // Cheap skip: a line indented deeper than `need` can be neither a parent nor a sibling.
    let i = l.start;
    const lim = Math.min(l.end, l.start + need + 1);
    while (i < lim && text.charCodeAt(i) === SPACE) i++;
    if (i - l.start > need && i < l.end) continue;
    const s = text.slice(l.start, l.end);
    if (s === '---' || s.startsWith('--- ') || s.startsWith('...')) break;
    const li = parseLine(s);
    if (li.blank) continue;
    const kc = li.content;
    if (afterDash) {
      if (kc > need) continue;
      if (li.dashes.length > 0 && li.indent === need) continue; // an earlier item of the same list
    } else {
      if (kc > need) continue;
      if (kc === need) {
        if (li.key !== undefined && collecting) siblings.add(li.key);
        if (li.dashes.length === 0) continue;
        // `- key: …` starts the mapping item we are in.
        if (parentColumn < 0) parentColumn = li.dashes[li.dashes.length - 1]!;
        for (let d = li.dashes.length - 1; d >= 0; d--) rev.push('[]');
        collecting = false;
        need = li.indent;
        afterDash = true;
        continue;
      }
    }
    // A parent.
    if (li.key === undefined) {
      opaque = true;
      break;
    }
    if (parentColumn < 0) parentColumn = kc;
    if (isBlockScalar(li.value) || !opensBlock(li.value)) opaque = true;
    rev.push(li.key);
    collecting = false;
    if (li.dashes.length > 0) {
      for (let d = li.dashes.length - 1; d >= 0; d--) rev.push('[]');
      need = li.indent;
      afterDash = true;
    } else {
      need = kc;
      afterDash = false;
    }
  }
  return { path: rev.reverse(), siblings, parentColumn, opaque };
}

/** Keys at column `col` after line `from`, in the same mapping (stops at a shallower line or a new list item). */
function siblingsAfter(text: string, from: Line, col: number, into: Set<string>): void {
  for (let l = nextLine(text, from); l; l = col < SHALLOW ? nextShallow(text, l) : nextLine(text, l)) {
    let i = l.start;
    const lim = Math.min(l.end, l.start + col + 1);
    while (i < lim && text.charCodeAt(i) === SPACE) i++;
    if (i - l.start > col && i < l.end) continue;
    const s = text.slice(l.start, l.end);
    if (s === '---' || s.startsWith('--- ')) return;
    const li = parseLine(s);
    if (li.blank) continue;
    if (li.content < col || li.dashes.length > 0) return;
    if (li.content === col && li.key !== undefined) into.add(li.key);
  }
}

interface FlowFrame {
  open: '[' | '{';
  key?: string;
  keys: Set<string>;
}

/** State of a single-line flow collection `s` (from its opening bracket) up to its end; undefined when closed. */
function flowState(s: string): { frames: FlowFrame[]; tokenStart: number; quote?: '"' | "'"; keyPos: boolean } | undefined {
  const frames: FlowFrame[] = [];
  let tokenStart = 0;
  let keyPos = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      tokenStart = i + 1;
    } else if (c === '[' || c === '{') {
      frames.push({ open: c, keys: new Set() });
      tokenStart = i + 1;
      keyPos = c === '{';
    } else if (c === ']' || c === '}') {
      frames.pop();
      if (frames.length === 0) return undefined;
      tokenStart = i + 1;
    } else if (c === ',') {
      const top = frames[frames.length - 1];
      if (top?.open === '{') {
        top.key = undefined;
        keyPos = true;
      }
      tokenStart = i + 1;
    } else if (c === ':' && (i + 1 === s.length || s[i + 1] === ' ')) {
      const top = frames[frames.length - 1];
      if (top?.open === '{' && keyPos) {
        top.key = s.slice(tokenStart, i).trim().replace(/^["']|["']$/g, '');
        top.keys.add(top.key);
        keyPos = false;
        tokenStart = i + 1;
      }
    }
  }
  if (frames.length === 0) return undefined;
  return { frames, tokenStart, quote, keyPos };
}

function indentUnitOf(col: number, parentColumn: number): number {
  const u = parentColumn >= 0 ? col - parentColumn : 0;
  return u > 0 && u <= 8 ? u : 2;
}

/** End of a flow item starting at `from` in `s`: before `,`, `]`, `}` or a closing quote. */
function flowItemEnd(s: string, from: number, quote: string | undefined): number {
  let i = from;
  while (i < s.length && !(quote ? s[i] === quote : /[,\]}]/.test(s[i]!))) i++;
  let e = i;
  if (!quote) while (e > from && s[e - 1] === ' ') e--;
  return e;
}

/** Where the cursor is: undefined inside comments, block scalars and places no completion applies. */
export function cursorContext(text: string, offset: number): CursorContext | undefined {
  const line = lineAt(text, offset);
  const s = text.slice(line.start, line.end);
  const ccol = Math.min(offset - line.start, s.length);
  const li = parseLine(s);
  const cmt = commentAt(s, li.content);
  if (cmt >= 0 && ccol > cmt) return undefined;
  const restEmpty = s.slice(ccol).trim() === '' || s.slice(ccol).trimStart().startsWith('#');
  const base = (col: number, afterDash: boolean) => ancestry(text, line, col, afterDash);
  const lineDashes = (d: number[]) => d.map(() => '[]');

  // The cursor sits after `key:` on this line: a value (or a flow collection).
  if (li.key !== undefined && li.colon !== undefined && ccol > li.colon) {
    const a = li.dashes.length > 0 ? base(li.indent, true) : base(li.content, false);
    if (a.opaque) return undefined;
    const keyPath = [...a.path, ...lineDashes(li.dashes), li.key];
    const indentUnit = indentUnitOf(li.content, li.dashes.length > 0 ? li.dashes[0]! : a.parentColumn);
    const vs = li.valueStart!;
    const valueText = s.slice(vs, Math.max(ccol, vs));
    if (valueText.startsWith('[') || valueText.startsWith('{')) {
      return flowContext(s, vs, ccol, keyPath, line.start, li.content, indentUnit);
    }
    if (ccol < vs) {
      // In the spaces between the colon and the value: the whole value is replaced.
      return {
        kind: 'value', path: keyPath, prefix: '', replace: [line.start + ccol, line.start + valueEnd(s, vs)], siblings: new Set(),
        column: li.content, indentUnit, flow: false, lineRestEmpty: restEmpty,
      };
    }
    const q = s[vs] === '"' || s[vs] === "'" ? (s[vs] as '"' | "'") : undefined;
    const from = q ? vs + 1 : vs;
    let end = valueEnd(s, vs);
    if (q && end > from && s[end - 1] === q) end--;
    return {
      kind: 'value', path: keyPath, prefix: s.slice(from, Math.max(from, ccol)), replace: [line.start + from, line.start + Math.max(end, ccol)],
      siblings: new Set(), column: li.content, indentUnit, flow: false, lineRestEmpty: restEmpty, quote: q,
    };
  }

  // A flow collection opened on a list-item line: `- [a, |`.
  if (li.dashes.length > 0 && (s[li.content] === '[' || s[li.content] === '{') && ccol > li.content) {
    const a = base(li.indent, true);
    if (a.opaque) return undefined;
    return flowContext(s, li.content, ccol, [...a.path, ...lineDashes(li.dashes).slice(1)], line.start, li.content, 2);
  }

  // A key, or a list item.
  const col = li.blank && li.dashes.length === 0 ? Math.min(ccol, li.content) : li.content;
  if (ccol < col) return undefined; // in the indentation before existing content
  const inItem = li.dashes.length > 0 && ccol >= li.content;
  const a = inItem ? base(li.indent, true) : base(col, false);
  if (a.opaque) return undefined;
  const wordEnd = (() => {
    if (li.keyEnd !== undefined) return li.keyEnd;
    let e = ccol;
    while (e < s.length && !/[\s:#]/.test(s[e]!)) e++;
    return e;
  })();
  const siblings = a.siblings;
  siblingsAfter(text, line, col, siblings);
  if (li.key !== undefined) siblings.delete(li.key); // the key being edited is not "already present"
  const indentUnit = indentUnitOf(col, inItem ? li.dashes[li.dashes.length - 1]! : a.parentColumn);
  if (inItem && li.key === undefined) {
    // `- |` or `- partial`: an item of the list (scalar items may contain spaces: the whole item is replaced).
    const q = s[li.content] === '"' || s[li.content] === "'" ? (s[li.content] as '"' | "'") : undefined;
    const from = q ? li.content + 1 : li.content;
    let end = valueEnd(s, li.content);
    if (q && end > from && s[end - 1] === q) end--;
    return {
      kind: 'item', path: [...a.path, ...lineDashes(li.dashes)], prefix: s.slice(from, Math.max(from, ccol)),
      replace: [line.start + from, line.start + Math.max(end, ccol)], siblings, column: col, indentUnit, flow: false,
      lineRestEmpty: restEmpty, quote: q,
    };
  }
  const start = li.keyStart ?? col;
  return {
    kind: 'key', path: [...a.path, ...lineDashes(li.dashes)], prefix: s.slice(start, Math.max(start, ccol)),
    replace: [line.start + start, line.start + Math.max(wordEnd, ccol)], siblings, column: col, indentUnit, flow: false,
    lineRestEmpty: li.key === undefined && restEmpty,
  };
}

/** Column where a block value ends on its line (before a comment and trailing spaces). */
function valueEnd(s: string, from: number): number {
  const c = commentAt(s, from);
  let e = c < 0 ? s.length : c;
  while (e > from && s[e - 1] === ' ') e--;
  return e;
}

function flowContext(s: string, open: number, ccol: number, keyPath: string[], lineStart: number, column: number, indentUnit: number): CursorContext | undefined {
  const st = flowState(s.slice(open, ccol));
  if (!st) return undefined;
  const path = [...keyPath];
  const frames = st.frames;
  for (let i = 0; i < frames.length - 1; i++) {
    const f = frames[i]!;
    if (f.open === '[') path.push('[]');
    else if (f.key !== undefined) path.push(f.key);
    else return undefined;
  }
  const top = frames[frames.length - 1]!;
  let from = open + st.tokenStart;
  while (from < ccol && s[from] === ' ') from++;
  const end = flowItemEnd(s, Math.max(from, ccol), st.quote);
  const common = {
    prefix: s.slice(from, ccol), replace: [lineStart + from, lineStart + Math.max(end, ccol)] as [number, number], column, indentUnit,
    flow: true, lineRestEmpty: false, quote: st.quote,
  };
  if (top.open === '[') return { kind: 'item', path: [...path, '[]'], siblings: new Set(), ...common };
  if (st.keyPos) return { kind: 'key', path, siblings: top.keys, ...common };
  return { kind: 'value', path: [...path, top.key!], siblings: new Set(), ...common };
}

/** The key or value under the offset, with its path; undefined on blank lines, comments and dashes. */
export function tokenAt(text: string, offset: number): TokenAt | undefined {
  const line = lineAt(text, offset);
  const s = text.slice(line.start, line.end);
  const ccol = offset - line.start;
  const li = parseLine(s);
  if (li.blank) return undefined;
  const a = li.dashes.length > 0 ? ancestry(text, line, li.indent, true) : ancestry(text, line, li.content, false);
  if (a.opaque) return undefined;
  const path = [...a.path, ...li.dashes.map(() => '[]')];
  if (li.key !== undefined && li.keyStart !== undefined && li.keyEnd !== undefined) {
    if (ccol >= li.content && ccol <= li.colon!) {
      return { kind: 'key', path: [...path, li.key], span: [line.start + li.keyStart, line.start + li.keyEnd] };
    }
    const vs = li.valueStart!;
    const ve = valueEnd(s, vs);
    if (ccol >= vs && ccol <= ve && ve > vs) {
      const raw = s.slice(vs, ve);
      if (raw.startsWith('[') || raw.startsWith('{')) {
        const ctx = flowContext(s, vs, ccol, [...path, li.key], line.start, li.content, 2);
        if (ctx && (ctx.kind === 'item' || ctx.kind === 'value')) {
          return { kind: 'value', path: ctx.path, span: ctx.replace, text: text.slice(ctx.replace[0], ctx.replace[1]) };
        }
        return { kind: 'value', path: [...path, li.key], span: [line.start + vs, line.start + ve], text: raw };
      }
      return { kind: 'value', path: [...path, li.key], span: [line.start + vs, line.start + ve], text: unquote(raw) };
    }
    return undefined;
  }
  if (li.dashes.length > 0 && ccol >= li.content) {
    const ve = valueEnd(s, li.content);
    if (ve <= li.content) return undefined;
    const raw = s.slice(li.content, ve);
    return { kind: 'value', path, span: [line.start + li.content, line.start + ve], text: unquote(raw) };
  }
  return undefined;
}

function unquote(raw: string): string {
  if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw[raw.length - 1] === raw[0]) return raw.slice(1, -1);
  return raw;
}
