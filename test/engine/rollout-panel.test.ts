// Engine tier: the rollout progress model (client/src/rollout/progress.ts) and the operations
// (client/src/operations/ops.ts, logs.ts) on the real engine, with numbers v1 → v2 → v3 deployed by the docker CLI.
//  - v2: a start-first rolling update, sampled every ~250 ms: never fewer than 3 running tasks; the model
//    goes updating → completed;
//  - v3: the automatic rollback ends as "rolled back", a failure whose reason is the failed task's
//    "unhealthy container" error;
//  - rollback right after that: refused, with the reason (the engine clears PreviousSpec after a rollback);
//  - scale 3 → 4 (a successful update), then the manual rollback back to 3: "rolled back", a success;
//  - logs (demultiplexed), inspect with the engine's defaults, remove stack.
// RECORD=1 writes each stage's snapshot sequence to test/fixtures/rollout/<stage>.json for the unit tests.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RawSnapshot, RawService, RawTask } from '../../client/src/engine/snapshot';
import { buildSnapshot } from '../../client/src/engine/snapshot';
import { followLogs, formatLogLine, type LogLine } from '../../client/src/operations/logs';
import { inspectServiceJson, removeStack, rollbackService, scaleService } from '../../client/src/operations/ops';
import { advanceStack, summaryLine, type StackRollout } from '../../client/src/rollout/progress';
import { requirePrereq } from '../helpers/prereq';
import { IMAGE, ModelProbe, REPO, docker, localSwarmPrereqs, removeStackAndWait, sleep } from '../helpers/swarm';

const STACK = `srpanel${process.pid}`;
const SVC = `${STACK}_numbers-api`;
const RECORD_DIR = path.join(REPO, 'test', 'fixtures', 'rollout');
const file = (v: string) => path.join(REPO, 'examples', 'numbers', `stack-${v}.yml`);
const deploy = (v: string) => docker(['stack', 'deploy', '--resolve-image', 'never', '-c', file(v), STACK]);

/** Only what snapshot.ts reads, and only this stack: small recordings. */
export function trimRaw(raw: RawSnapshot, stack: string): RawSnapshot {
  const services = (raw.services ?? []).filter((s) => s.Spec?.Labels?.['com.docker.stack.namespace'] === stack);
  const ids = new Set(services.map((s) => s.ID));
  const cs = (c: { Image?: string; Healthcheck?: { Test?: string[] } } | undefined) => c && { Image: c.Image, Healthcheck: c.Healthcheck && { Test: c.Healthcheck.Test } };
  return {
    info: { Name: raw.info.Name, ServerVersion: raw.info.ServerVersion, Swarm: raw.info.Swarm && {
      NodeID: raw.info.Swarm.NodeID, LocalNodeState: raw.info.Swarm.LocalNodeState, ControlAvailable: raw.info.Swarm.ControlAvailable } },
    services: services.map((s): RawService => ({
      ID: s.ID, Version: s.Version, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt,
      Spec: { Name: s.Spec?.Name, Labels: s.Spec?.Labels, Mode: s.Spec?.Mode, UpdateConfig: s.Spec?.UpdateConfig && { Monitor: s.Spec.UpdateConfig.Monitor },
        TaskTemplate: { ContainerSpec: cs(s.Spec?.TaskTemplate?.ContainerSpec) } },
      PreviousSpec: s.PreviousSpec ? { TaskTemplate: { ContainerSpec: cs(s.PreviousSpec.TaskTemplate?.ContainerSpec) } } : undefined,
      UpdateStatus: s.UpdateStatus, ServiceStatus: s.ServiceStatus, JobStatus: s.JobStatus,
    })),
    tasks: (raw.tasks ?? []).filter((t) => t.ServiceID && ids.has(t.ServiceID)).map((t): RawTask => ({
      ID: t.ID, ServiceID: t.ServiceID, NodeID: t.NodeID, Slot: t.Slot, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt,
      Spec: { ContainerSpec: cs(t.Spec?.ContainerSpec) },
      Status: t.Status && { Timestamp: t.Status.Timestamp, State: t.Status.State, Message: t.Status.Message, Err: t.Status.Err,
        ContainerStatus: t.Status.ContainerStatus && { ContainerID: t.Status.ContainerStatus.ContainerID, ExitCode: t.Status.ContainerStatus.ExitCode } },
      DesiredState: t.DesiredState, JobIteration: t.JobIteration,
    })),
    nodes: (raw.nodes ?? []).map((n) => ({ ID: n.ID, Description: { Hostname: n.Description?.Hostname }, Spec: n.Spec, Status: n.Status, ManagerStatus: n.ManagerStatus })),
  };
}

interface Stage { name: string; since: number; frames: Array<{ at: number; raw: RawSnapshot }>; states: StackRollout[]; minRunning: number; last: StackRollout }

describe('engine: rollout progress and operations on a real rollout (v1 → v2 → v3 → rollback)', function () {
  this.timeout(90_000);
  let probe: ModelProbe;
  let svcId = '';

  before(async function () {
    const [ok, why] = await localSwarmPrereqs();
    requirePrereq(this, ok, why);
    probe = await new ModelProbe().init();
  });

  after(async function () {
    this.timeout(120_000);
    probe?.dispose();
    await removeStackAndWait(STACK).catch((e: Error) => console.log(`      cleanup: ${e.message}`));
  });

  /** Runs `act`, then samples every ~250 ms until the model ends (or the deadline); records with RECORD=1. */
  const watch = async (name: string, act: () => Promise<unknown>, timeoutMs: number): Promise<Stage> => {
    const since = Date.now();
    await act();
    const frames: Stage['frames'] = [];
    const states: StackRollout[] = [];
    let state: StackRollout | undefined;
    let minRunning = Infinity;
    let lastJson = '';
    const deadline = since + timeoutMs;
    for (;;) {
      const t0 = Date.now();
      const snap = await probe.snapshot();
      const raw = trimRaw(probe.lastRaw!, STACK);
      const json = JSON.stringify(raw);
      if (json !== lastJson) { frames.push({ at: snap.takenAt, raw }); lastJson = json; }
      state = advanceStack(state, buildSnapshot(raw, snap.takenAt), STACK, { since });
      states.push(state);
      const running = (raw.tasks ?? []).filter((t) => t.Status?.State === 'running').length;
      if (state.services.length) minRunning = Math.min(minRunning, running);
      if (state.ended || Date.now() > deadline) {
        if (frames[frames.length - 1].at !== snap.takenAt) frames.push({ at: snap.takenAt, raw }); // the moment it ended
        break;
      }
      await sleep(Math.max(0, 250 - (Date.now() - t0)));
    }
    const s = state!;
    console.log(`      ${name}: ${((Date.now() - since) / 1000).toFixed(1)} s, ${states.length} samples, ${frames.length} distinct; ${s.phase}${s.outcome ? ` (${s.outcome})` : ''}; min running ${minRunning}`);
    console.log(`        ${summaryLine(s)}`);
    if (process.env.RECORD === '1') {
      fs.mkdirSync(RECORD_DIR, { recursive: true });
      const out = path.join(RECORD_DIR, `${name}.json`);
      fs.writeFileSync(out, `${JSON.stringify({ stack: STACK, since, apiVersion: probe.engine.apiVersion, frames })}\n`);
      console.log(`        recorded ${path.relative(REPO, out)} (${(fs.statSync(out).size / 1024).toFixed(0)} KiB)`);
    }
    return { name, since, frames, states, minRunning, last: s };
  };
  const phases = (st: Stage) => st.states.map((s) => s.services[0]?.phase ?? '-').filter((p, i, a) => i === 0 || a[i - 1] !== p);

  it('v1: converges, then completed after the verify window', async function () {
    const st = await watch('v1', () => deploy('v1'), 40_000);
    assert.equal(st.last.phase, 'completed', summaryLine(st.last));
    assert.equal(st.last.outcome, 'success');
    const svc = st.last.services[0];
    assert.equal(svc.name, SVC);
    assert.equal(`${svc.done} of ${svc.total}`, '3 of 3');
    assert.ok(svc.rows.every((r) => r.image === `${IMAGE}:v1` && r.state === 'running'));
    svcId = svc.id;
  });

  it('v2: a start-first rolling update, never fewer than 3 running, updating → completed', async function () {
    this.timeout(70_000);
    const st = await watch('v2', () => deploy('v2'), 60_000);
    console.log(`        phases: ${phases(st).join(' → ')}`);
    assert.ok(st.minRunning >= 3, `fewer than 3 running at some moment: ${st.minRunning}`);
    assert.equal(st.last.phase, 'completed', summaryLine(st.last));
    assert.equal(st.last.outcome, 'success');
    assert.ok(phases(st).includes('updating'));
    const svc = st.last.services[0];
    assert.equal(svc.from, `${IMAGE}:v1`);
    assert.equal(svc.to, `${IMAGE}:v2`);
    assert.equal(svc.done, 3);
    assert.ok(svc.rows.every((r) => r.status === 'updated' && r.from === `${IMAGE}:v1` && r.health === 'healthy'), JSON.stringify(svc.rows));
    // while it was updating, some slot waited for its healthcheck with its old task still running (start-first)
    assert.ok(st.states.some((s) => s.services[0]?.rows.some((r) => r.health === 'starting' && r.oldRunning)), 'a new task starting next to its old one');
    const tl = st.last.timeline.map((e) => e.text);
    assert.ok(tl.some((t) => /^(update started|updating)/.test(t)), tl.join('\n'));
    assert.ok(tl.some((t) => /engine: update completed/.test(t)), tl.join('\n'));
  });

  it('v3: the automatic rollback ends as "rolled back", a failure with the failed task\'s unhealthy error', async function () {
    this.timeout(70_000);
    const st = await watch('v3', () => deploy('v3'), 60_000);
    console.log(`        phases: ${phases(st).join(' → ')}`);
    assert.ok(st.minRunning >= 3, `fewer than 3 running at some moment: ${st.minRunning}`);
    const svc = st.last.services[0];
    assert.equal(svc.phase, 'rolled back', summaryLine(st.last));
    assert.equal(svc.outcome, 'failure');
    assert.equal(st.last.outcome, 'failure');
    assert.match(svc.reason ?? '', /unhealthy/);
    assert.match(svc.reason ?? '', /numbers-api:v3/);
    assert.equal(svc.to, `${IMAGE}:v2`);
    assert.equal(svc.from, `${IMAGE}:v3`);
    assert.ok(phases(st).includes('rolling back'), phases(st).join(' → '));
    const failedRow = svc.rows.find((r) => r.status === 'rolled back');
    assert.ok(failedRow, JSON.stringify(svc.rows));
    assert.match(failedRow.error ?? '', /unhealthy container/);
    assert.ok(st.last.timeline.some((e) => e.kind === 'error' && /unhealthy/.test(e.text)));
  });

  it('rollback after the automatic rollback: refused, and says why (no previous spec)', async function () {
    const engine = probe.engine;
    const r = await rollbackService(engine, svcId);
    assert.equal(r.ok, false);
    if (!r.ok) {
      console.log(`      refused: ${r.why}`);
      assert.match(r.why, /no previous spec/);
      assert.match(r.why, /rolled back/);
    }
  });

  it('scale 3 → 4 (a successful update), then a manual rollback back to 3: rolled back, a success', async function () {
    this.timeout(80_000);
    const engine = probe.engine;
    const sc = await watch('scale', async () => {
      const r = await scaleService(engine, svcId, 4);
      assert.ok(r.ok, r.ok ? '' : r.why);
      console.log(`      ${r.ok ? r.message : ''}`);
    }, 30_000);
    assert.equal(sc.last.phase, 'completed', summaryLine(sc.last));
    assert.equal(`${sc.last.done} of ${sc.last.total}`, '4 of 4');
    const rb = await watch('manual-rollback', async () => {
      const r = await rollbackService(engine, svcId);
      assert.ok(r.ok, r.ok ? '' : r.why);
      console.log(`      ${r.ok ? r.message : ''}`);
    }, 40_000);
    console.log(`        phases: ${phases(rb).join(' → ')}`);
    const svc = rb.last.services[0];
    assert.equal(svc.phase, 'rolled back', summaryLine(rb.last));
    assert.equal(svc.outcome, 'success');
    assert.equal(svc.message, 'rollback completed');
    assert.equal(`${svc.done} of ${svc.total}`, '3 of 3');
    assert.ok(rb.last.timeline.some((e) => /rollback (started|completed)/.test(e.text)), rb.last.timeline.map((e) => e.text).join('\n'));
    assert.ok(svc.rows.every((r) => r.image === `${IMAGE}:v2` && r.state === 'running'));
  });

  it('logs (demultiplexed, one line per request with the task name) and inspect with the engine defaults', async function () {
    const engine = probe.engine;
    const snap = await probe.snapshot();
    const names = new Map(snap.stacks.flatMap((s) => s.services).flatMap((s) => s.slots.flatMap((sl) => [sl.current, ...sl.history]))
      .map((t) => [t.id, `${t.name}@${t.nodeName}`]));
    const lines: LogLine[] = [];
    const f = await followLogs(engine, { service: svcId }, { follow: false, tail: 20 }, (l) => lines.push(l));
    await f.done;
    const text = lines.map((l) => formatLogLine(l, (id) => names.get(id)));
    console.log(`      ${lines.length} log lines, e.g. ${JSON.stringify(text.slice(-2))}`);
    assert.ok(lines.length > 0, 'some log lines');
    assert.ok(text.every((t) => !/\u0000|\u0001|\u0002/.test(t)), 'no frame headers left in the text');
    assert.ok(text.some((t) => /^numbers-api\.\d+@\S+ \| /.test(t)), text.slice(0, 5).join('\n'));
    const json = JSON.parse(await inspectServiceJson(engine, svcId)) as Array<{ Spec: { TaskTemplate: { ContainerSpec: Record<string, unknown> }; RollbackConfig?: unknown; EndpointSpec?: { Mode?: string } } }>;
    assert.equal(json.length, 1);
    // insertDefaults: fields the stack file never set, filled in by the engine
    assert.equal(json[0].Spec.EndpointSpec?.Mode, 'vip');
    assert.ok('Isolation' in json[0].Spec.TaskTemplate.ContainerSpec || 'StopGracePeriod' in json[0].Spec.TaskTemplate.ContainerSpec);
  });

  it('remove stack: its services and its network are gone', async function () {
    this.timeout(60_000);
    const engine = probe.engine;
    const t0 = Date.now();
    const r = await removeStack(engine, STACK, [{ id: svcId, name: SVC }]);
    console.log(`      removed ${r.removed.join(', ')} in ${((Date.now() - t0) / 1000).toFixed(1)} s${r.errors.length ? `; errors: ${r.errors.join('; ')}` : ''}`);
    assert.deepEqual(r.errors, []);
    assert.ok(r.removed.includes(`service ${SVC}`));
    assert.ok(r.removed.some((x) => x.startsWith('network ')), r.removed.join(', '));
    const left = await docker(['service', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${STACK}`]);
    assert.equal(left.trim(), '');
  });
});
