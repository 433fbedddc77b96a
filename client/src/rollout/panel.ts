// The rollout panel: one webview per stack, rendering the progress model (progress.ts) from the SwarmWatcher's
// snapshots. The webview gets messages only; its HTML is fixed, with a CSP that allows just our own bundled
// script (by nonce), our CSS and the codicon font from client/out/webview — no remote resources.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { SwarmViewApi } from '../views/swarmView';
import { FollowUp } from './followUp';
import { advanceStack, toView, type StackRollout } from './progress';
import type { FromPanel, ToPanel } from './messages';

export const PANEL_VIEW_TYPE = 'swarmRollout.rolloutPanel';

export interface PanelActions {
  rollback(serviceId: string): Promise<unknown>;
  logs(serviceId: string): Promise<unknown>;
  inspect(serviceId: string): Promise<unknown>;
  openFile(stack: string): Promise<unknown>;
}

export class RolloutPanels implements vscode.Disposable {
  private readonly panels = new Map<string, RolloutPanel>();
  constructor(private readonly extensionUri: vscode.Uri, private readonly swarm: SwarmViewApi, private readonly actions: PanelActions) {}

  /** Opens (or reveals) the panel of a stack. `since`: when the rollout being watched was asked for. */
  show(stack: string, since?: number): RolloutPanel {
    let p = this.panels.get(stack);
    if (p) { p.reveal(since); return p; }
    p = new RolloutPanel(this.extensionUri, this.swarm, this.actions, stack, since, () => this.panels.delete(stack));
    this.panels.set(stack, p);
    return p;
  }

  get(stack: string): RolloutPanel | undefined { return this.panels.get(stack); }

  dispose(): void { for (const p of [...this.panels.values()]) p.dispose(); }
}

export class RolloutPanel implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private state: StackRollout | undefined;
  private ready = false;
  private readonly followUp = new FollowUp(() => this.swarm.watcher.refreshNow());
  private disposed = false;

  constructor(extensionUri: vscode.Uri, private readonly swarm: SwarmViewApi, private readonly actions: PanelActions,
    readonly stack: string, private since: number | undefined, private readonly onDispose: () => void) {
    const root = vscode.Uri.joinPath(extensionUri, 'client', 'out', 'webview');
    this.panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, `Rollout: ${stack}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [root],
    });
    this.panel.webview.html = html(this.panel.webview, root);
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((m: FromPanel) => this.onMessage(m)),
      this.panel.onDidChangeViewState(() => { if (this.panel.visible) this.post(); }),
      swarm.keepAlive(),
      swarm.watcher.onChange(() => this.update()),
    );
    this.update();
    void swarm.watcher.refreshNow().catch(() => undefined);
  }

  reveal(since?: number): void {
    if (since !== undefined && since !== this.since) { this.since = since; this.state = undefined; this.update(); }
    this.panel.reveal();
  }

  /** The current model (tests and the notification read it). */
  get current(): StackRollout | undefined { return this.state; }

  private update(): void {
    const snap = this.swarm.watcher.snapshot;
    if (snap && snap.takenAt !== this.state?.takenAt) this.state = advanceStack(this.state, snap, this.stack, { since: this.since });
    this.followUp.schedule(!!this.state && !this.state.ended);
    this.panel.title = `Rollout: ${this.stack}${this.state && this.state.services.length ? ` (${this.state.phase})` : ''}`;
    this.post();
  }

  private post(): void {
    if (!this.ready || !this.state || this.disposed) return;
    const st = this.swarm.watcher.current;
    const conn = this.swarm.connection();
    const msg: ToPanel = {
      type: 'state',
      view: toView(this.state),
      connection: 'error' in conn ? undefined : conn.context,
      error: st.kind === 'unreachable' ? `Docker is unreachable: ${st.error} (showing the last state; retrying)` : undefined,
    };
    void this.panel.webview.postMessage(msg);
  }

  private onMessage(m: FromPanel): void {
    if (m.type === 'ready') { this.ready = true; this.post(); return; }
    if (m.type !== 'action') return;
    const run = (p: Promise<unknown>) => p.catch((e: Error) => vscode.window.showErrorMessage(`Swarm Rollout: ${e.message}`));
    switch (m.action) {
      case 'rollback': if (m.service) void run(this.actions.rollback(m.service)); break;
      case 'logs': if (m.service) void run(this.actions.logs(m.service)); break;
      case 'inspect': if (m.service) void run(this.actions.inspect(m.service)); break;
      case 'openFile': void run(this.actions.openFile(this.stack)); break;
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.onDispose();
    this.followUp.dispose();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

function html(webview: vscode.Webview, root: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const js = webview.asWebviewUri(vscode.Uri.joinPath(root, 'rollout.js'));
  const css = webview.asWebviewUri(vscode.Uri.joinPath(root, 'rollout.css'));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    // lit (vscode-elements) adopts constructed stylesheets; our CSS is a file
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}" nonce="${nonce}" id="vscode-codicon-stylesheet">
<title>Rollout</title>
</head>
<body>
<div id="root"><p class="muted">Waiting for the first snapshot of the swarm…</p></div>
<script nonce="${nonce}" src="${js}"></script>
</body>
</html>`;
}
