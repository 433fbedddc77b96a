// Hostile or odd documents get an answer in bounded time, and the server keeps serving afterwards.
import * as assert from 'assert';
import { freshServerPerTest, LspSession } from './harness';

const BOUND_MS = 5000;

async function openTimed(s: LspSession, name: string, text: string) {
  const t0 = Date.now();
  const p = await s.open(`file:///tmp/swarm-rollout-bad/${name}`, text, BOUND_MS);
  return { p, ms: Date.now() - t0 };
}

/** After each hostile input the same server must still validate a normal file. */
async function stillServes(s: LspSession) {
  const p = await s.open('file:///tmp/swarm-rollout-bad/after.yml', 'services:\n  a:\n    image: [x\n', BOUND_MS);
  assert.strictEqual(p.diagnostics.length, 1);
  assert.strictEqual(s.proc.exitCode, null, 'server process exited');
}

function aliasBomb(): string {
  // "Billion laughs": 9 levels of 9 aliases each would expand to 9^9 strings if anything expanded it.
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `services:\n  web:\n    image: nginx\n    labels: *j\n${lines.join('\n')}\n`;
}

describe('language server on bad input', function () {
  this.timeout(30000);
  let s: LspSession;
  freshServerPerTest((x) => (s = x));

  it('an empty file: no diagnostics, quickly', async () => {
    const { p, ms } = await openTimed(s, 'empty.yml', '');
    assert.deepStrictEqual(p.diagnostics, []);
    assert.ok(ms < BOUND_MS);
    await stillServes(s);
  });

  it('a binary file: one clear error, nothing else', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const { p } = await openTimed(s, 'binary.yml', bytes.toString('latin1'));
    assert.strictEqual(p.diagnostics.length, 1, JSON.stringify(p.diagnostics));
    assert.strictEqual(p.diagnostics[0]!.code, 'yaml/binary');
    assert.match(String(p.diagnostics[0]!.message), /binary/);
    await stillServes(s);
  });

  it('a 10 MB YAML file: a clear message in bounded time', async () => {
    let text = 'version: "3.8"\nservices:\n';
    for (let i = 0; text.length < 10 * 1024 * 1024; i++) {
      text += `  svc${i}:\n    image: nginx:1.${i}\n    deploy:\n      replicas: 2\n`;
    }
    const { p, ms } = await openTimed(s, 'huge.yml', text);
    assert.strictEqual(p.diagnostics.length, 1, JSON.stringify(p.diagnostics));
    assert.strictEqual(p.diagnostics[0]!.code, 'yaml/too-large');
    assert.match(String(p.diagnostics[0]!.message), /10\.0 MB/);
    assert.ok(ms < BOUND_MS, `${ms} ms`);
    await stillServes(s);
  });

  it('a YAML alias bomb: answered in bounded time without expanding it', async () => {
    const { ms } = await openTimed(s, 'bomb.yml', aliasBomb());
    assert.ok(ms < BOUND_MS, `${ms} ms`);
    await stillServes(s);
  });

  it('thousands of syntax errors: capped, and still answered', async () => {
    const text = Array.from({ length: 5000 }, (_, i) => `k${i}: [unclosed\n`).join('');
    const { p } = await openTimed(s, 'many.yml', text);
    assert.ok(p.diagnostics.length > 0 && p.diagnostics.length <= 200, `${p.diagnostics.length}`);
    await stillServes(s);
  });
});
