// YAML text → a parsed stack document with ranges. Pure: no I/O, no editor types.
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { Finding } from './types';

export interface StackDoc {
  text: string;
  /** The first YAML document of the stream: `docker stack deploy` reads only that one. */
  yaml: Document.Parsed;
  lines: LineCounter;
  /** Problems found while reading the text itself (syntax, binary, limits). */
  readFindings: Finding[];
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

export function parseStack(text: string): StackDoc {
  const lines = new LineCounter();
  if (text.slice(0, BINARY_PROBE).includes('\u0000')) {
    return unparsed(text, lines, 'yaml/binary', 'error',
      'This file is binary (it contains NUL bytes), not a YAML stack file; nothing else was checked.');
  }
  if (text.length > MAX_TEXT_LENGTH) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    return unparsed(text, lines, 'yaml/too-large', 'information',
      `This file is ${mb(text.length)} MB; Swarm Rollout checks stack files up to ${mb(MAX_TEXT_LENGTH)} MB, so nothing in it was checked.`);
  }
  // uniqueKeys (the default) reports duplicate keys as errors, as docker/cli's loader refuses them.
  const yaml = parseDocument(text, { lineCounter: lines, prettyErrors: false, keepSourceTokens: false });
  const readFindings: Finding[] = [];
  for (const e of yaml.errors) {
    if (readFindings.length >= MAX_SYNTAX_FINDINGS) break;
    readFindings.push({
      code: e.code === 'DUPLICATE_KEY' ? 'yaml/duplicate-key' : e.code === 'TAB_AS_INDENT' ? 'yaml/tab-indent' : 'yaml/syntax',
      severity: 'error',
      start: e.pos[0],
      end: Math.max(e.pos[1], e.pos[0]),
      message: cleanMessage(e.message),
    });
  }
  for (const w of yaml.warnings) {
    if (readFindings.length >= MAX_SYNTAX_FINDINGS) break;
    readFindings.push({ code: 'yaml/warning', severity: 'warning', start: w.pos[0], end: Math.max(w.pos[1], w.pos[0]), message: cleanMessage(w.message) });
  }
  return { text, yaml, lines, readFindings };
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
