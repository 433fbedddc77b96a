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
});
