// YAML text → a parsed stack document with ranges. Pure: no I/O, no editor types.
import { LineCounter, parseDocument, visit, isAlias, isScalar, isSeq, isCollection, type Alias, type Document, type YAMLError } from 'yaml';
import { fastParseStack } from './fastParse';
import type { AnchorTable } from './anchors';
import type { Finding } from './types';

export interface StackDoc {
  text: string;
  /** The first YAML document of the stream: `docker stack deploy` reads only that one. */
  yaml: Document.Parsed;
  lines: LineCounter;
  /** Problems found while reading the text itself (syntax, binary, limits). */
  readFindings: Finding[];
  /** The rules' StackView of this document, built on first use (rules/stackView.ts viewOf). */
  view?: unknown;
  /** Anchor name → definitions in document order (anchors.ts anchorsOf: from the fast parser, or collected on first need). */
  anchors?: AnchorTable;
}

/** A text with a NUL in its first 8 KB is not YAML; parsing it would only bury the user in noise. */
const BINARY_PROBE = 8192;
/** Enough to show every real syntax error; a garbage file could otherwise produce hundreds of thousands. */
export const MAX_SYNTAX_FINDINGS = 200;
/**
 * Real stack files are kilobytes; the `yaml` package's time grows faster than linearly with size (2 MB takes seconds, 10 MB took
 * over a minute here), so a larger text gets one clear finding instead of a server that stops answering.
 */
export const MAX_TEXT_LENGTH = 2 * 1024 * 1024;

/** A text with a NUL near its start: not YAML at all. */
export function looksBinary(text: string): boolean {
  return text.slice(0, BINARY_PROBE).includes('\u0000');
}

export function parseStack(text: string): StackDoc {
  const lines = new LineCounter();
  if (looksBinary(text)) {
    return unparsed(text, lines, 'yaml/binary', 'error',
      'This file is binary (it contains NUL bytes), not a YAML stack file; nothing else was checked.');
  }
  if (text.length > MAX_TEXT_LENGTH) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    return unparsed(text, lines, 'yaml/too-large', 'information',
      `This file is ${mb(text.length)} MB; Swarm Rollout checks stack files up to ${mb(MAX_TEXT_LENGTH)} MB, so nothing in it was checked.`);
  }
  const fast = fastParseStack(text);
  if (fast) return withLazyLines({ text, yaml: fast.yaml, anchors: fast.anchors, readFindings: [] });
  // uniqueKeys (the default) reports duplicate keys as errors, as docker/cli's loader refuses them.
  const yaml = parseDocument(text, { lineCounter: lines, prettyErrors: false, keepSourceTokens: false });
  const readFindings: Finding[] = [];
  const place = yaml.errors.length > 0 ? errorPlacer(yaml) : undefined;
  for (const e of yaml.errors) {
    if (readFindings.length >= MAX_SYNTAX_FINDINGS) break;
    readFindings.push({
      code: e.code === 'DUPLICATE_KEY' ? 'yaml/duplicate-key' : e.code === 'TAB_AS_INDENT' ? 'yaml/tab-indent' : 'yaml/syntax',
      severity: 'error',
      ...place!(e),
    });
  }
  // The yaml package finds a dangling alias only when converting to JS; the loader refuses it outright.
  if (text.includes('*')) {
    for (const alias of danglingAliases(yaml)) {
      if (readFindings.length >= MAX_SYNTAX_FINDINGS) break;
      readFindings.push({
        code: 'yaml/unknown-alias', severity: 'error', start: alias.range![0], end: alias.range![1],
        message: `Unknown alias *${alias.source}: no anchor &${alias.source} is defined before it`,
      });
    }
  }
  for (const w of yaml.warnings) {
    if (readFindings.length >= MAX_SYNTAX_FINDINGS) break;
    readFindings.push({ code: 'yaml/warning', severity: 'warning', start: w.pos[0], end: Math.max(w.pos[1], w.pos[0]), message: cleanMessage(w.message) });
  }
  return { text, yaml, lines, readFindings };
}

/**
 * Aliases with no anchor of their name before them, in one walk in document order. (`alias.resolve(doc)` per
 * alias walks the whole document each time: 56 s for 2,000 services that each merge one `<<: *defaults`.)
 */
function danglingAliases(yaml: Document.Parsed): Alias[] {
  const anchors = new Set<string>();
  const dangling: Alias[] = [];
  visit(yaml, {
    Node(_, node) {
      if (isAlias(node)) {
        if (node.range && !anchors.has(node.source)) dangling.push(node);
      } else if (node.anchor) {
        anchors.add(node.anchor);
      }
    },
  });
  return dangling;
}

/**
 * The yaml package reports some errors where it noticed them (the next line, the end of the file); the user
 * needs the place to fix: the unclosed `[`/`{` or quote, the whole duplicate key.
 */
function errorPlacer(yaml: Document.Parsed): (e: YAMLError) => { start: number; end: number; message: string } {
  const openedEndingAt = new Map<number, { start: number; what: string }>();
  const keyStartingAt = new Map<number, number>();
  visit(yaml, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range) keyStartingAt.set(pair.key.range[0], pair.key.range[1]);
    },
    Node(_, node) {
      if (!node.range) return;
      if (isCollection(node) && node.flow) {
        openedEndingAt.set(node.range[1], { start: node.range[0], what: isSeq(node) ? '[' : '{' });
      } else if (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) {
        openedEndingAt.set(node.range[1], { start: node.range[0], what: node.type === 'QUOTE_DOUBLE' ? '"' : "'" });
      }
    },
  });
  return (e) => {
    const [start, end] = [e.pos[0], Math.max(e.pos[1], e.pos[0])];
    const message = cleanMessage(e.message);
    if (e.code === 'DUPLICATE_KEY' && keyStartingAt.has(start)) {
      return { start, end: keyStartingAt.get(start)!, message: 'Duplicate key: a mapping key must appear only once (docker stack deploy refuses the file)' };
    }
    const opened = (e.code === 'BAD_INDENT' || e.code === 'MISSING_CHAR') ? openedEndingAt.get(start) : undefined;
    if (opened) {
      const text = opened.what === '[' || opened.what === '{'
        ? `This ${opened.what} is never closed with ${opened.what === '[' ? ']' : '}'} (or the lines after it are not indented enough)`
        : `This ${opened.what} starts a quoted string that is never closed`;
      return { start: opened.start, end: opened.start + 1, message: text };
    }
    return { start, end, message };
  };
}

/** Line starts are rarely needed (the editor has its own); count them on first use only. */
function withLazyLines(doc: Omit<StackDoc, 'lines'>): StackDoc {
  let lines: LineCounter | undefined;
  return Object.defineProperty(doc, 'lines', {
    enumerable: true,
    get(): LineCounter {
      if (!lines) {
        lines = new LineCounter();
        lines.addNewLine(0);
        for (let i = doc.text.indexOf('\n'); i !== -1; i = doc.text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
      }
      return lines;
    },
  }) as StackDoc;
}

function unparsed(text: string, lines: LineCounter, code: string, severity: Finding['severity'], message: string): StackDoc {
  const yaml = parseDocument('', { lineCounter: lines }) as Document.Parsed;
  return { text, yaml, lines, readFindings: [{ code, severity, start: 0, end: 0, message }] };
}

/** The yaml package appends " at line L, column C" and a code frame; the editor already shows the place. */
function cleanMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '').trim();
}
