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
import { applyEdit, edit } from '../helpers/edits';

const RUNS = 10_000;
const LIMIT_MS = 100;
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
