// A big file is checked one service at a time (core/validate.ts); it must give exactly the findings of the
// whole-document check. Both ways are run on every file here, with splitting forced from one service up.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { CHUNK_MIN_SERVICES, ServiceCache, fastParseServices, validate } from '../../server/src/core';
import { generateStack } from '../../bench/generate';
import { CORPUS, REPO, corpusPresent, corpusShare, yamlFiles } from '../helpers/corpus';
import { requirePrereq } from '../helpers/prereq';
import { applyEdit, edit } from '../helpers/edits';

const whole = (text: string) => validate(text, undefined, undefined, { chunkMinServices: Infinity }).findings;
const split = (text: string) => validate(text, undefined, undefined, { chunkMinServices: 1 }).findings;

/** Whether the split path takes the text at all (otherwise both calls check it whole). */
const splittable = (text: string) => (fastParseServices(text)?.services.length ?? 0) > 0;

function agree(text: string, name: string): boolean {
  assert.deepStrictEqual(split(text), whole(text), name);
  return splittable(text);
}

function allYaml(dir: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...allYaml(p));
    else if (/\.ya?ml$/.test(e.name)) out.push([path.relative(REPO, p), fs.readFileSync(p, 'utf8')]);
  }
  return out;
}

describe('core: checking a file service by service', () => {
  it('agrees with the whole-document check on every corpus file, and splits most of them', function () {
    requirePrereq(this, corpusPresent(), `corpus not found at ${CORPUS}`);
    const { taken, total } = corpusShare(agree);
    assert.ok(taken / total > 0.7, `split only ${taken} of ${total} files`);
  });

  it('agrees on every rule fixture and example (each rule firing and not firing)', () => {
    let taken = 0;
    const files = [...allYaml(path.join(REPO, 'test/fixtures')), ...allYaml(path.join(REPO, 'examples'))];
    for (const [name, text] of files) if (agree(text, name)) taken++;
    assert.ok(taken > files.length / 2, `split only ${taken} of ${files.length} fixtures`);
  });

  it('agrees on the benchmark file with problems in services, the top level and inline services', () => {
    const base = generateStack(120).text;
    const text = base
      .replace('  svc7:\n', '  inline: {image: "x", restart: always}\n  empty:\n  x-note: 1\n  svc7:\n')
      .replace('      mode: replicated\n      replicas: 3\n', '      mode: global\n      replicas: -3\n')
      .replace('networks:\n', 'networks:\n  bad net:\n    driver: nope\n')
      .replace('version: "3.8"', 'version: "3.1"\nunknown_top: 1');
    assert.ok(splittable(text));
    const findings = whole(text);
    assert.ok(findings.length >= 5, `expected problems in several places, got ${findings.length}`);
    assert.deepStrictEqual(split(text), findings);
  });

  it('is the path a 2,000-service file takes by default', () => {
    const { text } = generateStack(CHUNK_MIN_SERVICES);
    assert.ok(splittable(text));
    assert.deepStrictEqual(validate(text).findings, whole(text));
  });

  it('agrees on 2,000 random edits of corpus files', function () {
    requirePrereq(this, corpusPresent(), `corpus not found at ${CORPUS}`);
    this.timeout(120_000);
    const files = yamlFiles(path.join(CORPUS, 'real')).map(([, t]) => t);
    let taken = 0;
    fc.assert(
      fc.property(fc.nat({ max: files.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 4 }), (fi, edits) => {
        let text = files[fi]!;
        for (const e of edits) text = applyEdit(text, e);
        if (agree(text, `file ${fi} edited`)) taken++;
      }),
      { numRuns: 2_000, seed: 7 },
    );
    assert.ok(taken > 300, `only ${taken} edited files took the split path`);
  });

  it('with a cache, re-checks only the services an edit changed and still agrees', () => {
    const cache = new ServiceCache();
    const cached = (text: string) => validate(text, undefined, undefined, { chunkMinServices: 1, cache }).findings;
    let text = generateStack(100).text;
    assert.deepStrictEqual(cached(text), whole(text));
    assert.strictEqual(cache.hits, 0);
    // one value in service 40: every other service but the first (which carries the inline ones) is reused
    text = text.replace(/(  svc40:\n(?:.*\n)*? {6}replicas: )\d+/, '$1-1');
    assert.deepStrictEqual(cached(text), whole(text));
    assert.strictEqual(cache.hits, 98);
    assert.ok(whole(text).some((f) => f.code === 'schema/range'), 'the edit must be seen');
    // a line inserted above the services shifts every offset; the top level itself is unchanged
    text = text.replace('services:\n', '# moved\nservices:\n');
    assert.deepStrictEqual(cached(text), whole(text));
    assert.strictEqual(cache.hits, 99);
    // a change outside the services (the version) can change every service's findings: nothing is reused
    text = text.replace('version: "3.8"', 'version: "3.3"');
    assert.deepStrictEqual(cached(text), whole(text));
    assert.strictEqual(cache.hits, 0);
  });

  it('with a cache, agrees on 500 random edit sequences of corpus files and the benchmark file', function () {
    requirePrereq(this, corpusPresent(), `corpus not found at ${CORPUS}`);
    this.timeout(120_000);
    const files = [...yamlFiles(path.join(CORPUS, 'real')).map(([, t]) => t), generateStack(30).text];
    let hits = 0;
    fc.assert(
      // the generated file (30 services) a third of the time: it has the most services to reuse
      fc.property(fc.oneof(fc.constant(files.length - 1), fc.nat({ max: files.length - 1 }), fc.nat({ max: files.length - 1 })),
        fc.array(fc.array(edit, { minLength: 1, maxLength: 2 }), { minLength: 2, maxLength: 5 }), (fi, versions) => {
        const cache = new ServiceCache();
        let text = files[fi]!;
        for (const edits of versions) {
          for (const e of edits) text = applyEdit(text, e);
          assert.deepStrictEqual(validate(text, undefined, undefined, { chunkMinServices: 1, cache }).findings, whole(text));
          hits += cache.hits;
        }
      }),
      { numRuns: 500, seed: 11 },
    );
    assert.ok(hits > 200, `only ${hits} services were reused`);
  });
});
