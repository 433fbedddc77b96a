import * as assert from 'assert';
import { validate, MAX_TEXT_LENGTH, MAX_SYNTAX_FINDINGS } from '../../server/src/core';

/** `code@L:C-L:C` in 1-based lines and columns, the way an editor shows them. */
function where(text: string) {
  const lc = (off: number) => {
    const before = text.slice(0, off).split('\n');
    return `${before.length}:${before[before.length - 1]!.length + 1}`;
  };
  return validate(text).findings.map((f) => `${f.code}@${lc(f.start)}-${lc(f.end)}`);
}

describe('core: reading a stack file', () => {
  it('a valid file has no findings', () => {
    assert.deepStrictEqual(where('version: "3.8"\nservices:\n  web:\n    image: nginx\n'), []);
  });

  it('an empty file has no findings', () => {
    assert.deepStrictEqual(where(''), []);
  });

  it('reports every syntax error, each at the character to fix', () => {
    const text = 'services:\n  web:\n    ports: [80\n  db:\n    image: "postgres\n  cache: {a: 1\n';
    assert.deepStrictEqual(where(text), [
      'yaml/syntax@3:12-3:13', // the unclosed [
      'yaml/syntax@5:12-5:13', // the unclosed "
    ]);
  });

  it('names the unclosed bracket in the message', () => {
    const [f] = validate('a: {x: 1\nb: 2\n').findings;
    assert.match(f!.message, /This \{ is never closed with \}/);
  });

  it('marks the whole duplicate key', () => {
    assert.deepStrictEqual(where('services:\n  web:\n    image: a\n    image: b\n'), ['yaml/duplicate-key@4:5-4:10']);
  });

  it('reports tabs used as indentation', () => {
    assert.ok(where('services:\n\tweb: {}\n').includes('yaml/tab-indent@2:1-2:2'));
  });

  it('reports an alias to an anchor that does not exist', () => {
    const codes = where('services:\n  web:\n    <<: *nothere\n    image: a\n');
    assert.deepStrictEqual(codes, ['yaml/unknown-alias@3:9-3:17']);
  });

  it('reports an alias used before its anchor, and not one after it', () => {
    const codes = where('x-a: *late\nx-b: &late 1\nx-c: *late\n');
    assert.deepStrictEqual(codes, ['yaml/unknown-alias@1:6-1:11']);
  });

  it('refuses binary text with one finding', () => {
    const f = validate('abc\u0000\u0001\u0002').findings;
    assert.deepStrictEqual(f.map((x) => x.code), ['yaml/binary']);
  });

  it('refuses a text over the size limit with one information finding', () => {
    const f = validate('#'.repeat(MAX_TEXT_LENGTH + 1)).findings;
    assert.deepStrictEqual(f.map((x) => [x.code, x.severity]), [['yaml/too-large', 'information']]);
  });

  it('caps the number of syntax findings', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `k${i}: [x\n`).join('');
    const n = validate(text).findings.length;
    assert.ok(n > 0 && n <= MAX_SYNTAX_FINDINGS, String(n));
  });
});
