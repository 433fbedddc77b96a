// Per-rule severities reach the server as an editor sends them: pulled per document, or pushed.
import * as assert from 'assert';
import { LspSession, requireBuiltServer } from './harness';

const DUPLICATE = 'services:\n  web:\n    image: a\n    image: b\n';

describe('language server settings', function () {
  let s: LspSession;
  before(function () {
    requireBuiltServer(this);
  });
  afterEach(() => s.kill());

  it('pulls swarmRollout.rules per document and re-checks open documents when they change', async () => {
    s = new LspSession();
    await s.initialize({ pullConfiguration: true });
    s.config = { rules: { 'yaml/duplicate-key': 'warning' } };
    const u = 'file:///tmp/settings/pull.yml';
    const p = await s.open(u, DUPLICATE);
    assert.deepStrictEqual(p.diagnostics.map((d) => [d.code, d.severity]), [['yaml/duplicate-key', 2]]);
    assert.ok(s.configRequests >= 1);

    s.config = { rules: { yaml: 'off' } };
    const next = s.nextDiagnostics(u, 1, 5000);
    await s.changeConfiguration({});
    assert.deepStrictEqual((await next).diagnostics, []);
  });

  it('takes pushed settings from editors that cannot be asked', async () => {
    s = new LspSession();
    await s.initialize();
    await s.changeConfiguration({ swarmRollout: { rules: { 'yaml/duplicate-key': 'hint' } } });
    const p = await s.open('file:///tmp/settings/push.yml', DUPLICATE);
    assert.deepStrictEqual(p.diagnostics.map((d) => [d.code, d.severity]), [['yaml/duplicate-key', 4]]);
    assert.strictEqual(s.configRequests, 0);
  });

  it('ignores junk settings instead of failing', async () => {
    s = new LspSession();
    await s.initialize({ pullConfiguration: true });
    s.config = { rules: { 'yaml/duplicate-key': 'loud', other: 3 } };
    const p = await s.open('file:///tmp/settings/junk.yml', DUPLICATE);
    assert.deepStrictEqual(p.diagnostics.map((d) => [d.code, d.severity]), [['yaml/duplicate-key', 1]]);
  });
});
