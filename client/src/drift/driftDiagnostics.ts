// Drift diagnostics ("swarm-rollout-drift"): for each open stack file whose stack is deployed, what the next deploy
// would remove or revert in the live services. Refreshed when a stack file opens or is saved, after a deploy, and
// when the Swarm view's watcher sees a service change. The stack name is the one remembered for the file (Deploy
// Stack) or the default from its folder.
import * as vscode from 'vscode';
import { isStackDocument, deploySettings, toPos, type StackNames } from '../deploy/deployCommand';
import type { SwarmViewApi } from '../views/swarmView';
import { computeDrift } from './drift';
import type { LiveServices } from './liveSource';

export const DRIFT_SOURCE = 'swarm-rollout drift';

export class DriftDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('swarm-rollout-drift');
  private readonly subs: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastError = '';

  constructor(
    private readonly live: LiveServices,
    private readonly names: StackNames,
    private readonly log: vscode.LogOutputChannel,
    swarm?: SwarmViewApi,
  ) {
    this.subs.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => { if (this.wants(d)) this.schedule(); }),
      vscode.workspace.onDidSaveTextDocument((d) => { if (this.wants(d)) this.schedule(); }),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('swarmRollout.docker')) this.live.reset();
        if (e.affectsConfiguration('swarmRollout.drift') || e.affectsConfiguration('swarmRollout.docker') || e.affectsConfiguration('swarmRollout.deploy.prune')) this.schedule();
      }),
    );
    if (swarm) this.subs.push(swarm.watcher.onEvent((e) => { if (e.Type === 'service') this.schedule(2000); }));
    this.schedule(1500);
  }

  private enabled(): boolean {
    return vscode.workspace.isTrusted && vscode.workspace.getConfiguration('swarmRollout.drift').get<boolean>('enabled', true);
  }

  private wants(d: vscode.TextDocument): boolean {
    return d.uri.scheme === 'file' && isStackDocument(d);
  }

  /** Coalesces bursts (several saves, an event storm during a rolling update) into one engine call. */
  schedule(delayMs = 300): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refreshAll(), delayMs);
  }

  async refreshAll(): Promise<void> {
    const docs = vscode.workspace.textDocuments.filter((d) => this.wants(d));
    if (!this.enabled() || docs.length === 0) {
      this.collection.clear();
      return;
    }
    let services;
    try {
      services = await this.live.services();
      this.lastError = '';
    } catch (e) {
      // no engine, no drift: say it once in the log, not on every save
      const msg = (e as Error).message;
      if (msg !== this.lastError) this.log.info(`Drift: live services not available (${msg})`);
      this.lastError = msg;
      this.collection.clear();
      return;
    }
    const prune = deploySettings().prune;
    for (const doc of docs) {
      const text = doc.getText();
      const stack = this.names.for(doc.uri);
      let findings;
      try { findings = computeDrift(text, stack, services, { prune }); } catch (e) {
        this.log.warn(`Drift: ${doc.uri.fsPath}: ${(e as Error).message}`);
        continue;
      }
      const starts = [0];
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
      this.collection.set(doc.uri, findings.map((f) => {
        const d = new vscode.Diagnostic(new vscode.Range(toPos(starts, f.start), toPos(starts, f.end)), f.message,
          f.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information);
        d.source = DRIFT_SOURCE;
        d.code = f.code;
        return d;
      }));
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subs) s.dispose();
  }
}
