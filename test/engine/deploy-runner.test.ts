// The deploy runner (client/src/deploy/runner.ts, what the Deploy Stack command uses) against the real docker CLI
// and the local swarm: a real deploy with streamed output, structured warnings from the CLI's own lines, and input
// that must never reach a shell or a process at all.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_DEPLOY_SETTINGS } from '../../client/src/deploy/args';
import { DeployInputError, runDeploy, type OutputLine } from '../../client/src/deploy/runner';
import { requirePrereq } from '../helpers/prereq';
import { docker, localConnection, localSwarmPrereqs, removeStackAndWait, REPO } from '../helpers/swarm';

const STACK = `srdeploy${process.pid}`;
const V1_FILE = path.join(REPO, 'examples/numbers/stack-v1.yml');
const WARN_FILE = path.join(REPO, 'test/fixtures/deploy/ignored-options.yml');
// the images are in no registry: the CLI must not try to pin a digest
const settings = { ...DEFAULT_DEPLOY_SETTINGS, resolveImage: 'never' as const };

async function stackServiceNames(stack: string): Promise<string[]> {
  const out = await docker(['service', 'ls', '--format', '{{.Name}}', '--filter', `label=com.docker.stack.namespace=${stack}`]);
  return out.split('\n').filter(Boolean).sort();
}

describe('engine: deploy runner (docker stack deploy with an argument array)', function () {
  this.timeout(180_000);
  let deployed = false;
  let tmp: string;

  before(async function () {
    const [ok, why] = await localSwarmPrereqs();
    requirePrereq(this, ok, why);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sr-deploy-'));
  });

  after(async function () {
    if (deployed) await removeStackAndWait(STACK);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('deploys stack-v1 through the CLI in the resolved connection, streaming its lines', async () => {
    const streamed: OutputLine[] = [];
    deployed = true;
    const r = await runDeploy({ files: [V1_FILE], stack: STACK, settings, connection: localConnection(), onLine: (l) => streamed.push(l) });
    assert.equal(r.ok, true, r.error);
    assert.equal(r.exitCode, 0);
    assert.deepEqual(r.argv.slice(0, 4), ['-H', 'unix:///var/run/docker.sock', 'stack', 'deploy']);
    assert.deepEqual(r.services, [{ action: 'created', name: `${STACK}_numbers-api` }]);
    assert.deepEqual(r.networks, [`${STACK}_default`]);
    assert.deepEqual(streamed, r.lines);
    assert.ok(streamed.some((l) => l.stream === 'stdout' && l.text === `Creating service ${STACK}_numbers-api`));
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(await stackServiceNames(STACK), [`${STACK}_numbers-api`]);
  });

  it('turns "Ignoring unsupported/deprecated options" into structured warnings', async () => {
    const r = await runDeploy({ files: [WARN_FILE], stack: STACK, settings });
    assert.equal(r.ok, true, r.error);
    assert.deepEqual(r.services, [{ action: 'updated', name: `${STACK}_numbers-api` }]);
    assert.deepEqual(r.warnings.map((w) => [w.kind, w.option]), [['unsupported', 'privileged'], ['unsupported', 'restart'], ['deprecated', 'container_name']]);
    assert.match(r.warnings[2]!.message, /Setting the container name is not supported/);
  });

  it('a stack name with a space: a clear error, and no process is started', async () => {
    const marker = path.join(tmp, 'spawned');
    const fakeDocker = path.join(tmp, 'fake-docker');
    fs.writeFileSync(fakeDocker, `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
    await assert.rejects(runDeploy({ files: [V1_FILE], stack: 'my stack', settings, dockerBin: fakeDocker }),
      (e: unknown) => e instanceof DeployInputError && /cannot contain a space/.test(e.message));
    assert.equal(fs.existsSync(marker), false, 'the docker binary was started');
    // the fake binary itself works, so the check above means something
    const ok = await runDeploy({ files: [V1_FILE], stack: 'fine', settings, dockerBin: fakeDocker });
    assert.equal(ok.ok, true);
    assert.equal(fs.existsSync(marker), true);
    // and with the real CLI nothing of a "my stack" was made
    assert.equal((await docker(['network', 'ls', '-q', '--filter', 'name=my stack'])).trim(), '');
  });

  it('a file path containing $(touch x) is read literally; no file x appears anywhere', async () => {
    const dir = path.join(tmp, '$(touch x)');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'stack-$(touch x).yml');
    fs.copyFileSync(V1_FILE, file);
    const places = [tmp, dir, process.cwd(), REPO, os.homedir(), path.dirname(V1_FILE)];
    const before = places.map((p) => fs.existsSync(path.join(p, 'x')));
    const r = await runDeploy({ files: [file], stack: STACK, settings });
    assert.equal(r.ok, true, r.error);
    assert.ok(r.argv.includes(file), 'the path is one argument, unchanged');
    assert.deepEqual(r.services, [{ action: 'updated', name: `${STACK}_numbers-api` }]);
    assert.deepEqual(places.map((p) => fs.existsSync(path.join(p, 'x'))), before);
    assert.deepEqual(before, places.map(() => false));
  });

  it('a CLI error comes back as the error, not as a warning', async () => {
    const bad = path.join(tmp, 'no-image.yml');
    fs.writeFileSync(bad, 'version: "3.8"\nservices:\n  api:\n    deploy:\n      replicas: 1\n');
    const r = await runDeploy({ files: [bad], stack: STACK, settings });
    assert.equal(r.ok, false);
    assert.notEqual(r.exitCode, 0);
    assert.match(r.error ?? '', /no image specified/);
  });
});
