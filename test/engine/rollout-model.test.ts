// Engine tier: the Swarm view's model on the real engine.
//  - numbers v1 → v2 → v3 deployed with the docker CLI: the model shows 3/3, then "updating", then the automatic
//    rollback with the failed v3 task's "unhealthy container" error;
//  - self-healing: calls that break a replica (reached at its IP on the default bridge, as recipes/swarm-lab
//    selfheal.sh does) make it unhealthy; the model shows it failed "unhealthy" and replaced;
//  - the other modes (global, replicated-job, global-job): REPLICAS equal to `docker service ls`;
//  - the SwarmWatcher (events + converge polling) follows all of it, at most 4 API calls per refresh.
// RECORD_SNAPSHOTS=1 writes the raw API JSON of each stage to test/fixtures/snapshots/ for the unit tests.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { DockerodeEngine } from '../../client/src/engine/engine';
import type { ServiceModel, SwarmSnapshot } from '../../client/src/engine/snapshot';
import { SwarmWatcher } from '../../client/src/views/refresh';
import { requirePrereq } from '../helpers/prereq';
import { IMAGE, ModelProbe, REPO, docker, localConnection, localSwarmPrereqs, removeStackAndWait, waitFor } from '../helpers/swarm';

const STACK = `srmodel${process.pid}`;
const SVC = `${STACK}_numbers-api`;
const HEAL = `srheal${process.pid}`;
const MODES = `srmodes${process.pid}`;
const file = (v: string) => path.join(REPO, 'examples', 'numbers', `stack-${v}.yml`);
const deploy = (v: string) => docker(['stack', 'deploy', '--resolve-image', 'never', '-c', file(v), STACK]);

describe('engine: the Swarm view model on a real rollout (v1 → v2 → v3, self-heal)', function () {
  this.timeout(90_000);
  let probe: ModelProbe;
  let watcher: SwarmWatcher | undefined;
  const seen: string[] = []; // badges of SVC as the watcher saw them, deduplicated
  const cleanup: Array<() => Promise<unknown>> = [];

  before(async function () {
    const [ok, why] = await localSwarmPrereqs();
    requirePrereq(this, ok, why);
    probe = await new ModelProbe().init();
    watcher = new SwarmWatcher(() => new DockerodeEngine(localConnection()), { debounceMs: 100, convergePollMs: 500 });
    watcher.onChange((st) => {
      if (st.kind !== 'ok') return;
      const s = findSvc(st.snapshot);
      const b = s ? `${s.badge}:${s.replicas}` : 'none';
      if (seen[seen.length - 1] !== b) seen.push(b);
      assert.ok(watcher!.stats.lastCalls <= 4, `a refresh made ${watcher!.stats.lastCalls} API calls`);
    });
    watcher.start();
  });

  after(async function () {
    this.timeout(120_000);
    watcher?.stop();
    probe?.dispose();
    for (const c of cleanup.reverse()) await c().catch((e: Error) => console.log(`      cleanup: ${e.message}`));
  });

  const findSvc = (s: SwarmSnapshot) => s.stacks.find((st) => st.name === STACK)?.services.find((x) => x.name === SVC);
  const model = async (name = SVC): Promise<ServiceModel | undefined> => {
    const snap = await probe.snapshot();
    const s = name === SVC ? findSvc(snap) : snap.looseServices.find((x) => x.name === name);
    assert.ok(probe.lastCalls <= 4, `refresh used ${probe.lastCalls} calls`);
    return s;
  };
  const stage = async (what: string, ms: number, pred: (s: ServiceModel) => boolean, name = SVC): Promise<ServiceModel> => {
    const t0 = Date.now();
    const s = await waitFor(what, ms, async () => { const m = await model(name); return m && pred(m) ? m : undefined; }, 200);
    console.log(`      ${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s → ${s.replicas} ${s.badge} ${s.update.state}${s.update.message ? ` "${s.update.message}"` : ''}`);
    return s;
  };

  it('v1: 3/3 running, no healthcheck, no update status', async function () {
    cleanup.push(() => removeStackAndWait(STACK));
    await deploy('v1');
    const s = await stage('v1 converged', 30_000, (m) => m.replicas === '3/3' && !m.converging);
    probe.record('v1-converged');
    assert.equal(s.shortName, 'numbers-api');
    assert.equal(s.stack, STACK);
    assert.equal(s.mode, 'replicated');
    assert.equal(s.badge, 'ok');
    assert.equal(s.update.state, 'none');
    assert.equal(s.image, `${IMAGE}:v1`);
    assert.deepEqual(s.slots.map((x) => x.current.state), ['running', 'running', 'running']);
    assert.deepEqual(s.slots.map((x) => x.name), ['numbers-api.1', 'numbers-api.2', 'numbers-api.3']);
  });

  it('v2: updating (one slot at a time, new task waiting for its healthcheck), then completed with 3 healthy v2 tasks', async function () {
    this.timeout(60_000);
    await deploy('v2');
    const up = await stage('v2 updating', 15_000, (m) => m.update.state === 'updating' && m.slots.some((x) => x.current.health === 'starting'));
    probe.record('v2-updating');
    assert.equal(up.badge, 'updating');
    assert.equal(up.update.message, 'update in progress');
    assert.ok(up.converging);
    const done = await stage('v2 completed', 45_000, (m) => m.update.state === 'completed' && m.replicas === '3/3' && !m.converging);
    probe.record('v2-completed');
    assert.equal(done.badge, 'ok');
    assert.equal(done.image, `${IMAGE}:v2`);
    assert.ok(done.slots.every((x) => x.current.image === `${IMAGE}:v2` && x.current.health === 'healthy'), 'three healthy v2 tasks');
    assert.ok(done.slots.every((x) => x.history.some((h) => h.image === `${IMAGE}:v1` && h.state === 'shutdown')), 'v1 tasks folded under each slot');
    assert.ok(done.canRollback, 'PreviousSpec exists after an update');
    // The watcher refreshes on its own clock (events, converge polling): let it see the completed state before v3
    // starts, or the brief 3/3 between the two rollouts may fall between two of its refreshes.
    await waitFor('the watcher to see v2 completed', 10_000, async () => seen[seen.length - 1]?.startsWith('ok:3/3'));
  });

  it('v3: updating, then the automatic rollback with the failed task\'s "unhealthy container" error', async function () {
    this.timeout(60_000);
    await deploy('v3');
    await stage('v3 updating', 15_000, (m) => m.update.state === 'updating' && m.slots.some((x) => x.current.image === `${IMAGE}:v3`));
    probe.record('v3-updating');
    await stage('v3 rollback started', 30_000, (m) => m.update.state === 'rollback_started' || m.update.state === 'rollback_completed');
    probe.record('v3-rollback-started');
    const rb = await stage('v3 rolled back', 30_000, (m) => m.update.state === 'rollback_completed' && m.replicas === '3/3');
    probe.record('v3-rolled-back');
    assert.equal(rb.badge, 'rolled-back');
    assert.equal(rb.update.message, 'rollback completed');
    assert.equal(rb.image, `${IMAGE}:v2`, 'the spec is v2 again');
    assert.equal(rb.canRollback, false, 'an automatic rollback clears PreviousSpec');
    const failed = rb.slots.flatMap((x) => [x.current, ...x.history]).filter((t) => t.image === `${IMAGE}:v3`);
    assert.ok(failed.length >= 1, 'the v3 task is in the history');
    const f = failed.find((t) => t.health === 'unhealthy');
    assert.ok(f, `a v3 task failed unhealthy: ${JSON.stringify(failed.map((t) => [t.state, t.error]))}`);
    assert.match(f.error ?? '', /unhealthy container/);
    assert.equal(f.state, 'failed');
    assert.ok(rb.unhealthyFailures >= 1);
    assert.ok(rb.slots.every((x) => x.current.image === `${IMAGE}:v2` && x.current.state === 'running'), 'every slot runs v2');
  });

  it('the watcher (events + converge polling) followed the rollout: 3/3, updating, completed, rolled back', async function () {
    await waitFor('the watcher to see the rollback', 10_000, async () => seen.some((b) => b.startsWith('rolled-back')));
    console.log(`      watcher saw: ${seen.join(' → ')}; ${watcher!.stats.refreshes} refreshes, last ${watcher!.stats.lastRefreshMs} ms / ${watcher!.stats.lastCalls} calls`);
    // in this order (v1's own 3/3 may be skipped: v2 is deployed the moment the probe sees it)
    let at = -1;
    for (const p of ['updating', 'ok:3/3', 'updating', 'rolling-back', 'rolled-back:3/3']) {
      const i = seen.findIndex((b, k) => k > at && b.startsWith(p));
      assert.ok(i > at, `"${p}" after position ${at} in: ${seen.join(' → ')}`);
      at = i;
    }
  });

  it('self-heal: a replica broken by 4 calls turns unhealthy and the model shows it replaced', async function () {
    this.timeout(90_000);
    cleanup.push(() => docker(['service', 'rm', HEAL]));
    // no --network, no --publish: the task container sits on the default bridge, reachable from here at its IP.
    // The healthcheck is in the service spec (as stack-v2.yml has it): one that only the image defines is
    // invisible in the task, so the model could not call the task healthy.
    await docker(['service', 'create', '-d', '--name', HEAL, '--no-resolve-image', '--restart-delay', '2s',
      '--stop-grace-period', '3s', '--health-cmd', 'wget -q -O /dev/null http://localhost/health', '--health-interval', '2s',
      '--health-timeout', '2s', '--health-retries', '2', '--health-start-period', '1s', `${IMAGE}:v2`]);
    const healthy = await stage('self-heal: healthy', 30_000, (m) => m.slots.length === 1 && m.slots[0].current.health === 'healthy' && !!m.slots[0].current.containerId, HEAL);
    probe.record('selfheal-healthy');
    const first = healthy.slots[0].current;
    const ip = (await docker(['inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', first.containerId!])).trim();
    assert.ok(ip, 'container IP on the default bridge');
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`http://${ip}/rng`, { signal: AbortSignal.timeout(3000) });
      codes.push(res.status);
      await res.text();
    }
    console.log(`      GET http://${ip}/rng ×4 → ${codes.join(' ')}`);
    assert.deepEqual(codes, [200, 200, 200, 500]);
    const t0 = Date.now();
    const failedSeen = await stage('self-heal: task failed unhealthy', 40_000, (m) =>
      m.slots[0].current.id !== first.id || m.slots[0].current.health === 'unhealthy', HEAL);
    probe.record('selfheal-failed');
    const replaced = await stage('self-heal: replaced', 40_000, (m) =>
      m.slots[0].current.id !== first.id && m.slots[0].current.health === 'healthy', HEAL);
    probe.record('selfheal-replaced');
    console.log(`      broken → replacement healthy in ${((Date.now() - t0) / 1000).toFixed(1)} s (first seen: ${failedSeen.slots[0].current.state})`);
    const old = replaced.slots[0].history.find((t) => t.id === first.id);
    assert.ok(old, 'the broken task is folded under the slot');
    assert.equal(old.health, 'unhealthy');
    assert.match(old.error ?? '', /unhealthy container/);
    assert.equal(replaced.replicas, '1/1');
    assert.equal(replaced.unhealthyFailures, 1);
    assert.equal(replaced.stack, undefined, 'a service without the stack label is a loose service');
  });

  it('global, replicated-job and global-job services: REPLICAS equal to docker service ls', async function () {
    this.timeout(60_000);
    const names = [`${MODES}_global`, `${MODES}_rjob`, `${MODES}_gjob`];
    cleanup.push(() => docker(['service', 'rm', ...names]));
    const common = ['service', 'create', '-d', '--no-resolve-image', '--label', `com.docker.stack.namespace=${MODES}`];
    await docker([...common, '--name', names[0], '--mode', 'global', `${IMAGE}:v1`]);
    await docker([...common, '--name', names[1], '--mode', 'replicated-job', '--replicas', '3', '--max-concurrent', '2',
      `${IMAGE}:v1`, 'sh', '-c', 'sleep 1']);
    await docker([...common, '--name', names[2], '--mode', 'global-job', `${IMAGE}:v1`, 'sh', '-c', 'sleep 1']);
    const snap = await waitFor('the three services to converge', 45_000, async () => {
      const s = await probe.snapshot();
      const st = s.stacks.find((x) => x.name === MODES);
      return st && st.services.length === 3 && st.services.every((x) => !x.converging) ? s : undefined;
    }, 300);
    probe.record('modes-converged');
    const st = snap.stacks.find((x) => x.name === MODES)!;
    const cli = new Map((await docker(['service', 'ls', '--filter', `label=com.docker.stack.namespace=${MODES}`, '--format', '{{.Name}}\t{{.Replicas}}']))
      .trim().split('\n').map((l) => l.split('\t') as [string, string]));
    for (const s of st.services) {
      console.log(`      ${s.name} (${s.mode}): model ${JSON.stringify(s.replicas)} cli ${JSON.stringify(cli.get(s.name))} ${s.badge}`);
      assert.equal(s.replicas, cli.get(s.name), `${s.name}: REPLICAS`);
    }
    const by = new Map(st.services.map((s) => [s.mode, s]));
    assert.equal(by.get('global')!.replicas, '1/1');
    assert.equal(by.get('replicated-job')!.badge, 'job-complete');
    assert.equal(by.get('replicated-job')!.replicas, '0/2 (3/3 completed)');
    assert.equal(by.get('global-job')!.replicas, '0/0 (1/1 completed)');
  });
});
