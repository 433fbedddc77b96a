// The pure rollout progress model (client/src/rollout/progress.ts) on snapshot sequences recorded from the real
// engine (test/fixtures/rollout/, written by `RECORD=1 npx mocha test/engine/rollout-panel.test.ts`), and on
// synthetic sequences for what a recording cannot show on demand (a stale "completed", one-shot and job services).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSnapshot, type RawService, type RawSnapshot, type RawTask, type SwarmSnapshot } from '../../client/src/engine/snapshot';
import { LogDemuxer, formatLogLine, splitDetails, type LogLine } from '../../client/src/operations/logs';
import { advanceStack, replay, summaryLine, toView, type StackRollout } from '../../client/src/rollout/progress';

const DIR = path.join(__dirname, '..', 'fixtures', 'rollout');
interface Recording { stack: string; since: number; frames: Array<{ at: number; raw: RawSnapshot }> }
const load = (name: string): Recording => JSON.parse(fs.readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as Recording;
const IMG = 'swarm-rollout/numbers-api';

function run(name: string, withSince = true): { rec: Recording; states: StackRollout[]; last: StackRollout } {
  const rec = load(name);
  const snaps = rec.frames.map((f) => buildSnapshot(f.raw, f.at));
  const states = replay(snaps, rec.stack, withSince ? { since: rec.since } : {});
  return { rec, states, last: states[states.length - 1] };
}
const phases = (states: StackRollout[]) => states.map((s) => s.services[0]?.phase ?? '-').filter((p, i, a) => i === 0 || a[i - 1] !== p);

describe('rollout progress on recorded rollouts', () => {
  it('v1 (a new service): converging, then completed once stable for the verify window', () => {
    const { states, last } = run('v1');
    assert.equal(last.phase, 'completed');
    assert.equal(last.outcome, 'success');
    assert.equal(last.ended, true);
    assert.equal(`${last.done} of ${last.total}`, '3 of 3');
    assert.equal(phases(states)[0], 'converging');
    // not before the verify window (UpdateConfig.Monitor, 5 s by default) after 3 of 3 first ran
    const firstAll = states.findIndex((s) => s.done === 3);
    const firstEnd = states.findIndex((s) => s.ended);
    assert.ok(firstEnd >= firstAll);
    if (firstEnd > firstAll) assert.ok(states[firstEnd].takenAt - states[firstAll].takenAt >= 5000);
  });

  it('v2: updating slot by slot (start-first: the new task waits for its healthcheck next to the old one), then completed', () => {
    const { states, last } = run('v2');
    assert.deepEqual(phases(states).slice(-2), ['updating', 'completed']);
    const svc = last.services[0];
    assert.equal(svc.outcome, 'success');
    assert.equal(svc.from, `${IMG}:v1`);
    assert.equal(svc.to, `${IMG}:v2`);
    assert.deepEqual(svc.rows.map((r) => [r.status, r.from, r.image, r.health]), [1, 2, 3].map(() => ['updated', `${IMG}:v1`, `${IMG}:v2`, 'healthy']));
    const during = states.find((s) => s.services[0].rows.some((r) => r.health === 'starting' && r.oldRunning));
    assert.ok(during, 'a new task starting next to its old one');
    const counts = states.filter((s) => s.phase === 'updating').map((s) => s.done);
    assert.ok(counts.every((c, i) => i === 0 || c >= counts[i - 1]), `X never goes down: ${counts.join(',')}`);
    assert.ok(counts.includes(1) && counts.includes(2), counts.join(','));
    const texts = last.timeline.map((e) => e.text);
    assert.ok(texts.some((t) => /^(update started: update in progress|updating: 0 of 3 running numbers-api:v2 · engine: update in progress)/.test(t)), texts.join('\n'));
    assert.ok(texts.some((t) => /numbers-api\.\d numbers-api:v2 starting \(waiting for healthcheck\)/.test(t)), texts.join('\n'));
    assert.ok(texts.some((t) => /numbers-api\.\d numbers-api:v1 shutdown/.test(t)), texts.join('\n'));
    assert.ok(texts.some((t) => /^completed: 3 of 3 running numbers-api:v2/.test(t)), texts.join('\n'));
    assert.match(summaryLine(last), /numbers-api: completed · 3 of 3 running/);
  });

  it('v3: the automatic rollback is a failure with the failed task\'s error as the reason', () => {
    const { states, last } = run('v3');
    assert.deepEqual(phases(states).slice(-3), ['updating', 'rolling back', 'rolled back']);
    const svc = last.services[0];
    assert.equal(svc.outcome, 'failure');
    assert.equal(last.outcome, 'failure');
    assert.match(svc.reason ?? '', /^numbers-api\.\d \(numbers-api:v3\): task: non-zero exit \(\d+\): dockerexec: unhealthy container$/);
    assert.equal(svc.from, `${IMG}:v3`);
    assert.equal(svc.to, `${IMG}:v2`);
    const rolled = svc.rows.filter((r) => r.status === 'rolled back');
    assert.equal(rolled.length, 1, JSON.stringify(svc.rows));
    assert.equal(rolled[0].from, `${IMG}:v3`);
    assert.match(rolled[0].error ?? '', /unhealthy container/);
    assert.deepEqual(svc.rows.filter((r) => r.status !== 'rolled back').map((r) => r.status), ['unchanged', 'unchanged']);
    // the reason is already known while it rolls back
    const rb = states.find((s) => s.phase === 'rolling back');
    assert.match(rb?.services[0].reason ?? '', /unhealthy/);
    // before the engine said "rollback_started", the stale "completed" of v2 was not trusted
    const first = states[0].services[0];
    assert.notEqual(first.phase, 'completed');
    assert.ok(last.timeline.some((e) => e.kind === 'error' && /^rolled back: numbers-api\.\d \(numbers-api:v3\)/.test(e.text)));
    assert.ok(last.timeline.some((e) => e.kind === 'warning' && /^rollback started: update rolled back due to failure/.test(e.text)));
  });

  it('v3 replayed without knowing when it began (the panel opened during it): the same verdict', () => {
    const { last } = run('v3', false);
    assert.equal(last.services[0].phase, 'rolled back');
    assert.equal(last.services[0].outcome, 'failure');
    assert.match(last.services[0].reason ?? '', /unhealthy container/);
  });

  it('the end state of v3 alone (panel opened after the rollback): still a failure, with the reason', () => {
    const rec = load('v3');
    const f = rec.frames[rec.frames.length - 1];
    const s = advanceStack(undefined, buildSnapshot(f.raw, f.at), rec.stack);
    assert.equal(s.services[0].phase, 'rolled back');
    assert.equal(s.services[0].outcome, 'failure');
    assert.match(s.services[0].reason ?? '', /unhealthy container/);
  });

  it('scale 3 → 4 (no UpdateStatus: the tasks decide): completed when 4 run for the verify window', () => {
    const { states, last } = run('scale');
    assert.equal(last.phase, 'completed');
    assert.equal(`${last.done} of ${last.total}`, '4 of 4');
    assert.deepEqual(last.services[0].rows.map((r) => r.status), ['unchanged', 'unchanged', 'unchanged', 'new']);
    assert.ok(states.some((s) => /^verify: waiting 10 s/.test(s.services[0].note ?? '')), 'the verify window (monitor 10 s)');
    assert.ok(!states.slice(0, -1).some((s) => s.ended), 'not ended before the last sample');
  });

  it('manual rollback: rolled back, a success', () => {
    const { last } = run('manual-rollback');
    assert.equal(last.services[0].phase, 'rolled back');
    assert.equal(last.services[0].outcome, 'success');
    assert.equal(last.outcome, 'success');
    assert.equal(`${last.done} of ${last.total}`, '3 of 3');
  });

  it('toView drops the memory (what the webview receives)', () => {
    const v = toView(run('v2').last);
    assert.ok(!('mem' in v.services[0]));
    assert.doesNotThrow(() => JSON.stringify(v));
  });
});

// ---------- synthetic sequences ----------

const NODE = 'node1';
const T0 = Date.parse('2026-01-01T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
function svc(id: string, o: { image: string; replicas?: number; mode?: 'job' | 'replicated'; total?: number; update?: RawService['UpdateStatus']; status?: RawService['ServiceStatus']; monitorS?: number }): RawService {
  return {
    ID: id,
    Spec: {
      Name: `st_${id}`, Labels: { 'com.docker.stack.namespace': 'st' },
      Mode: o.mode === 'job' ? { ReplicatedJob: { MaxConcurrent: 2, TotalCompletions: o.total ?? 2 } } : { Replicated: { Replicas: o.replicas ?? 1 } },
      TaskTemplate: { ContainerSpec: { Image: o.image } },
      UpdateConfig: o.monitorS ? { Monitor: o.monitorS * 1e9 } : undefined,
    },
    UpdateStatus: o.update,
    ServiceStatus: o.status ?? { RunningTasks: 0, DesiredTasks: o.replicas ?? 1, CompletedTasks: 0 },
    JobStatus: o.mode === 'job' ? { JobIteration: { Index: 1 } } : undefined,
  };
}
function task(id: string, service: string, slot: number, image: string, state: string, at: number, desired = 'running', err?: string): RawTask {
  return { ID: id, ServiceID: service, NodeID: NODE, Slot: slot, Spec: { ContainerSpec: { Image: image } }, DesiredState: desired,
    Status: { State: state, Timestamp: iso(at), Err: err }, JobIteration: { Index: 1 } };
}
function snap(at: number, services: RawService[], tasks: RawTask[]): SwarmSnapshot {
  return buildSnapshot({
    info: { Swarm: { NodeID: NODE, LocalNodeState: 'active', ControlAvailable: true } },
    services, tasks, nodes: [{ ID: NODE, Description: { Hostname: 'n1' }, Status: { State: 'ready' }, Spec: { Role: 'manager', Availability: 'active' } }],
  }, at);
}

describe('rollout progress on synthetic sequences', () => {
  it('a stale "completed" (CompletedAt before the deploy) is not trusted: it waits for the tasks', () => {
    const since = T0 + 60_000;
    const stale = { State: 'completed', StartedAt: iso(T0), CompletedAt: iso(T0 + 20_000), Message: 'update completed' };
    // the deploy changed the image; the engine has not started the update yet: UpdateStatus is the old one
    const s1 = snap(since + 500, [svc('a', { image: 'x:2', update: stale, monitorS: 5 })], [task('t1', 'a', 1, 'x:1', 'running', T0 + 10_000)]);
    const r1 = advanceStack(undefined, s1, 'st', { since });
    assert.notEqual(r1.phase, 'completed');
    assert.equal(r1.ended, false);
    assert.match(r1.services[0].note ?? '', /not trusted/);
    // the same stale status with the task already on x:2: completed only after the verify window (5 s)
    const t2 = [task('t1', 'a', 1, 'x:1', 'shutdown', since + 2000, 'shutdown'), task('t2', 'a', 1, 'x:2', 'running', since + 2000)];
    const r2 = advanceStack(r1, snap(since + 2500, [svc('a', { image: 'x:2', update: stale, monitorS: 5 })], t2), 'st', { since });
    assert.equal(r2.ended, false);
    assert.match(r2.services[0].note ?? '', /verify|not trusted/);
    const r3 = advanceStack(r2, snap(since + 8000, [svc('a', { image: 'x:2', update: stale, monitorS: 5 })], t2), 'st', { since });
    assert.equal(r3.phase, 'completed');
    assert.equal(r3.ended, true);
  });

  it('"completed" whose tasks do not run the spec is not trusted', () => {
    const done = { State: 'completed', StartedAt: iso(T0), CompletedAt: iso(T0 + 20_000), Message: 'update completed' };
    const s = snap(T0 + 30_000, [svc('a', { image: 'x:2', update: done, replicas: 2 })],
      [task('t1', 'a', 1, 'x:2', 'running', T0 + 5000), task('t2', 'a', 2, 'x:2', 'failed', T0 + 25_000, 'running', 'task: non-zero exit (1)')]);
    const r = advanceStack(undefined, s, 'st');
    assert.equal(r.phase, 'converging');
    assert.equal(r.ended, false);
    assert.match(r.services[0].note ?? '', /says "completed" but 1 of 2/);
  });

  it('a one-shot service (tasks exit, restart none) ends instead of hanging; a failed one fails with its error', () => {
    const ok = [task('t1', 'a', 1, 'x:1', 'complete', T0 + 2000)];
    const r1 = advanceStack(undefined, snap(T0 + 3000, [svc('a', { image: 'x:1' })], ok), 'st', { since: T0 });
    assert.equal(r1.ended, false, 'not before the verify window');
    const r2 = advanceStack(r1, snap(T0 + 9000, [svc('a', { image: 'x:1' })], ok), 'st', { since: T0 });
    assert.equal(r2.phase, 'completed');
    assert.equal(r2.ended, true);
    assert.match(r2.services[0].note ?? '', /exited/);
    const bad = [task('t1', 'a', 1, 'x:1', 'failed', T0 + 2000, 'running', 'task: non-zero exit (2)')];
    const b1 = advanceStack(undefined, snap(T0 + 3000, [svc('a', { image: 'x:1' })], bad), 'st', { since: T0 });
    const b2 = advanceStack(b1, snap(T0 + 9000, [svc('a', { image: 'x:1' })], bad), 'st', { since: T0 });
    assert.equal(b2.phase, 'failed');
    assert.equal(b2.outcome, 'failure');
    assert.match(b2.services[0].reason ?? '', /non-zero exit \(2\)/);
  });

  it('a replicated job ends when all completions are done', () => {
    const running = snap(T0 + 1000, [svc('j', { image: 'x:1', mode: 'job', total: 2, status: { RunningTasks: 2, DesiredTasks: 2, CompletedTasks: 0 } })],
      [task('t1', 'j', 1, 'x:1', 'running', T0 + 500, 'complete'), task('t2', 'j', 2, 'x:1', 'running', T0 + 500, 'complete')]);
    const r1 = advanceStack(undefined, running, 'st', { since: T0 });
    assert.equal(r1.ended, false);
    assert.equal(r1.services[0].progressText, '0 of 2 completed');
    const done = snap(T0 + 3000, [svc('j', { image: 'x:1', mode: 'job', total: 2, status: { RunningTasks: 0, DesiredTasks: 2, CompletedTasks: 2 } })],
      [task('t1', 'j', 1, 'x:1', 'complete', T0 + 2000, 'complete'), task('t2', 'j', 2, 'x:1', 'complete', T0 + 2500, 'complete')]);
    const r2 = advanceStack(r1, done, 'st', { since: T0 });
    assert.equal(r2.phase, 'completed');
    assert.equal(r2.ended, true);
    assert.equal(r2.services[0].progressText, '2 of 2 completed');
  });

  it('a paused update is a failure with the message', () => {
    const s = snap(T0 + 5000, [svc('a', { image: 'x:2', update: { State: 'paused', StartedAt: iso(T0), Message: 'update paused due to failure or early termination of task t2' } })],
      [task('t1', 'a', 1, 'x:1', 'running', T0 - 5000), task('t2', 'a', 1, 'x:2', 'failed', T0 + 3000, 'shutdown', 'task: non-zero exit (1)')]);
    const r = advanceStack(undefined, s, 'st');
    assert.equal(r.phase, 'paused');
    assert.equal(r.outcome, 'failure');
    assert.match(r.services[0].reason ?? '', /x:2\): task: non-zero exit \(1\)/);
  });

  it('a removed stack: missing, no services', () => {
    const r = advanceStack(undefined, snap(T0, [], []), 'gone');
    assert.equal(r.missing, true);
    assert.equal(r.services.length, 0);
  });
});

describe('logs demultiplexing', () => {
  const frame = (stream: number, s: string) => { const b = Buffer.from(s); const h = Buffer.alloc(8); h[0] = stream; h.writeUInt32BE(b.length, 4); return Buffer.concat([h, b]); };

  it('splits frames and lines across arbitrary chunk boundaries, stdout and stderr apart', () => {
    const all = Buffer.concat([frame(1, 'hello\nwor'), frame(2, 'oops\n'), frame(1, 'ld\n'), frame(1, 'tail')]);
    for (const size of [1, 3, 7, 8, 9, all.length]) {
      const lines: LogLine[] = [];
      const d = new LogDemuxer((l) => lines.push(l));
      for (let i = 0; i < all.length; i += size) d.push(all.subarray(i, i + size));
      d.end();
      assert.deepEqual(lines, [
        { stream: 'stdout', text: 'hello' }, { stream: 'stderr', text: 'oops' }, { stream: 'stdout', text: 'world' }, { stream: 'stdout', text: 'tail' },
      ], `chunk size ${size}`);
    }
  });

  it('a TTY stream (no frame headers) is plain text', () => {
    const lines: LogLine[] = [];
    const d = new LogDemuxer((l) => lines.push(l));
    d.push(Buffer.from('plain line\r\nnext'));
    d.end();
    assert.deepEqual(lines.map((l) => l.text), ['plain line', 'next']);
  });

  it('details prefix → "name.slot@node | message"', () => {
    const text = 'com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,com.docker.swarm.task.id=t1 GET /rng 200';
    assert.deepEqual(splitDetails(text), { taskId: 't1', nodeId: 'n1', message: 'GET /rng 200' });
    assert.equal(formatLogLine({ stream: 'stdout', text }, (id) => (id === 't1' ? 'api.1@n1' : undefined)), 'api.1@n1 | GET /rng 200');
    assert.equal(formatLogLine({ stream: 'stdout', text: 'no details here' }, () => undefined), 'no details here');
  });
});
