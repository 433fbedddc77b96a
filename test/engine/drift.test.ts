// Drift on the real engine: deploy stack-v2 (healthcheck + rolling update + rollback), compute what deploying
// stack-v1 would remove, then deploy stack-v1 and check the engine did exactly that.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_DEPLOY_SETTINGS } from '../../client/src/deploy/args';
import { runDeploy } from '../../client/src/deploy/runner';
import { computeDrift, stackServices, type LiveService } from '../../client/src/drift/drift';
import { renderLiveStack } from '../../client/src/drift/liveCompose';
import { DockerodeEngine } from '../../client/src/engine/engine';
import { requirePrereq } from '../helpers/prereq';
import { localConnection, localSwarmPrereqs, removeStackAndWait, REPO } from '../helpers/swarm';

const STACK = `srdrift${process.pid}`;
const file = (v: number) => path.join(REPO, `examples/numbers/stack-v${v}.yml`);
const settings = { ...DEFAULT_DEPLOY_SETTINGS, resolveImage: 'never' as const };

describe('engine: drift between a stack file and the live stack', function () {
  this.timeout(180_000);
  let engine: DockerodeEngine;
  let deployed = false;

  before(async function () {
    const [ok, why] = await localSwarmPrereqs();
    requirePrereq(this, ok, why);
    engine = new DockerodeEngine(localConnection());
    await engine.negotiate();
  });

  after(async function () {
    engine?.dispose();
    if (deployed) await removeStackAndWait(STACK);
  });

  const live = async () => (await engine.services()) as unknown as LiveService[];

  it('before the stack exists: no drift', async () => {
    assert.deepEqual(computeDrift(fs.readFileSync(file(1), 'utf8'), STACK, await live()), []);
  });

  it('stack-v2 deployed: deploying stack-v1 would remove the healthcheck, update_config and rollback_config', async () => {
    deployed = true;
    const r = await runDeploy({ files: [file(2)], stack: STACK, settings });
    assert.equal(r.ok, true, r.error);
    const services = await live();
    const findings = computeDrift(fs.readFileSync(file(1), 'utf8'), STACK, services);
    assert.deepEqual(findings.map((f) => f.code), ['drift/healthcheck-removed', 'drift/update_config-removed', 'drift/rollback_config-removed']);
    assert.deepEqual(findings[1]!.changes.map((c) => `${c.field}:${c.live}`), ['delay:2s', 'failure_action:rollback', 'monitor:10s', 'order:start-first']);
    for (const v of [2, 3]) assert.deepEqual(computeDrift(fs.readFileSync(file(v), 'utf8'), STACK, services), [], `stack-v${v}`);
    // "Compare with live" shows what the engine has
    const yaml = renderLiveStack(STACK, services, ['numbers-api']);
    assert.match(yaml, /healthcheck:\n\s+test:\n\s+- CMD\n/);
    assert.match(yaml, /order: start-first/);
  });

  it('deploying stack-v1 does exactly that; afterwards no drift is left', async () => {
    const r = await runDeploy({ files: [file(1)], stack: STACK, settings });
    assert.equal(r.ok, true, r.error);
    const services = await live();
    const spec = stackServices(services, STACK).get('numbers-api')!.Spec!;
    assert.equal(spec.TaskTemplate?.ContainerSpec?.Healthcheck ?? undefined, undefined);
    assert.equal(spec.UpdateConfig ?? undefined, undefined);
    assert.equal(spec.RollbackConfig ?? undefined, undefined);
    assert.deepEqual(computeDrift(fs.readFileSync(file(1), 'utf8'), STACK, services), []);
  });
});
