// Validation never holds up requests, and a newer edit supersedes an older one.
import * as assert from 'assert';
import { generateStack } from '../../bench/generate';
import { freshServerPerTest, LspSession } from './harness';

describe('language server scheduling', function () {
  this.timeout(60000);
  let s: LspSession;
  freshServerPerTest((x) => (s = x));

  it('answers a request while a 2,000-service file is being checked', async () => {
    const big = 'file:///tmp/sched/big-stack.yml';
    const small = 'file:///tmp/sched/small-stack.yml';
    await s.open(small, 'services:\n  web:\n    image: nginx\n');
    const order: string[] = [];
    const bigDiagnostics = s.nextDiagnostics(big, 1, 30000).then(() => order.push('big diagnostics'));
    await s.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: big, languageId: 'dockercompose', version: 1, text: generateStack(2000).text },
    });
    await s.hover(small, { line: 2, character: 6 }).then(() => order.push('hover'));
    await bigDiagnostics;
    assert.deepStrictEqual(order, ['hover', 'big diagnostics']);
  });

  it('publishes the newest version after a burst of edits, skipping superseded ones', async () => {
    const uri = 'file:///tmp/sched/burst-stack.yml';
    const { text } = generateStack(500);
    await s.open(uri, text);
    const before = s.published.length;
    const last = 21;
    const final = s.nextDiagnostics(uri, last, 30000);
    for (let v = 2; v <= last; v++) {
      await s.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: v },
        contentChanges: [{ text: text.replace('replicas: 1', `replicas: ${v}`) }],
      });
    }
    const p = await final;
    assert.strictEqual(p.version, last);
    const publishes = s.published.slice(before).filter((x) => x.uri === uri).length;
    assert.ok(publishes < last - 1, `${publishes} publishes for ${last - 1} edits: superseded edits were checked too`);
  });

  it('after edits of a big file, publishes what a fresh check of the same text publishes (the worker reuses unchanged services)', async () => {
    const uri = 'file:///tmp/sched/edited-stack.yml';
    let text = generateStack(500).text;
    await s.open(uri, text, 30000);
    const edits: Array<(t: string) => string> = [
      (t) => t.replace(/(  svc250:\n(?:.*\n)*? {6}replicas: )\d+/, '$1-1'), // an error in one service
      (t) => `# moved down a line\n${t}`, // every offset shifts
      (t) => t.replace(/(  svc250:\n(?:.*\n)*? {6}replicas: )-1/, '$13'), // the error fixed again
      (t) => t.replace('version: "3.8"', 'version: "3.1"'), // the top level changes: nothing reusable
    ];
    for (const [k, edit] of edits.entries()) {
      text = edit(text);
      const edited = await s.replace(uri, k + 2, text, 30000);
      const fresh = await s.open(`file:///tmp/sched/fresh-${k}-stack.yml`, text, 30000);
      assert.ok(edited.diagnostics.length >= 500, `edit ${k + 1}: ${edited.diagnostics.length} diagnostics`);
      assert.deepStrictEqual(edited.diagnostics, fresh.diagnostics, `edit ${k + 1}`);
    }
    const codes = (d: { diagnostics: Array<{ code?: unknown }> }) => d.diagnostics.map((x) => x.code);
    assert.ok(codes(await s.replace(uri, 10, edits[0]!(text), 30000)).includes('schema/range'), 'the edited service is checked again');
  });
});
