// Deploy Stack: the open stack file (or a chosen set of -c files) deployed with the real docker CLI through the
// runner. The name is asked with the CLI's and the engine's rules, remembered per file; a file with Errors needs a
// confirmation; the CLI's output streams to an output channel; its warnings and errors become notifications and
// diagnostics next to the file's own. Never in an untrusted workspace.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ConnectionError, describeConnection, resolveConnection, type ResolvedConnection } from '../engine/connection';
import { documentSelector, stackFilePatterns } from '../languageClient';
import type { SwarmViewApi } from '../views/swarmView';
import { DEFAULT_DEPLOY_SETTINGS, displayCommand, RESOLVE_IMAGE_VALUES, type DeploySettings, type ResolveImage } from './args';
import { DeployInputError, runDeploy, type DeployResult } from './runner';
import { readServices, serviceNamesOf } from './stackFile';
import { defaultStackName, stackNameProblem } from './stackName';

/** The language server's diagnostics source (server/src/lsp/convert.ts SOURCE). */
const LS_SOURCE = 'swarm-rollout';
const STATE_PREFIX = 'swarmRollout.stackName:';

export function deploySettings(scope?: vscode.Uri): DeploySettings {
  const cfg = vscode.workspace.getConfiguration('swarmRollout.deploy', scope);
  const ri = cfg.get<string>('resolveImage', DEFAULT_DEPLOY_SETTINGS.resolveImage);
  return {
    prune: cfg.get<boolean>('prune', false),
    withRegistryAuth: cfg.get<boolean>('withRegistryAuth', false),
    resolveImage: (RESOLVE_IMAGE_VALUES as readonly string[]).includes(ri) ? (ri as ResolveImage) : DEFAULT_DEPLOY_SETTINGS.resolveImage,
  };
}

export function dockerPath(): string {
  return vscode.workspace.getConfiguration('swarmRollout.deploy').get<string>('dockerPath') || 'docker';
}

/** The connection the Swarm view uses (settings > env > current context), or a sentence on why there is none. */
export function currentConnection(): ResolvedConnection | { error: string } {
  const cfg = vscode.workspace.getConfiguration('swarmRollout.docker');
  try {
    return resolveConnection({
      env: process.env,
      homeDir: os.homedir(),
      settings: { host: cfg.get<string>('host') || undefined, context: cfg.get<string>('context') || undefined },
    });
  } catch (e) {
    return { error: e instanceof ConnectionError ? e.message : String(e) };
  }
}

/** Stack names remembered per (first) file in the workspace state. */
export class StackNames {
  constructor(private readonly state: vscode.Memento) {}
  remembered(uri: vscode.Uri): string | undefined {
    return this.state.get<string>(STATE_PREFIX + uri.toString());
  }
  /** The remembered name, else the default from the folder or file. */
  for(uri: vscode.Uri): string {
    return this.remembered(uri) ?? defaultStackName(uri.fsPath);
  }
  async remember(uri: vscode.Uri, name: string): Promise<void> {
    await this.state.update(STATE_PREFIX + uri.toString(), name);
  }
}

/** A document the language server treats as a stack file. */
export function isStackDocument(doc: vscode.TextDocument): boolean {
  return vscode.languages.match(documentSelector(stackFilePatterns()) as vscode.DocumentSelector, doc) > 0;
}

export interface DeployDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  names: StackNames;
  swarm?: SwarmViewApi;
  /** Runs after a successful deploy (drift diagnostics refresh). */
  onDeployed?: (files: vscode.Uri[], stack: string) => void;
}

export function registerDeployCommands(deps: DeployDeps): void {
  const { context, log, names } = deps;
  const channel = vscode.window.createOutputChannel('Swarm Rollout: Deploy');
  const problems = vscode.languages.createDiagnosticCollection('swarm-rollout-deploy');
  let running = false;

  const deploy = async (files: vscode.Uri[]): Promise<void> => {
    if (!vscode.workspace.isTrusted) {
      const pick = await vscode.window.showErrorMessage('Swarm Rollout: deploying runs the docker CLI, which needs a trusted workspace.', 'Manage Workspace Trust');
      if (pick) await vscode.commands.executeCommand('workbench.trust.manage');
      return;
    }
    if (running) {
      void vscode.window.showWarningMessage('Swarm Rollout: a deploy is already running; see the "Swarm Rollout: Deploy" output.');
      return;
    }
    files = files.filter((f) => f.scheme === 'file');
    if (files.length === 0) {
      void vscode.window.showErrorMessage('Swarm Rollout: Deploy Stack needs a stack file saved on disk.');
      return;
    }
    // the CLI reads the files from disk: unsaved edits would silently not be deployed
    const texts: string[] = [];
    for (const f of files) {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === f.toString());
      if (open?.isDirty && !(await open.save())) {
        void vscode.window.showErrorMessage(`Swarm Rollout: ${path.basename(f.fsPath)} could not be saved; nothing was deployed.`);
        return;
      }
      try { texts.push(new TextDecoder().decode(await vscode.workspace.fs.readFile(f))); } catch (e) {
        void vscode.window.showErrorMessage(`Swarm Rollout: ${f.fsPath} cannot be read (${(e as Error).message}).`);
        return;
      }
    }
    const first = files[0]!;
    const label = files.length === 1 ? path.basename(first.fsPath) : `${files.length} files (${files.map((f) => path.basename(f.fsPath)).join(', ')})`;
    const serviceNames = serviceNamesOf(texts);

    const stack = await vscode.window.showInputBox({
      title: `Deploy ${label} as a stack`,
      prompt: `Stack name (docker stack deploy … NAME); services become NAME_<service>${serviceNames.length ? `: ${serviceNames.slice(0, 3).join(', ')}${serviceNames.length > 3 ? '…' : ''}` : ''}`,
      value: names.for(first),
      validateInput: (v) => stackNameProblem(v, serviceNames),
      ignoreFocusOut: true,
    });
    if (stack === undefined) return;
    const problem = stackNameProblem(stack, serviceNames);
    if (problem) { void vscode.window.showErrorMessage(`Swarm Rollout: ${problem}`); return; }
    await names.remember(first, stack);

    const errors = files.map((f) => ({ f, n: vscode.languages.getDiagnostics(f).filter((d) => d.source === LS_SOURCE && d.severity === vscode.DiagnosticSeverity.Error).length }))
      .filter((x) => x.n > 0);
    if (errors.length > 0) {
      const total = errors.reduce((s, x) => s + x.n, 0);
      const where = errors.map((x) => path.basename(x.f.fsPath)).join(', ');
      const pick = await vscode.window.showWarningMessage(
        `${where} has ${total} error${total === 1 ? '' : 's'} that docker stack deploy or the engine will refuse. Deploy stack "${stack}" anyway?`,
        { modal: true }, 'Deploy Anyway', 'Show Problems');
      if (pick === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
      if (pick !== 'Deploy Anyway') return;
    }

    const conn = currentConnection();
    if ('error' in conn) {
      const pick = await vscode.window.showErrorMessage(`Swarm Rollout: no Docker connection: ${conn.error}`, 'Configure Docker Connection');
      if (pick) await vscode.commands.executeCommand('swarmRollout.swarm.configureConnection');
      return;
    }

    const settings = deploySettings(first);
    const bin = dockerPath();
    for (const f of files) problems.delete(f);
    running = true;
    channel.show(true);
    channel.appendLine(`[${new Date().toLocaleTimeString()}] Deploying stack "${stack}" to ${describeConnection(conn)}`);
    let result: DeployResult;
    const startedAt = Date.now();
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Deploying stack ${stack}`, cancellable: true },
        async (progress, token) => {
          const ac = new AbortController();
          token.onCancellationRequested(() => ac.abort());
          return await runDeploy({
            files: files.map((f) => f.fsPath), stack, settings, connection: conn, dockerBin: bin, signal: ac.signal,
            onLine: (l) => {
              channel.appendLine(l.text);
              if (l.stream === 'stdout' && l.text.trim()) progress.report({ message: l.text.trim() });
            },
          });
        });
    } catch (e) {
      if (e instanceof DeployInputError) {
        channel.appendLine(`Not started: ${e.message}`);
        void vscode.window.showErrorMessage(`Swarm Rollout: ${e.message}`);
        return;
      }
      throw e;
    } finally {
      running = false;
    }
    channel.appendLine(`$ ${displayCommand(bin, result.argv)}`);
    channel.appendLine(result.ok ? `Done (exit code 0).` : `Failed: ${result.error ?? `exit code ${result.exitCode}`}`);
    channel.appendLine('');
    log.info(`Deploy of stack ${stack}: ${result.ok ? 'ok' : `failed: ${result.error}`} (${result.warnings.length} warnings)`);

    showAsDiagnostics(problems, files, texts, result);
    const warnings = result.warnings.length;
    if (result.ok) {
      if (deps.swarm?.watcher.isRunning) void deps.swarm.watcher.refreshNow();
      deps.onDeployed?.(files, stack);
      // The deploy only hands the new specs to the engine: follow the rollout it starts.
      void vscode.commands.executeCommand('swarmRollout.rollout.watch', stack, startedAt);
      const created = result.services.filter((s) => s.action === 'created').length;
      const updated = result.services.filter((s) => s.action === 'updated').length;
      const summary = [created && `${created} service${created === 1 ? '' : 's'} created`, updated && `${updated} updated`].filter(Boolean).join(', ');
      if (warnings) {
        const pick = await vscode.window.showWarningMessage(
          `Stack "${stack}" deployed${summary ? ` (${summary})` : ''} with ${warnings} warning${warnings === 1 ? '' : 's'}: ${result.warnings[0]!.message}`,
          'Show Problems', 'Show Output');
        if (pick === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
        if (pick === 'Show Output') channel.show();
      } else {
        const pick = await vscode.window.showInformationMessage(`Stack "${stack}" deployed${summary ? ` (${summary})` : ''}.`, 'Show Output');
        if (pick) channel.show();
      }
    } else if (!result.cancelled || !/Cancelled/.test(result.error ?? '')) {
      const pick = await vscode.window.showErrorMessage(`Deploying stack "${stack}" failed: ${result.error ?? 'see the output'}`, 'Show Output', 'Show Problems');
      if (pick === 'Show Output') channel.show();
      if (pick === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
    }
  };

  const explorerOrEditor = async (uri?: vscode.Uri, uris?: vscode.Uri[]): Promise<void> => {
    if (uris && uris.length > 1) return deploy(uris);
    const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    if (target) return deploy([target]);
    const picked = await vscode.window.showOpenDialog({ canSelectMany: true, filters: { 'Stack files': ['yml', 'yaml'] }, title: 'Stack files to deploy (-c, in this order)' });
    if (picked?.length) return deploy(picked);
  };

  const pickFiles = async (): Promise<void> => {
    const found = await vscode.workspace.findFiles(`{${stackFilePatterns().join(',')}}`, '**/node_modules/**', 500);
    found.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    const items = found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri, picked: uri.toString() === active }));
    const chosen = await vscode.window.showQuickPick(items, {
      canPickMany: true,
      title: 'Deploy Stack from Files',
      placeHolder: 'Stack files to pass as -c, in this order (later files override earlier ones)',
    });
    if (chosen?.length) await deploy(chosen.map((c) => c.uri));
  };

  context.subscriptions.push(
    channel, problems,
    vscode.commands.registerCommand('swarmRollout.deploy', explorerOrEditor),
    vscode.commands.registerCommand('swarmRollout.deployFiles', pickFiles),
    // a deploy's warnings describe the text that was deployed: they go once the file changes
    vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length && problems.has(e.document.uri)) problems.delete(e.document.uri); }),
  );
}

/** Ignored options at their keys in the files; the error at the service it names, else at the top of the first file. */
function showAsDiagnostics(problems: vscode.DiagnosticCollection, files: vscode.Uri[], texts: string[], result: DeployResult): void {
  const perFile = files.map(() => [] as vscode.Diagnostic[]);
  const parsed = texts.map((t) => readServices(t));
  const lineIndex = texts.map((t) => lineStarts(t));
  const range = (i: number, start: number, end: number) => new vscode.Range(toPos(lineIndex[i]!, start), toPos(lineIndex[i]!, end));
  const make = (i: number, start: number, end: number, message: string, severity: vscode.DiagnosticSeverity, code: string) => {
    const d = new vscode.Diagnostic(range(i, start, end), message, severity);
    d.source = 'docker stack deploy';
    d.code = code;
    perFile[i]!.push(d);
  };
  for (const w of result.warnings) {
    let placed = false;
    if (w.option) {
      parsed.forEach((p, i) => {
        for (const svc of p.services) {
          const e = svc.child(w.option!);
          if (!e) continue;
          const [s, en] = e.keySpan();
          make(i, s, en, w.message, vscode.DiagnosticSeverity.Warning, `deploy/${w.kind}`);
          placed = true;
        }
      });
    }
    if (!placed) make(0, 0, 0, w.message, vscode.DiagnosticSeverity.Warning, `deploy/${w.kind}`);
  }
  if (!result.ok && result.error && !result.cancelled) {
    let placed = false;
    parsed.forEach((p, i) => {
      if (placed) return;
      const svc = p.services.find((s) => new RegExp(`(^|[\\s"'.:_])${escapeRe(s.name)}([\\s"'.:,]|$)`).test(result.error!));
      if (svc) {
        const [s, e] = svc.keySpan();
        make(i, s, e, `docker stack deploy failed: ${result.error}`, vscode.DiagnosticSeverity.Error, 'deploy/failed');
        placed = true;
      }
    });
    if (!placed) make(0, 0, 0, `docker stack deploy failed: ${result.error}`, vscode.DiagnosticSeverity.Error, 'deploy/failed');
  }
  files.forEach((f, i) => problems.set(f, perFile[i]!));
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) out.push(i + 1);
  return out;
}

export function toPos(starts: readonly number[], offset: number): vscode.Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid; else hi = mid - 1;
  }
  return new vscode.Position(lo, offset - starts[lo]!);
}
