import * as assert from 'assert';
import { validate, normalizeSettings } from '../../server/src/core';

const DUP = 'services:\n  web:\n    image: a\n    image: b\n';
const codes = (text: string, rules = {}) => validate(text, normalizeSettings({ rules })).findings.map((f) => `${f.code}:${f.severity}`);

describe('core: settings and disable comments', () => {
  it('changes a rule severity by code, or a whole family by prefix; the code wins', () => {
    assert.deepStrictEqual(codes(DUP, { 'yaml/duplicate-key': 'warning' }), ['yaml/duplicate-key:warning']);
    assert.deepStrictEqual(codes(DUP, { yaml: 'off' }), []);
    assert.deepStrictEqual(codes(DUP, { yaml: 'off', 'yaml/duplicate-key': 'hint' }), ['yaml/duplicate-key:hint']);
  });

  it('drops unknown levels and non-object input', () => {
    assert.deepStrictEqual(normalizeSettings({ rules: { a: 'loud', b: 3, c: 'off' } }), { rules: { c: 'off' } });
    assert.deepStrictEqual(normalizeSettings(null), { rules: {} });
    assert.deepStrictEqual(normalizeSettings('x'), { rules: {} });
  });

  it('silences the next line for the named code only', () => {
    const text = 'services:\n  web:\n    image: a\n    # swarm-rollout-disable-next-line yaml/duplicate-key\n    image: b\n';
    assert.deepStrictEqual(codes(text), []);
    const other = 'services:\n  web:\n    image: a\n    # swarm-rollout-disable-next-line schema/type\n    image: b\n';
    assert.deepStrictEqual(codes(other), ['yaml/duplicate-key:error']);
  });

  it('silences every code on the next line when none is named, and nothing further', () => {
    const text = 'services:\n  web:\n    image: a\n    # swarm-rollout-disable-next-line\n    image: b\n    image: c\n';
    assert.deepStrictEqual(codes(text), ['yaml/duplicate-key:error']);
  });
});
