// "Compare with Live Stack": a diff between the live services (a read-only virtual document rendering them as a
// stack file) and the stack file. Left: what runs now; right: what the next deploy sends.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isStackDocument, type StackNames } from '../deploy/deployCommand';
import { readServices } from '../deploy/stackFile';
import { renderLiveStack } from './liveCompose';
import type { LiveServices } from './liveSource';

export const LIVE_SCHEME = 'swarm-rollout-live';

export class LiveStackProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly live: LiveServices) {}

  static uriFor(file: vscode.Uri, stack: string): vscode.Uri {
    return vscode.Uri.from({
      scheme: LIVE_SCHEME,
      path: `/${stack}/${path.basename(file.fsPath)}`,
      query: new URLSearchParams({ file: file.toString(), stack }).toString(),
    });
  }

  refresh(uri: vscode.Uri): void { this.changed.fire(uri); }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const q = new URLSearchParams(uri.query);
    const stack = q.get('stack') ?? '';
    const file = vscode.Uri.parse(q.get('file') ?? '');
    let only: string[] | undefined;
    try {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
      const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
      only = readServices(text).services.map((s) => s.name);
    } catch { /* the file is gone: show the whole stack */ }
    try {
      return renderLiveStack(stack, await this.live.services(), only);
    } catch (e) {
      return `# Could not read the live stack "${stack}": ${(e as Error).message}\n`;
    }
  }

  dispose(): void { this.changed.dispose(); }
}

export function registerCompareWithLive(context: vscode.ExtensionContext, live: LiveServices, names: StackNames): void {
  const provider = new LiveStackProvider(live);
  context.subscriptions.push(
    provider,
    vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, provider),
    vscode.commands.registerCommand('swarmRollout.compareWithLive', async (arg?: vscode.Uri) => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showErrorMessage('Swarm Rollout: comparing with the live stack talks to Docker, which needs a trusted workspace.');
        return;
      }
      const doc = vscode.window.activeTextEditor?.document;
      const file = arg instanceof vscode.Uri ? arg : doc && isStackDocument(doc) ? doc.uri : doc?.uri;
      if (!file || file.scheme !== 'file') {
        void vscode.window.showErrorMessage('Swarm Rollout: open a stack file to compare it with the live stack.');
        return;
      }
      const stack = names.for(file);
      const liveUri = LiveStackProvider.uriFor(file, stack);
      provider.refresh(liveUri); // a diff opened earlier shows the engine's current state
      await vscode.commands.executeCommand('vscode.diff', liveUri, file, `${stack} (live) ↔ ${path.basename(file.fsPath)}`, { preview: true });
    }),
  );
}
