// PURE: a sequence of swarm snapshots → the rollout state of each service of a stack. No vscode, no I/O, no clock:
// every step gets the snapshot's takenAt. The progress notification, the rollout panel and the tests share it.
//
// It follows the docker CLI's convergence loop (knowledge/swarm-engine-and-ops-anchors.md §3) where the CLI is
// right, and departs from it where it is wrong:
//  - X of Y: slots whose current task runs the spec's image, of the desired count (jobs: completed of total);
//  - a "completed" UpdateStatus is trusted only if it completed after the rollout began AND the tasks match the
//    spec; otherwise the tasks decide, with the CLI's verify window (UpdateConfig.Monitor) before "completed";
//  - "rollback_completed" after an automatic rollback is a FAILURE, with the failed task's error as the reason
//    (the CLI exits 0 there, docker/cli#6752); a manually requested rollback is a success;
//  - jobs end when all completions are done; a service whose tasks all exited (restart: none) ends instead of
//    hanging (docker/cli#5299).
import type { ServiceMode, ServiceModel, SwarmSnapshot, TaskHealth, TaskModel, UpdateState } from '../engine/snapshot';

export type RolloutPhase = 'converging' | 'updating' | 'paused' | 'completed' | 'rolling back' | 'rolled back' | 'failed';
/** pending: still the old image; updating: the new task is on its way; updated: new task running;
 * new: a slot this rollout added (scale up); unchanged: untouched by this rollout; failed: the slot's task failed; rolled back: the new task failed, the old
 * image runs again; complete: a job/one-shot task that exited 0. */
export type SlotStatus = 'pending' | 'updating' | 'updated' | 'new' | 'unchanged' | 'failed' | 'rolled back' | 'complete';
export type Outcome = 'success' | 'failure';

export interface SlotRow {
  key: string;
  name: string;
  /** The image this slot ran before this rollout (when it changed during it). */
  from?: string;
  /** The image of the slot's current task. */
  image: string;
  /** The image the spec asks for. */
  target: string;
  state: string;
  desiredState: string;
  health: TaskHealth;
  status: SlotStatus;
  /** start-first: the old task still runs next to the new one. */
  oldRunning: boolean;
  /** The slot's failure during this rollout (Status.Err of its failed task). */
  error?: string;
  node?: string;
  taskId: string;
  since: number;
}

export type TimelineKind = 'info' | 'progress' | 'warning' | 'error' | 'success';
export interface TimelineEntry { at: number; service: string; text: string; kind: TimelineKind }

/** What a step remembers for the next one. */
export interface RolloutMemory {
  updateState: UpdateState;
  updateStartedAt?: number;
  target: string;
  desired?: number;
  /** The spec's image before the last spec change we saw. */
  fromImage?: string;
  /** The image an update tried before the engine rolled it back. */
  attempted?: string;
  /** When this rollout began (first evidence: a spec change we saw, the UpdateStatus, or the caller's `since`). */
  startedAt?: number;
  /** Since when the tasks look converged (the verify window). */
  settledSince?: number;
  tasks: Record<string, string>;
  phase?: RolloutPhase;
  note?: string;
}

export interface ServiceRollout {
  id: string;
  name: string;
  shortName: string;
  mode: ServiceMode;
  phase: RolloutPhase;
  ended: boolean;
  outcome?: Outcome;
  /** Why it failed: the failed task's error (and which task), or the engine's message. */
  reason?: string;
  /** UpdateStatus.Message as the engine says it. */
  message?: string;
  updateState: UpdateState;
  /** Something the user should know that the engine does not say (an untrusted "completed", the verify window). */
  note?: string;
  from?: string;
  to: string;
  /** X of Y. */
  done: number;
  total: number;
  /** "1 of 3 updated", "rolling back: 2 of 3", "2 of 3 completed". */
  progressText: string;
  rows: SlotRow[];
  startedAt?: number;
  mem: RolloutMemory;
}

export interface StackRollout {
  stack: string;
  since?: number;
  takenAt: number;
  services: ServiceRollout[];
  timeline: TimelineEntry[];
  phase: RolloutPhase;
  ended: boolean;
  outcome?: Outcome;
  done: number;
  total: number;
  /** The stack is gone (removed) or was never there. */
  missing: boolean;
}

export interface RolloutOptions {
  /** When the rollout was asked for (deploy, rollback, scale…): UpdateStatus that completed before it is stale. */
  since?: number;
  /** Entries kept in the timeline. */
  maxTimeline?: number;
}

const STATE_ORDER: Record<string, number> = {
  new: 1, allocated: 2, pending: 3, assigned: 4, accepted: 5, preparing: 6, ready: 7, starting: 8, running: 9,
  complete: 10, shutdown: 11, failed: 12, rejected: 13, remove: 14, orphaned: 15,
};
const order = (s: string): number => STATE_ORDER[s] ?? 0;
const RUNNING = STATE_ORDER.running;
const isFailure = (t: TaskModel) => t.state === 'failed' || t.state === 'rejected' || t.health === 'unhealthy';
/** Engine and client clocks may differ a little (the engine stamps UpdateStatus, we stamp `since`). */
const SKEW_MS = 2000;
const MANUAL_ROLLBACK = /manually requested rollback/i;

export function shortImage(image: string | undefined): string {
  if (!image) return '';
  return image.slice(image.lastIndexOf('/') + 1);
}

function rowsOf(svc: ServiceModel, target: string, windowStart: number | undefined, rollingBack: boolean, from: string | undefined): SlotRow[] {
  const inWindow = (t: TaskModel) => windowStart === undefined || t.since >= windowStart - SKEW_MS;
  return svc.slots.map((slot) => {
    const cur = slot.current;
    const hist = slot.history;
    const oldRunning = hist.some((h) => h.state === 'running' && h.image !== cur.image && order(h.desiredState) <= RUNNING);
    // newest failed task of this rollout with another image than the spec's (hist is newest first)
    const failedOther = hist.find((h) => isFailure(h) && h.image !== target && inWindow(h));
    const failedAny = hist.find((h) => isFailure(h) && inWindow(h));
    let status: SlotStatus;
    let rowFrom: string | undefined;
    let error: string | undefined;
    if (cur.image !== target) {
      rowFrom = cur.image;
      if (isFailure(cur)) { status = 'failed'; error = cur.error; } else status = 'pending';
    } else if (rollingBack && failedOther) {
      rowFrom = failedOther.image;
      error = failedOther.error;
      status = cur.state === 'running' ? 'rolled back' : 'updating';
    } else if (cur.state === 'running') {
      const prev = hist.find((h) => h.image !== target && inWindow(h));
      rowFrom = prev?.image;
      const fresh = windowStart !== undefined && cur.since >= windowStart - SKEW_MS;
      status = prev || (fresh && from !== undefined && from !== target) ? 'updated' : fresh && hist.length === 0 ? 'new' : 'unchanged';
      if (status === 'updated' && !rowFrom) rowFrom = from;
    } else if (cur.state === 'complete') {
      status = 'complete';
    } else if (isFailure(cur) || order(cur.state) > RUNNING) {
      status = 'failed';
      error = cur.error ?? (cur.state !== 'complete' ? `task ${cur.state}` : undefined);
    } else {
      status = 'updating';
      rowFrom = hist.find((h) => h.image !== target && (h.state === 'running' || inWindow(h)))?.image ?? (from !== target ? from : undefined);
    }
    if (!error && status !== 'unchanged' && failedAny && failedAny.error) error = failedAny.error;
    return {
      key: slot.key,
      name: slot.name,
      from: rowFrom && rowFrom !== cur.image ? rowFrom : undefined,
      image: cur.image,
      target,
      state: cur.state,
      desiredState: cur.desiredState,
      health: cur.health,
      status,
      oldRunning,
      error,
      node: cur.nodeName,
      taskId: cur.id,
      since: cur.since,
    };
  });
}

/** The failed task that explains a failed update: "numbers-api.2 (numbers-api:v3): task: non-zero exit (143): …". */
function failureReason(svc: ServiceModel, image: string | undefined, windowStart: number | undefined): string | undefined {
  const all = svc.slots.flatMap((s) => [s.current, ...s.history])
    .filter((t) => isFailure(t) && (image === undefined || t.image === image) && (windowStart === undefined || t.since >= windowStart - SKEW_MS))
    .sort((a, b) => b.since - a.since);
  const t = all.find((x) => x.error) ?? all[0];
  if (!t) return undefined;
  return `${t.name} (${shortImage(t.image)}): ${t.error ?? `task ${t.state}`}`;
}

/** One step for one service. `prev` is the state after the previous snapshot (undefined at the first one). */
export function advanceService(prev: ServiceRollout | undefined, svc: ServiceModel, at: number, opts: RolloutOptions = {},
  timeline?: TimelineEntry[]): ServiceRollout {
  const push = (text: string, kind: TimelineKind) => timeline?.push({ at, service: svc.shortName, text, kind });
  const target = svc.image;
  const us = svc.update.state;
  const m: RolloutMemory = prev ? { ...prev.mem, tasks: prev.mem.tasks } : {
    updateState: 'none', target, tasks: {}, startedAt: opts.since,
  };
  const first = !prev;

  // a spec change we saw (deploy, rollback, scale…): a new rollout starts here. (Not Version.Index: every
  // UpdateStatus write bumps it too.) A change without a new image or count shows as a new UpdateStatus below.
  if (prev && (m.target !== target || m.desired !== svc.desired)) {
    if (m.target !== target) { m.fromImage = m.target; push(`spec changed: ${shortImage(m.target)} → ${shortImage(target)}`, 'info'); }
    else push(`scaled: ${m.desired} → ${svc.desired}`, 'info');
    m.startedAt = Math.min(at, svc.update.startedAt && svc.update.startedAt > (m.startedAt ?? 0) ? svc.update.startedAt : at);
    m.settledSince = undefined;
  }
  // UpdateStatus moved: its StartedAt is the engine's own start of this update
  if (svc.update.startedAt && svc.update.startedAt !== m.updateStartedAt && (us === 'updating' || us === 'rollback_started')) {
    const s = svc.update.startedAt;
    if (m.startedAt === undefined || (us === 'updating' && s > m.startedAt + SKEW_MS)) m.startedAt = Math.min(s, at);
  }
  if (us === 'updating' || us === 'paused') m.attempted = target;
  if (prev && (us !== m.updateState || (us !== 'none' && (svc.update.startedAt ?? 0) !== (m.updateStartedAt ?? 0)))) {
    const msg = svc.update.message ? `: ${svc.update.message}` : '';
    const kind: TimelineKind = us === 'completed' ? 'success' : us === 'rollback_started' || us === 'paused' || us === 'rollback_paused' ? 'warning' : 'info';
    const words: Record<UpdateState, string> = {
      none: 'no update status', updating: 'update started', paused: 'update paused', completed: 'engine: update completed',
      rollback_started: 'rollback started', rollback_paused: 'rollback paused', rollback_completed: 'engine: rollback completed',
    };
    push(`${words[us]}${msg}`, kind);
  }

  // where this rollout comes from and goes to
  const rollingBack = us === 'rollback_started' || us === 'rollback_paused' || us === 'rollback_completed';
  let from: string | undefined;
  if (rollingBack) {
    from = m.attempted && m.attempted !== target ? m.attempted : undefined;
    if (!from) {
      const failed = svc.slots.flatMap((s) => s.history).filter((t) => isFailure(t) && t.image !== target).sort((a, b) => b.since - a.since)[0];
      from = failed?.image;
      if (from) m.attempted = from;
    }
  } else {
    from = svc.previousImage ?? m.fromImage;
  }
  const windowStart = m.startedAt ?? (svc.update.state !== 'none' ? svc.update.startedAt : undefined);
  const rows = rowsOf(svc, target, windowStart, rollingBack, from);

  // task transitions for the timeline
  const seen: Record<string, string> = {};
  for (const slot of svc.slots) {
    for (const t of [slot.current, ...slot.history]) {
      const key = `${t.state}${t.health === 'unhealthy' ? '!' : ''}`;
      seen[t.id] = key;
      if (first || m.tasks[t.id] === key) continue;
      if (m.tasks[t.id] === undefined && order(t.state) > RUNNING && t.since < at - 60_000) continue; // old history
      const img = shortImage(t.image);
      if (isFailure(t)) push(`${t.name} ${img} ${t.state}: ${t.error ?? 'no error given'}`, 'error');
      else if (t.state === 'running') push(`${t.name} ${img} running${t.health === 'healthy' ? ' (healthy)' : ''}`, 'progress');
      else if (t.state === 'starting') push(`${t.name} ${img} starting${svc.hasHealthcheck ? ' (waiting for healthcheck)' : ''}`, 'progress');
      else if (t.state === 'shutdown' || t.state === 'complete') push(`${t.name} ${img} ${t.state}`, 'info');
      else if (m.tasks[t.id] === undefined) push(`${t.name} ${img} ${t.state}`, 'info');
    }
  }
  m.tasks = seen;

  // X of Y
  const job = svc.mode === 'replicated-job' || svc.mode === 'global-job';
  let done: number;
  let total: number;
  if (job) { done = svc.completed ?? 0; total = svc.totalCompletions ?? 0; }
  else { done = rows.filter((r) => r.image === target && r.state === 'running').length; total = svc.desired; }
  const tasksMatch = !job && done === total && rows.length >= total
    && rows.every((r) => r.image === target && (r.state === 'running' || order(r.desiredState) > RUNNING)) && !rows.some((r) => r.health === 'starting');
  const allExited = !job && rows.length > 0 && rows.every((r) => order(r.state) > RUNNING);

  // is the engine's word current? "completed" before the rollout began is a leftover of an earlier one
  const since = m.startedAt ?? opts.since;
  const completedBefore = (us === 'completed' || us === 'rollback_completed') && since !== undefined
    && (svc.update.completedAt ?? 0) < since - SKEW_MS;

  let phase: RolloutPhase;
  let ended = false;
  let outcome: Outcome | undefined;
  let reason: string | undefined;
  let note: string | undefined;
  const settle = (): boolean => {
    // the CLI's verify window: converged and stable for UpdateConfig.Monitor before we call it done
    if (since === undefined) return true;
    if (m.settledSince === undefined) m.settledSince = at;
    return at - m.settledSince >= svc.monitorMs;
  };
  const byTasks = () => {
    if (job) {
      if (total > 0 && done >= total) { phase = 'completed'; ended = true; outcome = 'success'; note = 'job complete'; }
      else phase = 'converging';
      return;
    }
    if (allExited) {
      // restart_policy none/on-failure: nothing will run again; the CLI would wait forever here
      if (settle()) {
        ended = true;
        const bad = rows.filter((r) => r.state !== 'complete');
        if (bad.length) { phase = 'failed'; outcome = 'failure'; reason = failureReason(svc, undefined, undefined) ?? `${bad.length} task(s) ${bad[0].state}`; }
        else { phase = 'completed'; outcome = 'success'; }
        note = 'every task exited and none will be restarted';
      } else phase = 'converging';
      return;
    }
    if (tasksMatch) {
      if (settle()) { phase = 'completed'; ended = true; outcome = 'success'; }
      else { phase = 'converging'; note = `verify: waiting ${Math.round(svc.monitorMs / 1000)} s to verify that tasks are stable`; }
    } else { m.settledSince = undefined; phase = 'converging'; }
  };

  switch (us) {
    case 'updating':
      phase = 'updating';
      m.settledSince = undefined;
      break;
    case 'paused':
      phase = 'paused'; ended = true; outcome = 'failure';
      reason = failureReason(svc, target, windowStart) ?? svc.update.message;
      break;
    case 'rollback_started':
      phase = 'rolling back';
      reason = MANUAL_ROLLBACK.test(svc.update.message ?? '') ? undefined : failureReason(svc, from, windowStart) ?? svc.update.message;
      m.settledSince = undefined;
      break;
    case 'rollback_paused':
      phase = 'failed'; ended = true; outcome = 'failure';
      reason = `rollback paused: ${svc.update.message ?? ''}`.trim();
      break;
    case 'rollback_completed':
      if (completedBefore) { note = `the engine's "rollback completed" is from ${new Date(svc.update.completedAt ?? 0).toISOString()}, before this rollout: not trusted`; byTasks(); break; }
      {
        const manual = m.note === 'manual' || MANUAL_ROLLBACK.test(prev?.message ?? '');
        phase = 'rolled back';
        reason = manual ? undefined : failureReason(svc, from, windowStart) ?? prev?.reason;
        if (manual) { m.note = 'manual'; outcome = 'success'; note = 'manually requested rollback'; }
        else if (reason || prev?.updateState === 'rollback_started' || prev?.updateState === 'updating') {
          outcome = 'failure';
          reason ??= 'the update failed and the engine rolled it back';
        } else { outcome = 'success'; note = 'rolled back; no failed task found (a manual rollback?)'; }
        // like the CLI, wait until the old tasks run again before calling it over
        ended = tasksMatch || done >= total;
        if (!ended) note = 'rollback completed; waiting for the tasks to run';
      }
      break;
    case 'completed':
      if (completedBefore) {
        note = `the engine's "completed" is from ${new Date(svc.update.completedAt ?? 0).toISOString()}, before this rollout: not trusted`;
        byTasks();
      } else if (!tasksMatch) {
        note = `the engine says "completed" but ${done} of ${total} tasks run ${shortImage(target)}: not trusted`;
        phase = 'converging';
        m.settledSince = undefined;
      } else { phase = 'completed'; ended = true; outcome = 'success'; }
      break;
    default:
      byTasks();
  }
  if (us === 'rollback_started' && MANUAL_ROLLBACK.test(svc.update.message ?? '')) m.note = 'manual';
  else if (us === 'updating') m.note = undefined;

  phase = phase!;
  if (!prev) {
    push(`${phase}${outcome === 'failure' ? ' (failed)' : ''}: ${job ? `${done} of ${total} completed` : `${done} of ${total} running ${shortImage(target)}`}${svc.update.message ? ` · engine: ${svc.update.message}` : ''}`,
      outcome === 'failure' ? 'error' : ended ? 'success' : 'info');
  } else if (phase !== prev.phase || ended !== prev.ended) {
    if (ended && outcome === 'failure') push(`${phase}${reason ? `: ${reason}` : ''}`, 'error');
    else if (ended) push(`${phase}: ${done} of ${total} ${job ? 'completed' : `running ${shortImage(target)}`}`, 'success');
    else if (phase !== 'updating' && phase !== 'rolling back') push(phase + (note ? ` (${note})` : ''), 'info');
  }
  if (note && note !== prev?.note && /not trusted/.test(note)) push(note, 'warning');
  m.updateState = us;
  m.updateStartedAt = svc.update.startedAt;
  m.desired = svc.desired;
  m.target = target;
  m.phase = phase;

  const verb = job ? 'completed' : rollingBack ? 'rolled back' : 'updated';
  const progressText = job ? `${done} of ${total} completed`
    : phase === 'rolling back' ? `rolling back: ${done} of ${total}`
      : phase === 'rolled back' ? `${done} of ${total} back on ${shortImage(target)}`
      : `${done} of ${total} ${phase === 'converging' || phase === 'completed' ? 'running' : verb}`;

  return {
    id: svc.id,
    name: svc.name,
    shortName: svc.shortName,
    mode: svc.mode,
    phase,
    ended,
    outcome,
    reason,
    message: svc.update.message,
    updateState: us,
    note,
    from: from !== target ? from : undefined,
    to: target,
    done,
    total,
    progressText,
    rows,
    startedAt: m.startedAt,
    mem: m,
  };
}

const PHASE_RANK: Record<RolloutPhase, number> = {
  failed: 7, paused: 6, 'rolled back': 5, 'rolling back': 4, updating: 3, converging: 2, completed: 1,
};

/** One step for a stack: every service of it in the snapshot. */
export function advanceStack(prev: StackRollout | undefined, snap: SwarmSnapshot, stack: string, opts: RolloutOptions = {}): StackRollout {
  const timeline = prev ? [...prev.timeline] : [];
  const at = snap.takenAt;
  const st = snap.stacks.find((s) => s.name === stack);
  const before = new Map((prev?.services ?? []).map((s) => [s.id, s]));
  const services = (st?.services ?? []).map((svc) => advanceService(before.get(svc.id), svc, at, opts, timeline));
  if (!prev) timeline.push({ at, service: '', text: st ? `watching stack ${stack}: ${services.length} service(s)` : `stack ${stack} not found`, kind: 'info' });
  else {
    for (const s of services) if (!before.has(s.id)) timeline.push({ at, service: s.shortName, text: 'service created', kind: 'info' });
    for (const [id, s] of before) if (!services.some((x) => x.id === id)) timeline.push({ at, service: s.shortName, text: 'service removed', kind: 'warning' });
  }
  const max = opts.maxTimeline ?? 300;
  if (timeline.length > max) timeline.splice(0, timeline.length - max);
  const phase = services.reduce<RolloutPhase>((w, s) => (PHASE_RANK[s.phase] > PHASE_RANK[w] ? s.phase : w), 'completed');
  const ended = services.length > 0 && services.every((s) => s.ended);
  const outcome: Outcome | undefined = services.some((s) => s.outcome === 'failure') ? 'failure' : ended ? 'success' : undefined;
  return {
    stack,
    since: opts.since,
    takenAt: at,
    services,
    timeline,
    phase: services.length ? phase : 'converging',
    ended,
    outcome,
    done: services.reduce((n, s) => n + s.done, 0),
    total: services.reduce((n, s) => n + s.total, 0),
    missing: !st,
  };
}

/** Replays snapshots (oldest first): what the panel shows after the last one. */
export function replay(snaps: SwarmSnapshot[], stack: string, opts: RolloutOptions = {}): StackRollout[] {
  const out: StackRollout[] = [];
  let s: StackRollout | undefined;
  for (const snap of snaps) { s = advanceStack(s, snap, stack, opts); out.push(s); }
  return out;
}

/** One line for a notification: "numbers-api: updating 1 of 3 updated · numbers-api.2 waiting for healthcheck". */
export function summaryLine(r: StackRollout): string {
  const busy = r.services.filter((s) => !s.ended);
  const show = busy.length ? busy : r.services;
  return show.map((s) => {
    const parts = [`${s.shortName}: ${s.phase}`];
    if (!s.ended || s.outcome === 'success') parts.push(s.progressText);
    const waiting = s.rows.filter((x) => x.health === 'starting').map((x) => x.name);
    if (!s.ended && waiting.length) parts.push(`${waiting.join(', ')} waiting for healthcheck`);
    if (s.reason) parts.push(s.reason);
    return parts.join(' · ');
  }).join('; ');
}

/** What the webview receives: the state without the memory. */
export type RolloutView = Omit<StackRollout, 'services'> & { services: Array<Omit<ServiceRollout, 'mem'>> };
export function toView(r: StackRollout): RolloutView {
  return { ...r, services: r.services.map(({ mem: _mem, ...rest }) => rest) };
}
