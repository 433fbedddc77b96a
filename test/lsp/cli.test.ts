// The same core as a command: `swarm-rollout check`, spawned from the built bundle.
import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SERVER } from './harness';
import { requirePrereq } from '../helpers/prereq';

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SERVER, 'check', ...args], (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as NodeJS.ErrnoException & { code: number }).code) : 0, stdout, stderr });
    });
  });
}

describe('swarm-rollout check (command line)', function () {
  let dir: string;
  before(function () {
    requirePrereq(this, fs.existsSync(SERVER), `${SERVER} is not built (npm run build)`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swarm-rollout-cli-'));
    fs.writeFileSync(path.join(dir, 'bad.yml'), 'services:\n  a:\n    ports: [80\n');
    fs.writeFileSync(path.join(dir, 'good.yml'), 'services:\n  a:\n    image: nginx\n');
    // UTF-16 LE with BOM and CRLF, as some Windows editors save it
    fs.writeFileSync(path.join(dir, 'utf16.yml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('services:\r\n  a:\r\n    image: nginx\r\n', 'utf16le')]));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints file:line:col findings and exits 1 on an error', async () => {
    const r = await run([path.join(dir, 'bad.yml'), path.join(dir, 'good.yml')]);
    assert.strictEqual(r.code, 1);
    assert.match(r.stdout, /bad\.yml:3:12: error: This \[ is never closed with \] .*\[yaml\/syntax\]/);
    assert.match(r.stdout, /2 file\(s\) checked: 1 error\(s\)/);
  });

  it('exits 0 on clean files, including UTF-16 with CRLF', async () => {
    const r = await run([path.join(dir, 'good.yml'), '-c', path.join(dir, 'utf16.yml')]);
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
  });

  it('writes SARIF 2.1.0 with rule ids and regions', async () => {
    const r = await run(['--format', 'sarif', path.join(dir, 'bad.yml')]);
    const log = JSON.parse(r.stdout);
    assert.strictEqual(log.version, '2.1.0');
    const res = log.runs[0].results[0];
    assert.strictEqual(res.ruleId, 'yaml/syntax');
    assert.deepStrictEqual(res.locations[0].physicalLocation.region, { startLine: 3, startColumn: 12, endLine: 3, endColumn: 13 });
  });

  it('writes JSON findings', async () => {
    const r = await run(['--format=json', path.join(dir, 'bad.yml')]);
    const [rep] = JSON.parse(r.stdout);
    assert.strictEqual(rep.findings[0].code, 'yaml/syntax');
  });

  it('says what is wrong with a missing file and bad usage', async () => {
    const missing = await run([path.join(dir, 'nope.yml')]);
    assert.strictEqual(missing.code, 1);
    assert.match(missing.stdout, /cannot read the file: no such file/);
    const bad = await run(['--format', 'xml', 'x.yml']);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /unknown format xml/);
  });
});

describe('swarm-rollout check -c a -c b (one stack)', function () {
  let dir: string;
  before(function () {
    requirePrereq(this, fs.existsSync(SERVER), `${SERVER} is not built (npm run build)`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swarm-rollout-cli-set-'));
    fs.writeFileSync(path.join(dir, 'app.yml'), 'version: "3.8"\nservices:\n  web:\n    image: nginx\n    networks: [front]\n');
    fs.writeFileSync(path.join(dir, 'net.yml'), 'version: "3.8"\nnetworks:\n  front:\n    driver: overlay\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('merges the -c files: a network from the other file is defined', async () => {
    const alone = await run([path.join(dir, 'app.yml')]);
    assert.strictEqual(alone.code, 1, alone.stdout);
    assert.match(alone.stdout, /ref\/undefined-network/);
    const together = await run(['-c', path.join(dir, 'app.yml'), '-c', path.join(dir, 'net.yml')]);
    assert.strictEqual(together.code, 0, together.stdout);
    assert.match(together.stdout, /2 file\(s\) checked: 0 error\(s\)/);
  });
});
