import * as assert from 'assert';
import { freshServerPerTest, LspSession } from './harness';

const uri = (name: string) => `file:///tmp/swarm-rollout-lsp/${name}`;
const range = (d: { range: { start: { line: number; character: number }; end: { line: number; character: number } } }) =>
  `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;

describe('language server over stdio', function () {
  let s: LspSession;
  freshServerPerTest((x) => (s = x));

  it('answers initialize with incremental sync and its name', async () => {
    const fresh = new LspSession();
    try {
      const r = await fresh.initialize();
      assert.deepStrictEqual(r.capabilities.textDocumentSync, { openClose: true, change: 2 });
      assert.strictEqual(r.serverInfo?.name, 'swarm-rollout-ls');
    } finally {
      fresh.kill();
    }
  });

  it('publishes every YAML syntax error of a document with exact ranges', async () => {
    const text = [
      'services:',            // 0
      '  web:',               // 1
      '    image: nginx',     // 2
      '    ports: [80',       // 3  unclosed flow sequence
      '  db:',                // 4
      '    image: "postgres', // 5  unclosed quote
      '',
    ].join('\n');
    const p = await s.open(uri('broken.yml'), text);
    const got = p.diagnostics.map((d) => `${range(d)} ${d.code} ${d.message}`);
    assert.ok(p.diagnostics.length >= 2, got.join('\n'));
    assert.ok(p.diagnostics.every((d) => d.source === 'swarm-rollout' && d.severity === 1), got.join('\n'));
    assert.ok(got.some((g) => g.startsWith('3:11-3:12 ') && /never closed/.test(g)), `no error on line 4 for [80:\n${got.join('\n')}`);
    assert.ok(got.some((g) => g.startsWith('5:11-5:12 ') && /quoted string that is never closed/.test(g)), `no error on line 6 for the quote:\n${got.join('\n')}`);
  });

  it('reports duplicate keys and tab indentation at their exact places', async () => {
    const text = 'services:\n  web:\n    image: a\n    image: b\n\tfoo: 1\n';
    const p = await s.open(uri('dupes.yml'), text);
    const got = p.diagnostics.map((d) => `${range(d)} ${d.code}`);
    assert.ok(got.includes('3:4-3:9 yaml/duplicate-key'), got.join('\n'));
    assert.ok(got.some((g) => g.startsWith('4:0-4:1 yaml/tab-indent')), got.join('\n'));
  });

  it('updates diagnostics on change, and clears them once the text is fixed', async () => {
    const u = uri('edit.yml');
    const first = await s.open(u, 'services:\n  web:\n    image: nginx\n');
    assert.deepStrictEqual(first.diagnostics, []);
    const broken = await s.replace(u, 2, 'services:\n  web:\n    image: [nginx\n');
    assert.strictEqual(broken.diagnostics.length, 1, JSON.stringify(broken.diagnostics));
    const fixed = await s.replace(u, 3, 'services:\n  web:\n    image: nginx\n');
    assert.deepStrictEqual(fixed.diagnostics, []);
  });

  it('honours shutdown then exit with exit code 0', async () => {
    const code = await s.shutdown();
    assert.strictEqual(code, 0);
  });

  it('runs as a plain command without a transport flag (stdio by default)', async () => {
    const bare = new LspSession([]);
    try {
      const r = await bare.initialize();
      assert.strictEqual(r.serverInfo?.name, 'swarm-rollout-ls');
    } finally {
      bare.kill();
    }
  });
});
