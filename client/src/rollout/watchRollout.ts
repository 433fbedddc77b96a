// A progress notification while a stack rolls out, driven by the SwarmWatcher's snapshots through the progress
// model. It starts on request (after a deploy, a rollback, a scale…) and by itself when the watcher sees a
// service of a stack start updating or rolling back. It ends with the outcome: an automatic rollback is an error
// message with the failed task's error, not a success.
import * as vscode from 'vscode';
import type { SwarmViewApi } from '../views/swarmView';
import { FollowUp } from './followUp';
import { advanceStack, summaryLine, type StackRollout } from './progress';

export interface WatchOptions {
  /** When the rollout was asked for: an UpdateStatus that completed before it is stale. */
  since?: number;
  /** What the notification says (default "Rollout of stack X"). */
  title?: string;
  /** Ends the watch if the stack is not seen for this long (ms). */
  missingTimeoutMs?: number;
}

export class RolloutNotifications implements vscode.Disposable {
  private readonly active = new Map<string, Promise<StackRollout | undefined>>();
  /** "stack|service|StartedAt" of updates already announced, so one update gets one notification. */
  private readonly announced = new Set<string>();
  private readonly sub: vscode.Disposable;

  constructor(private readonly swarm: SwarmViewApi, private readonly openPanel: (stack: string, since?: number) => void,
    private readonly log?: vscode.LogOutputChannel) {
    this.sub = swarm.watcher.onChange((st) => { if (st.kind === 'ok') this.autoDetect(); });
  }

  /** The watched stacks (tests). */
  get watching(): string[] { return [...this.active.keys()]; }

  private autoDetect(): void {
    const snap = this.swarm.watcher.snapshot;
    if (!snap) return;
    for (const stack of snap.stacks) {
      for (const s of stack.services) {
        if (s.update.state !== 'updating' && s.update.state !== 'rollback_started') continue;
        const key = `${stack.name}|${s.id}|${s.update.startedAt ?? ''}`;
        if (this.announced.has(key)) continue;
        this.announced.add(key);
        if (!this.active.has(stack.name)) void this.watch(stack.name, { since: s.update.startedAt });
      }
    }
  }

  /** Shows the notification until the stack's rollout ends; resolves with the last state. */
  watch(stack: string, opts: WatchOptions = {}): Promise<StackRollout | undefined> {
    const running = this.active.get(stack);
    if (running) return running;
    const p = this.run(stack, opts).finally(() => this.active.delete(stack));
    this.active.set(stack, p);
    return p;
  }

  private run(stack: string, opts: WatchOptions): Promise<StackRollout | undefined> {
    const { watcher } = this.swarm;
    const hold = this.swarm.keepAlive();
    let state: StackRollout | undefined;
    return Promise.resolve(vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification,
      title: opts.title ?? `Rollout of stack ${stack}`,
      cancellable: true,
    }, (progress, token) => new Promise<StackRollout | undefined>((resolve) => {
      let reported = 0;
      let missingSince: number | undefined;
      const followUp = new FollowUp(() => watcher.refreshNow());
      const finish = (s: StackRollout | undefined) => { followUp.dispose(); sub.dispose(); cancel.dispose(); hold.dispose(); resolve(s); };
      const step = () => {
        const snap = watcher.snapshot;
        if (!snap || snap.takenAt === state?.takenAt) return;
        state = advanceStack(state, snap, stack, { since: opts.since });
        const pct = state.total ? Math.round((100 * state.done) / state.total) : 0;
        progress.report({ message: `${state.done} of ${state.total} · ${summaryLine(state)}`, increment: Math.max(0, pct - reported) });
        reported = Math.max(reported, pct);
        if (state.missing) {
          missingSince ??= snap.takenAt;
          if (snap.takenAt - missingSince > (opts.missingTimeoutMs ?? 15_000)) finish(state);
        } else missingSince = undefined;
        if (state.ended) finish(state);
        else followUp.schedule(true);
      };
      const sub = watcher.onChange(step);
      const cancel = token.onCancellationRequested(() => {
        void vscode.window.showInformationMessage(`Stopped watching stack ${stack}: the rollout continues in the background.`, 'Open Rollout Panel')
          .then((pick) => { if (pick) this.openPanel(stack, opts.since); });
        finish(undefined);
      });
      step();
      void watcher.refreshNow().catch(() => undefined);
    }))).then((s) => {
      if (s) this.announce(s, opts.since);
      return s;
    });
  }

  private announce(s: StackRollout, since?: number): void {
    const open = 'Open Rollout Panel';
    if (s.missing) {
      void vscode.window.showWarningMessage(`Stack ${s.stack} is gone (removed?).`);
      return;
    }
    if (s.outcome === 'failure') {
      const bad = s.services.filter((x) => x.outcome === 'failure');
      const what = bad.map((x) => `${x.shortName} ${x.phase}${x.reason ? `: ${x.reason}` : ''}`).join('; ');
      this.log?.warn(`Rollout of stack ${s.stack} failed: ${what}`);
      void vscode.window.showErrorMessage(`Rollout of stack ${s.stack} failed — ${what}`, open).then((p) => { if (p) this.openPanel(s.stack, since); });
    } else {
      this.log?.info(`Rollout of stack ${s.stack}: ${summaryLine(s)}`);
      void vscode.window.showInformationMessage(`Rollout of stack ${s.stack}: ${summaryLine(s)}`, open).then((p) => { if (p) this.openPanel(s.stack, since); });
    }
  }

  dispose(): void { this.sub.dispose(); }
}
