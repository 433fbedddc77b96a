// The value parsers are hand-written scanners (the checks run them for every duration and size of a file);
// here they are held to the regular expressions that state the formats plainly.
import * as assert from 'assert';
import fc from 'fast-check';
import { parseBytes, parseGoDuration } from '../../server/src/core/rules/values';

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
/** Go time.ParseDuration's grammar: [-+] then one or more <number><unit>, or a bare 0. */
function durationByRegex(s: string): number | undefined {
  const m = /^([-+]?)((?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+|0)$/.exec(s);
  if (!m) return undefined;
  if (m[2] === '0') return 0;
  let ns = 0;
  for (const p of m[2]!.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) ns += Number(p[1]) * UNIT_NS[p[2]!]!;
  return ((m[1] === '-' ? -1 : 1) * ns) / 1e9;
}

const SIZE = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/;
function bytesByRegex(s: string): { bytes: number; unitless: boolean } | undefined {
  const m = SIZE.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return undefined;
  const mult: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };
  return { bytes: n * (m[2] ? mult[m[2].toLowerCase()]! : 1), unitless: !m[2] };
}

describe('core: value parsers', () => {
  it('parseGoDuration reads what Go reads', () => {
    assert.strictEqual(parseGoDuration('1m30s'), 90);
    assert.strictEqual(parseGoDuration('500ms'), 0.5);
    assert.strictEqual(parseGoDuration('1.5h'), 5400);
    assert.strictEqual(parseGoDuration('-0'), 0);
    assert.strictEqual(parseGoDuration('2µs'), 2e-6);
    for (const bad of ['', '5 s', '10', '1m30', '.s', 's', '+', '1d', '5S']) assert.strictEqual(parseGoDuration(bad), undefined, bad);
  });

  it('parseGoDuration agrees with the grammar on random strings', () => {
    const piece = fc.constantFrom('0', '1', '05', '.', '.5', '1.', '12.25', 'ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h', 'x', ' ', '-', '+', 'S');
    fc.assert(fc.property(fc.array(piece, { maxLength: 7 }).map((a) => a.join('')), (s) => {
      assert.strictEqual(parseGoDuration(s), durationByRegex(s), JSON.stringify(s));
    }), { numRuns: 20_000 });
  });

  it('parseBytes agrees with go-units on random strings', () => {
    const piece = fc.constantFrom('0', '5', '12', '.', '.5', ' ', 'k', 'K', 'm', 'M', 'g', 'G', 't', 'p', 'i', 'I', 'b', 'B', 'x', 'megs');
    fc.assert(fc.property(fc.array(piece, { maxLength: 6 }).map((a) => a.join('')), (s) => {
      assert.deepStrictEqual(parseBytes(s), bytesByRegex(s), JSON.stringify(s));
    }), { numRuns: 20_000 });
  });
});
