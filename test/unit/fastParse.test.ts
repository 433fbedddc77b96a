// The fast path must build exactly the tree the `yaml` package builds, or step aside.
import * as assert from 'assert';
import * as fc from 'fast-check';
import * as path from 'path';
import { parseDocument, isAlias, isMap, isScalar, isSeq } from 'yaml';
import { fastParse } from '../../server/src/core';
import { generateStack } from '../../bench/generate';
import { CORPUS, REPO, corpusPresent, corpusShare, yamlFiles } from '../helpers/corpus';
import { requirePrereq } from '../helpers/prereq';

/** Values, scalar styles, sources, the ranges rules report on, collection starts, anchors and aliases. */
function shape(n: unknown): unknown {
  if (n === null || n === undefined) return null;
  if (isAlias(n)) return { alias: n.source, r: n.range };
  if (isScalar(n)) return { v: n.value, t: n.type, r: n.range?.slice(0, 2), s: n.source, a: n.anchor };
  if (isMap(n)) return { m: n.items.map((p) => [shape(p.key), shape(p.value)]), r: n.range?.[0], f: !!n.flow, a: n.anchor };
  if (isSeq(n)) return { q: n.items.map(shape), r: n.range?.[0], f: !!n.flow, a: n.anchor };
  return { other: String(n) };
}

/** Returns whether the fast path took the text; throws when it took it and built a different tree. */
function agrees(text: string, name: string): boolean {
  const fast = fastParse(text);
  if (!fast) return false;
  const full = parseDocument(text);
  assert.deepStrictEqual(full.errors.map((e) => e.message), [], `${name}: the fast path accepted a text with YAML errors`);
  assert.deepStrictEqual(shape(fast.contents), shape(full.contents), name);
  return true;
}

describe('core: the fast YAML path', () => {
  it('agrees with the yaml package on every corpus file it takes, and takes most of them', function () {
    requirePrereq(this, corpusPresent(), `corpus not found at ${CORPUS}`);
    const { taken, total } = corpusShare(agrees);
    assert.ok(taken / total > 0.8, `fast path took only ${taken} of ${total} files`);
  });

  it('takes and agrees on the examples and on the generated benchmark file', () => {
    for (const [name, text] of yamlFiles(path.join(REPO, 'examples/numbers'))) assert.ok(agrees(text, name), name);
    assert.ok(agrees(generateStack(200).text, 'generated'), 'the benchmark shape must stay on the fast path');
  });

  it('takes anchors, aliases and << merges as stack files write them', () => {
    for (const text of [
      'x: &a 1\ny: *a\n', 'x-d: &d\n  image: a\ns:\n  w:\n    <<: *d\n    image: b\n', 'x-d:\n  &d\n  image: a\ns:\n  <<: *d\n',
      'x: &l\n  - 1\ny: [*l, 2]\nz:\n  - *l\n  - &m 3\n  - &n\n    k: v\n', 'x: &f {a: 1}\ny:\n  <<: [*f]\n', 'x: &d # c\n  a: 1\ny: *d # c\n', '<<: {b: 1}\n',
    ]) {
      assert.ok(agrees(text, JSON.stringify(text)), JSON.stringify(text));
    }
  });

  it('steps aside for block scalars, multi-line scalars, escapes, tags, documents, errors and odd anchors', () => {
    for (const text of [
      'y: *a\nx: &a 1\n', 'x: &a *b\n', 'x: &a\ny: 1\n', '- &a k: v\n', 'x: [&a 1]\n', 'x: &a.b\u00e9 1\n', '&a x: 1\n', 'a: |\n  line\n', 'a: plain\n  continued\n', 'a: "esc\\"aped"\n', 'a: !!str 1\n',
      '---\na: 1\n', 'a: [1,\n  2]\n', 'a: 1\na: 2\n', 'a:\n\t- x\n', 'a: 0x1F\n', 'a: b: c\n', '- - x\n',
    ]) {
      assert.strictEqual(fastParse(text), undefined, JSON.stringify(text));
    }
  });

  it('agrees with the yaml package on random stack-like texts', () => {
    const word = fc.constantFrom('a', 'b', 'image', 'deploy', 'x-y', '80:80', '"q"', "'s'", '1', '1.50', 'true', 'null', '~', '-1', 'a b', '# c', '[a, b]', '{a: 1}', '[]', '{}', '"a: b"', 'x #y',
      '&a', '&a 1', '&b x', '*a', '*b', '[*a, 1]', '&a # c', '<<: *a');
    const line = fc.tuple(fc.integer({ min: 0, max: 6 }), fc.constantFrom('', '- ', 'k: ', 'k:', '- k: '), word)
      .map(([ind, lead, w]) => ' '.repeat(ind) + lead + (lead.endsWith(':') ? '' : w));
    fc.assert(fc.property(fc.array(line, { maxLength: 12 }), (ls) => {
      const text = ls.map((l, i) => l.replace(/^(\s*)k:/, `$1k${i}:`)).join('\n') + '\n';
      agrees(text, JSON.stringify(text));
    }), { numRuns: 6000 });
  });
});
