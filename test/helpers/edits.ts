// Random edits of stack files, for the fuzz tests: insert/delete/replace spans, swap lines, change indentation,
// insert YAML indicators.
import fc from 'fast-check';

const INDICATORS = ['- ', ': ', '? ', '&a ', '*a', '<<: *a\n', '!!str ', '|\n', '>-\n', '[', ']', '{', '}', ',', '#', '"', "'", '%', '@', '`', '$', '${', '$$', '${X:-', '\t', '\n', '---\n', '...\n', '\u0000', '\r\n'];

export type Edit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'replace'; at: number; len: number; text: string }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'indent'; line: number; delta: number };

const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const snippet = fc.oneof(fc.constantFrom(...INDICATORS), fc.string({ maxLength: 12 }), fc.stringMatching(/^[ \n:\-a-z0-9_.$]{0,10}$/));
export const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: position, text: snippet }),
  fc.record({ kind: fc.constant('delete' as const), at: position, len: fc.integer({ min: 1, max: 80 }) }),
  fc.record({ kind: fc.constant('replace' as const), at: position, len: fc.integer({ min: 1, max: 20 }), text: snippet }),
  fc.record({ kind: fc.constant('swap' as const), a: position, b: position }),
  fc.record({ kind: fc.constant('indent' as const), line: position, delta: fc.integer({ min: -4, max: 4 }) }),
) as fc.Arbitrary<Edit>;

export function applyEdit(text: string, e: Edit): string {
  const at = (p: number) => Math.floor(p * (text.length + 1));
  switch (e.kind) {
    case 'insert': return text.slice(0, at(e.at)) + e.text + text.slice(at(e.at));
    case 'delete': return text.slice(0, at(e.at)) + text.slice(at(e.at) + e.len);
    case 'replace': return text.slice(0, at(e.at)) + e.text + text.slice(at(e.at) + e.len);
    case 'swap': {
      const lines = text.split('\n');
      const a = Math.floor(e.a * lines.length);
      const b = Math.floor(e.b * lines.length);
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
    case 'indent': {
      const lines = text.split('\n');
      const i = Math.floor(e.line * lines.length);
      const l = lines[i]!;
      lines[i] = e.delta >= 0 ? ' '.repeat(e.delta) + l : l.replace(new RegExp(`^ {0,${-e.delta}}`), '');
      return lines.join('\n');
    }
  }
}
