// The pure snapshot model (client/src/engine/snapshot.ts) on API JSON recorded from a real engine
// (test/fixtures/snapshots/, written by `RECORD_SNAPSHOTS=1 npx mocha test/engine/rollout-model.test.ts`).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSnapshot, shortAge, stripDigest, type RawSnapshot, type ServiceModel, type SwarmSnapshot } from '../../client/src/engine/snapshot';

const DIR = path.join(__dirname, '..', 'fixtures', 'snapshots');
interface Recorded { recordedAt: number; apiVersion: string; raw: RawSnapshot }
const load = (name: string): Recorded => JSON.parse(fs.readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as Recorded;
const snap = (name: string): SwarmSnapshot => { const r = load(name); return buildSnapshot(r.raw, r.recordedAt); };
/** The numbers-api service of the srmodel* stack (names carry the recording's pid). */
const numbers = (s: SwarmSnapshot): ServiceModel => {
  const st = s.stacks.find((x) => x.name.startsWith('srmodel'));
  assert.ok(st, `a srmodel* stack in ${s.stacks.map((x) => x.name).join(', ')}`);
  const svc = st.services.find((x) => x.shortName === 'numbers-api');
  assert.ok(svc);
  return svc;
};
const IMG = 'swarm-rollout/numbers-api';

describe('snapshot model on recorded engine snapshots', () => {
  it('v1 converged: a stack with one replicated service, 3/3, three running slots, nothing converging', () => {
    const s = snap('v1-converged');
    assert.equal(s.swarm, 'active');
    assert.equal(s.role, 'manager');
    assert.equal(s.nodes.length, 1);
    assert.equal(s.nodes[0].self, true);
    assert.equal(s.nodes[0].role, 'manager');
    assert.equal(s.nodes[0].availability, 'active');
    assert.equal(s.nodes[0].state, 'ready');
    assert.equal(s.nodes[0].leader, true);
    const svc = numbers(s);
    assert.equal(svc.mode, 'replicated');
    assert.equal(svc.replicas, '3/3');
    assert.equal(svc.badge, 'ok');
    assert.equal(svc.update.state, 'none');
    assert.equal(svc.image, `${IMG}:v1`);
    assert.equal(svc.hasHealthcheck, false);
    assert.equal(svc.converging, false);
    assert.equal(s.converging, false);
    assert.deepEqual(svc.slots.map((x) => [x.name, x.current.state, x.current.desiredState, x.current.health, x.history.length]),
      [1, 2, 3].map((n) => [`numbers-api.${n}`, 'running', 'running', 'none', 0]));
    assert.equal(s.nodes[0].runningTasks, 3);
  });

  it('v2 updating: badge updating, "update in progress", a new v2 task waiting for its healthcheck', () => {
    const svc = numbers(snap('v2-updating'));
    assert.equal(svc.badge, 'updating');
    assert.equal(svc.update.state, 'updating');
    assert.equal(svc.update.message, 'update in progress');
    assert.equal(svc.converging, true);
    assert.equal(svc.hasHealthcheck, true);
    const starting = svc.slots.filter((x) => x.current.health === 'starting');
    assert.ok(starting.length >= 1, 'a task in starting = waiting for its healthcheck');
    assert.ok(starting.every((x) => x.current.image === `${IMG}:v2` && x.current.upToDate));
    assert.ok(svc.updated < 3);
    // v1 tasks were created without a healthcheck: they have no health, whatever the new spec says
    const v1 = svc.slots.flatMap((x) => [x.current, ...x.history]).filter((t) => t.image === `${IMG}:v1` && t.state === 'running');
    assert.ok(v1.length >= 1, 'a v1 task still running mid-update');
    assert.ok(v1.every((t) => t.health === 'none'), v1.map((t) => `${t.name} ${t.health}`).join(', '));
  });

  it('v2 completed: 3/3 healthy v2 tasks, v1 tasks folded under each slot, rollback possible', () => {
    const svc = numbers(snap('v2-completed'));
    assert.equal(svc.replicas, '3/3');
    assert.equal(svc.badge, 'ok');
    assert.equal(svc.update.state, 'completed');
    assert.equal(svc.update.message, 'update completed');
    assert.equal(svc.updated, 3);
    assert.equal(svc.canRollback, true);
    for (const sl of svc.slots) {
      assert.equal(sl.current.health, 'healthy');
      assert.equal(sl.current.image, `${IMG}:v2`);
      assert.ok(sl.history.length >= 1);
      assert.ok(sl.history.every((h) => h.state === 'shutdown' && h.desiredState === 'shutdown'));
      assert.ok(sl.history.some((h) => h.image === `${IMG}:v1`));
      // history newest first
      assert.deepEqual(sl.history.map((h) => h.since), [...sl.history.map((h) => h.since)].sort((a, b) => b - a));
    }
  });

  it('v3 updating: a v3 task appears while the v2 ones keep running', () => {
    const svc = numbers(snap('v3-updating'));
    assert.equal(svc.badge, 'updating');
    assert.equal(svc.image, `${IMG}:v3`);
    assert.ok(svc.slots.some((x) => x.current.image === `${IMG}:v3`));
    assert.ok(svc.running >= 3, 'start-first: no v2 replica stopped');
  });

  it('v3 rollback started: badge rolling-back, the message names the failed task', () => {
    const svc = numbers(snap('v3-rollback-started'));
    assert.equal(svc.update.state, 'rollback_started');
    assert.equal(svc.badge, 'rolling-back');
    assert.match(svc.update.message ?? '', /^update rolled back due to failure or early termination of task \w+$/);
    assert.equal(svc.converging, true);
  });

  it('v3 rolled back: badge rolled-back, v2 spec, no previous spec, the v3 task failed "unhealthy container"', () => {
    const s = snap('v3-rolled-back');
    const svc = numbers(s);
    assert.equal(svc.update.state, 'rollback_completed');
    assert.equal(svc.badge, 'rolled-back');
    assert.equal(svc.replicas, '3/3');
    assert.equal(svc.image, `${IMG}:v2`);
    assert.equal(svc.canRollback, false);
    const all = svc.slots.flatMap((x) => [x.current, ...x.history]);
    const v3 = all.filter((t) => t.image === `${IMG}:v3`);
    assert.ok(v3.some((t) => t.state === 'failed' && t.health === 'unhealthy' && /dockerexec: unhealthy container/.test(t.error ?? '')),
      JSON.stringify(v3.map((t) => [t.state, t.error])));
    assert.ok(svc.unhealthyFailures >= 1);
    assert.ok(svc.slots.every((x) => x.current.image === `${IMG}:v2` && x.current.state === 'running'));
    // the message's task id is the failed v3 task
    const failedId = /task (\w+)$/.exec(numbers(snap('v3-rollback-started')).update.message ?? '')?.[1];
    assert.ok(v3.some((t) => t.id === failedId), 'the failed task named by the rollback message is in the tree');
    // the stack's badge is its worst service's
    assert.equal(s.stacks.find((x) => x.name.startsWith('srmodel'))!.badge, 'rolled-back');
  });

  it('self-heal: healthy → the broken task failed unhealthy (badge unhealthy) → replaced (history keeps it)', () => {
    const heal = (name: string) => {
      const svc = snap(name).looseServices.find((x) => x.name.startsWith('srheal'));
      assert.ok(svc, `srheal* in ${name}`);
      return svc;
    };
    const a = heal('selfheal-healthy');
    assert.equal(a.replicas, '1/1');
    assert.equal(a.slots[0].current.health, 'healthy');
    const b = heal('selfheal-failed');
    assert.equal(b.badge, 'unhealthy');
    assert.equal(b.converging, true);
    const broken = [b.slots[0].current, ...b.slots[0].history].find((t) => t.id === a.slots[0].current.id);
    assert.ok(broken);
    assert.equal(broken.health, 'unhealthy');
    const c = heal('selfheal-replaced');
    assert.equal(c.replicas, '1/1');
    assert.equal(c.badge, 'ok');
    assert.notEqual(c.slots[0].current.id, a.slots[0].current.id);
    assert.equal(c.slots[0].current.health, 'healthy');
    assert.equal(c.slots[0].history[0].id, a.slots[0].current.id);
    assert.match(c.slots[0].history[0].error ?? '', /unhealthy container/);
    assert.equal(c.unhealthyFailures, 1);
  });

  it('global, replicated-job and global-job: REPLICAS as docker service ls prints them (checked against the CLI when recorded)', () => {
    const st = snap('modes-converged').stacks.find((x) => x.name.startsWith('srmodes'));
    assert.ok(st);
    const by = new Map(st.services.map((s) => [s.mode, s]));
    assert.equal(by.get('global')!.replicas, '1/1');
    assert.equal(by.get('global')!.slots[0].key, by.get('global')!.slots[0].current.nodeId, 'global slots are nodes');
    assert.match(by.get('global')!.slots[0].name, /^global\./);
    assert.equal(by.get('replicated-job')!.replicas, '0/2 (3/3 completed)');
    assert.equal(by.get('replicated-job')!.badge, 'job-complete');
    assert.equal(by.get('replicated-job')!.converging, false);
    assert.equal(by.get('global-job')!.replicas, '0/0 (1/1 completed)');
  });

  it('without ServiceStatus (API < 1.41) counts like the old CLI fallback', () => {
    const r = load('v2-updating');
    const raw: RawSnapshot = { ...r.raw, services: r.raw.services!.map((s) => ({ ...s, ServiceStatus: undefined })) };
    const svc = numbers(buildSnapshot(raw, r.recordedAt));
    const running = r.raw.tasks!.filter((t) => t.ServiceID === svc.id && t.Status?.State === 'running').length;
    assert.equal(svc.replicas, `${running}/3`);
  });

  it('paused and rollback_paused show as paused; max replicas per node in REPLICAS', () => {
    const r = load('v2-completed');
    const svc0 = numbers(buildSnapshot(r.raw, r.recordedAt));
    const patch = (state: string, extra: object = {}) => buildSnapshot({
      ...r.raw,
      services: r.raw.services!.map((s) => s.ID !== svc0.id ? s : {
        ...s, ...extra, UpdateStatus: { State: state, Message: `update ${state} due to failure or early termination of task x` },
      }),
    }, r.recordedAt);
    assert.equal(numbers(patch('paused')).badge, 'paused');
    assert.equal(numbers(patch('rollback_paused')).badge, 'paused');
    const spec = r.raw.services!.find((s) => s.ID === svc0.id)!.Spec!;
    const maxed = patch('completed', { Spec: { ...spec, TaskTemplate: { ...spec.TaskTemplate, Placement: { MaxReplicas: 1 } } } });
    assert.equal(numbers(maxed).replicas, '3/3 (max 1 per node)');
  });

  it('swarm inactive / worker: role and no lists', () => {
    const inactive = buildSnapshot({ info: { Name: 'x', Swarm: { LocalNodeState: 'inactive', ControlAvailable: false } } }, 0);
    assert.equal(inactive.swarm, 'inactive');
    assert.equal(inactive.role, 'inactive');
    assert.deepEqual([inactive.stacks, inactive.nodes], [[], []]);
    const worker = buildSnapshot({ info: { Swarm: { LocalNodeState: 'active', ControlAvailable: false, NodeID: 'n' } } }, 0);
    assert.equal(worker.role, 'worker');
  });

  it('a node that is down: its task stays "running" as last reported, marked nodeDown, and the slot runs elsewhere', () => {
    const r = load('v1-converged');
    const node = r.raw.nodes![0];
    const down = { ...node, ID: 'downnode', Description: { ...node.Description, Hostname: 'labn3' }, Status: { State: 'down', Addr: '198.18.0.13' }, ManagerStatus: undefined, Spec: { ...node.Spec, Role: 'worker' } };
    const svc0 = numbers(buildSnapshot(r.raw, r.recordedAt));
    const t = r.raw.tasks!.find((x) => x.ServiceID === svc0.id && x.Slot === 1)!;
    const lost = { ...t, ID: 'losttask', NodeID: 'downnode', DesiredState: 'shutdown', Status: { ...t.Status, Timestamp: '2000-01-01T00:00:00Z' } };
    // the server counts the lost task as running (as the real lab showed: 4/3)
    const services = r.raw.services!.map((x) => x.ID !== svc0.id ? x : { ...x, ServiceStatus: { RunningTasks: 4, DesiredTasks: 3 } });
    const s = buildSnapshot({ ...r.raw, services, nodes: [...r.raw.nodes!, down], tasks: [...r.raw.tasks!, lost] }, r.recordedAt);
    const slot = numbers(s).slots[0];
    assert.equal(slot.current.id, t.ID);
    assert.equal(slot.history[0].id, 'losttask');
    assert.equal(slot.history[0].nodeDown, true);
    assert.equal(slot.history[0].nodeName, 'labn3');
    assert.equal(numbers(s).converging, false);
    assert.equal(s.nodes.find((n) => n.id === 'downnode')!.state, 'down');
  });

  it('3-node lab, node 3 stopped: labn3 down, its task folded as "node down", the slot running on another node', () => {
    const s = snap('lab-rescheduled');
    assert.deepEqual(s.nodes.map((n) => `${n.hostname}:${n.role}:${n.availability}:${n.state}`),
      ['labn1:manager:active:ready', 'labn2:worker:active:ready', 'labn3:worker:active:down']);
    const svc = s.stacks.find((x) => x.name.startsWith('srlab'))!.services[0];
    assert.equal(svc.replicas, '4/3', 'the server counts the lost task (docker service ls said 4/3)');
    assert.equal(svc.onDownNodes, 1);
    assert.equal(svc.badge, 'ok');
    assert.equal(svc.converging, false);
    const moved = svc.slots.find((x) => x.history.some((h) => h.nodeDown))!;
    assert.notEqual(moved.current.nodeName, 'labn3');
    assert.equal(moved.current.state, 'running');
    assert.deepEqual([moved.history[0].state, moved.history[0].desiredState, moved.history[0].nodeName], ['running', 'shutdown', 'labn3']);
  });

  it('helpers', () => {
    assert.equal(stripDigest('a/b:v1@sha256:abc'), 'a/b:v1');
    assert.deepEqual([5_000, 120_000, 7_200_000, 3 * 86_400_000].map(shortAge), ['5s', '2m', '2h', '3d']);
  });

  it('builds a big snapshot fast (100 services × 3 tasks × 4 history, recorded shapes)', () => {
    const r = load('v2-completed');
    const svc = r.raw.services!.find((s) => s.Spec?.Name?.endsWith('numbers-api'))!;
    const tasks = r.raw.tasks!.filter((t) => t.ServiceID === svc.ID);
    const services = []; const all = [];
    for (let i = 0; i < 100; i++) {
      services.push({ ...svc, ID: `s${i}`, Spec: { ...svc.Spec, Name: `big_svc${i}`, Labels: { 'com.docker.stack.namespace': 'big' } } });
      for (let k = 0; k < 4; k++) for (const t of tasks) all.push({ ...t, ID: `t${i}_${k}_${t.ID}`, ServiceID: `s${i}` });
    }
    const t0 = performance.now();
    let s!: SwarmSnapshot;
    for (let n = 0; n < 10; n++) s = buildSnapshot({ ...r.raw, services, tasks: all }, r.recordedAt);
    const ms = (performance.now() - t0) / 10;
    assert.equal(s.stacks[0].services.length, 100);
    assert.ok(ms < 50, `buildSnapshot took ${ms.toFixed(1)} ms for ${all.length} tasks`);
  });
});
