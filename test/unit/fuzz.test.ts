// Never crash, never hang: random edits of the corpus real files (insert/delete/replace spans, swap lines,
// change indentation, insert YAML indicators) fed to the core's validate(). It must never throw, and no
// file may take more than 100 ms (a single slow run is re-timed once, so a GC pause on a loaded machine is
// not mistaken for a slow path).
import * as assert from 'assert';
import * as path from 'path';
import fc from 'fast-check';
import { validate } from '../../server/src/core';
import { CORPUS, corpusPresent, yamlFiles } from '../helpers/corpus';
import { requirePrereq } from '../helpers/prereq';

const RUNS = 10_000;
const LIMIT_MS = 100;
const INDICATORS = ['- ', ': ', '? ', '&a ', '*a', '<<: *a\n', '!!str ', '|\n', '>-\n', '[', ']', '{', '}', ',', '#', '"', "'", '%', '@', '`', '$', '${', '$$', '${X:-', '\t', '\n', '---\n', '...\n', '\u0000', '\r\n'];

type Edit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'replace'; at: number; len: number; text: string }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'indent'; line: number; delta: number };

const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const snippet = fc.oneof(fc.constantFrom(...INDICATORS), fc.string({ maxLength: 12 }), fc.stringMatching(/^[ \n:\-a-z0-9_.$]{0,10}$/));
const edit: fc.Arbitrary<Edit> = fc.oneof(
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

describe('core: fuzzing validate() with random edits of the corpus', function () {
  this.timeout(120_000);
  before(function () {
    requirePrereq(this, corpusPresent(), `no corpus at ${CORPUS}`);
  });

  it(`${RUNS} edited files: never throws, none takes over ${LIMIT_MS} ms`, function () {
    const files = yamlFiles(path.join(CORPUS, 'real')).map(([, t]) => t);
    // Warm up the JIT and the lazy caches so the first timed run measures the code, not the start-up.
    for (const t of files) validate(t);
    let runs = 0;
    let maxMs = 0;
    let slowest = '';
    let retimed = 0;
    const started = Date.now();
    fc.assert(
      fc.property(fc.nat({ max: files.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), (fi, edits) => {
        let text = files[fi]!;
        for (const e of edits) text = applyEdit(text, e);
        let t0 = performance.now();
        validate(text); // throws → fast-check shrinks and reports the smallest failing edit list
        let ms = performance.now() - t0;
        if (ms > LIMIT_MS) {
          retimed++;
          t0 = performance.now();
          validate(text);
          ms = performance.now() - t0;
        }
        runs++;
        if (ms > maxMs) {
          maxMs = ms;
          slowest = `file #${fi} with ${edits.length} edit(s)`;
        }
        return ms <= LIMIT_MS;
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20250601), endOnFailure: false },
    );
    const secs = (Date.now() - started) / 1000;
    console.log(`      ${runs} runs in ${secs.toFixed(1)} s; slowest ${maxMs.toFixed(1)} ms (${slowest}); ${retimed} re-timed`);
    assert.ok(runs >= RUNS);
  });
});
