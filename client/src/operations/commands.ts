// The operations as VS Code commands: from the Swarm tree (the element is the argument), from the rollout panel
// (a service id) and from the palette (a quick pick over the watcher's snapshot). The work itself is in ops.ts and
// logs.ts; this file asks, confirms, and shows the result (a rollout it starts is watched with a notification).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DockerodeEngine, type Engine } from '../engine/engine';
import type { ServiceModel, StackModel, SwarmSnapshot, TaskModel } from '../engine/snapshot';
import { defaultStackName } from '../deploy/stackName';
import { stackFilePatterns } from '../languageClient';
import type { SwarmViewApi } from '../views/swarmView';
import { followLogs, formatLogLine } from './logs';
import { forceUpdateService, inspectServiceJson, removeStack, rollbackService, scaleService, whyNoRollback, type OpResult } from './ops';

export const INSPECT_SCHEME = 'swarm-rollout-inspect';
/** The deploy command remembers file → stack name under this prefix in workspaceState (deploy/deployCommand.ts). */
const DEPLOYED_PREFIX = 'swarmRollout.stackName:';

/** What a command can be called with: a tree element, an id or name, or nothing (then: a quick pick). */
type Arg = { kind?: string; svc?: ServiceModel; stack?: StackModel; task?: TaskModel; slot?: { current: TaskModel } } | string | undefined;

export interface OperationsDeps {
  context: vscode.ExtensionContext;
  swarm: SwarmViewApi;
  log?: vscode.LogOutputChannel;
  /** Watch a rollout the operation started (progress notification). */
  watch(stack: string, since: number, title: string): void;
  openPanel(stack: string, since?: number): void;
}

export class Operations {
  constructor(private readonly d: OperationsDeps) {}

  async engine(): Promise<Engine> {
    const c = this.d.swarm.connection();
    if ('error' in c) throw new Error(`Docker connection: ${c.error}`);
    const e = new DockerodeEngine(c);
    try { await e.negotiate(); } catch (err) { e.dispose(); throw err; }
    return e;
  }

  private async withEngine<T>(f: (e: Engine) => Promise<T>): Promise<T> {
    const e = await this.engine();
    try { return await f(e); } finally { e.dispose(); }
  }

  private async snapshot(): Promise<SwarmSnapshot | undefined> {
    const w = this.d.swarm.watcher;
    if (!w.snapshot) {
      const hold = this.d.swarm.keepAlive();
      try { await w.refreshNow(); } finally { hold.dispose(); }
    }
    return w.snapshot;
  }

  private trusted(): boolean {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showErrorMessage('Swarm Rollout: operations on Docker need a trusted workspace.');
    return false;
  }

  // ---------- argument resolution ----------

  async pickService(arg: Arg, filter: (s: ServiceModel) => boolean = () => true, placeHolder = 'Service'): Promise<ServiceModel | undefined> {
    const snap = await this.snapshot();
    const all = snap ? [...snap.stacks.flatMap((s) => s.services), ...snap.looseServices] : [];
    if (typeof arg === 'string') return all.find((s) => s.id === arg || s.name === arg);
    if (arg?.svc) return all.find((s) => s.id === arg.svc!.id) ?? arg.svc;
    const items = all.filter(filter).map((s) => ({ label: s.name, description: `${s.replicas} · ${s.image.slice(s.image.lastIndexOf('/') + 1)}`, s }));
    if (!items.length) { void vscode.window.showInformationMessage('Swarm Rollout: no service to choose from.'); return undefined; }
    return (await vscode.window.showQuickPick(items, { placeHolder }))?.s;
  }

  async pickStack(arg: Arg, placeHolder = 'Stack'): Promise<string | undefined> {
    if (typeof arg === 'string') return arg;
    if (arg?.stack) return arg.stack.name;
    if (arg?.svc?.stack) return arg.svc.stack;
    const snap = await this.snapshot();
    const items = (snap?.stacks ?? []).map((s) => ({ label: s.name, description: `${s.services.length} service(s) · ${s.running}/${s.desired}` }));
    if (!items.length) { void vscode.window.showInformationMessage('Swarm Rollout: no stack on this engine.'); return undefined; }
    return (await vscode.window.showQuickPick(items, { placeHolder }))?.label;
  }

  private report(r: OpResult): boolean {
    if (r.ok) {
      void vscode.window.showInformationMessage(`Swarm Rollout: ${r.message}${r.warnings?.length ? ` (warning: ${r.warnings.join('; ')})` : ''}`);
      return true;
    }
    void vscode.window.showWarningMessage(`Swarm Rollout: ${r.why}`);
    return false;
  }

  private after(svc: ServiceModel, since: number, title: string): void {
    void this.d.swarm.watcher.refreshNow().catch(() => undefined);
    if (svc.stack) this.d.watch(svc.stack, since, title);
  }

  // ---------- the operations ----------

  async rollback(arg: Arg): Promise<void> {
    if (!this.trusted()) return;
    const svc = await this.pickService(arg, (s) => s.mode === 'replicated' || s.mode === 'global', 'Service to roll back');
    if (!svc) return;
    const since = Date.now();
    const r = await this.withEngine(async (e) => {
      const cur = await e.inspectService(svc.id);
      const why = whyNoRollback(cur);
      if (why) return { ok: false, why } as OpResult;
      const from = cur.Spec?.TaskTemplate?.ContainerSpec?.Image?.split('@')[0] ?? '';
      const to = cur.PreviousSpec?.TaskTemplate?.ContainerSpec?.Image?.split('@')[0] ?? '';
      const what = from !== to ? `from ${from.slice(from.lastIndexOf('/') + 1)} to ${to.slice(to.lastIndexOf('/') + 1)}` : 'to its previous spec';
      const ok = await vscode.window.showWarningMessage(`Roll back ${svc.name} ${what}?`, { modal: true, detail: 'docker service update --rollback: the engine replaces the spec with the previous one, with the rollback policy.' }, 'Roll Back');
      if (ok !== 'Roll Back') return undefined;
      return rollbackService(e, svc.id);
    });
    if (r && this.report(r)) this.after(svc, since, `Rolling back ${svc.name}`);
  }

  async scale(arg: Arg): Promise<void> {
    if (!this.trusted()) return;
    const svc = await this.pickService(arg, (s) => s.mode === 'replicated', 'Service to scale');
    if (!svc) return;
    if (svc.mode !== 'replicated') { void vscode.window.showWarningMessage(`Swarm Rollout: ${svc.name} is a ${svc.mode} service: only replicated services can be scaled.`); return; }
    const input = await vscode.window.showInputBox({
      title: `Scale ${svc.name}`, prompt: `Replicas (now ${svc.desired})`, value: String(svc.desired),
      validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : 'a whole number ≥ 0'),
    });
    if (input === undefined) return;
    const n = Number(input.trim());
    if (n === 0) {
      const ok = await vscode.window.showWarningMessage(`Scale ${svc.name} to 0? Every task of it stops.`, { modal: true }, 'Scale to 0');
      if (ok !== 'Scale to 0') return;
    }
    const since = Date.now();
    const r = await this.withEngine((e) => scaleService(e, svc.id, n));
    if (this.report(r)) this.after(svc, since, `Scaling ${svc.name} to ${n}`);
  }

  async forceUpdate(arg: Arg): Promise<void> {
    if (!this.trusted()) return;
    const svc = await this.pickService(arg, (s) => s.mode === 'replicated' || s.mode === 'global', 'Service to force-update');
    if (!svc) return;
    const ok = await vscode.window.showWarningMessage(`Force an update of ${svc.name}?`, { modal: true, detail: 'docker service update --force: every task is replaced with the same spec, following update_config.' }, 'Force Update');
    if (ok !== 'Force Update') return;
    const since = Date.now();
    const r = await this.withEngine((e) => forceUpdateService(e, svc.id));
    if (this.report(r)) this.after(svc, since, `Force update of ${svc.name}`);
  }

  async removeStack(arg: Arg): Promise<void> {
    if (!this.trusted()) return;
    const stack = await this.pickStack(arg, 'Stack to remove');
    if (!stack) return;
    const snap = await this.snapshot();
    const services = snap?.stacks.find((s) => s.name === stack)?.services ?? [];
    const ok = await vscode.window.showWarningMessage(`Remove stack ${stack}?`, {
      modal: true,
      detail: `docker stack rm ${stack}: ${services.length} service(s) (${services.map((s) => s.shortName).join(', ') || 'none seen'}) and the stack's networks, secrets and configs are removed.`,
    }, 'Remove Stack');
    if (ok !== 'Remove Stack') return;
    const r = await this.withEngine((e) => removeStack(e, stack, services.map((s) => ({ id: s.id, name: s.name }))));
    void this.d.swarm.watcher.refreshNow().catch(() => undefined);
    this.d.log?.info(`Remove stack ${stack}: ${r.removed.join(', ') || 'nothing'}${r.errors.length ? `; errors: ${r.errors.join('; ')}` : ''}`);
    if (r.errors.length) void vscode.window.showErrorMessage(`Swarm Rollout: stack ${stack} removed with errors: ${r.errors.join('; ')}`);
    else void vscode.window.showInformationMessage(`Swarm Rollout: stack ${stack} removed (${r.removed.length} object(s)).`);
  }

  async logs(arg: Arg, forTask = false): Promise<void> {
    if (!this.trusted()) return;
    let target: { service: string } | { task: string };
    let title: string;
    const task = typeof arg === 'object' ? arg.task ?? arg.slot?.current : undefined;
    if (forTask || task) {
      if (!task) { void vscode.window.showInformationMessage('Swarm Rollout: choose a task in the Swarm view to see its logs.'); return; }
      target = { task: task.id };
      title = `logs: ${task.name} (${task.id.slice(0, 12)})`;
    } else {
      const svc = await this.pickService(arg, () => true, 'Service whose logs to follow');
      if (!svc) return;
      target = { service: svc.id };
      title = `logs: ${svc.name}`;
    }
    const names = (id: string): string | undefined => {
      const snap = this.d.swarm.watcher.snapshot;
      if (!snap) return undefined;
      for (const s of [...snap.stacks.flatMap((x) => x.services), ...snap.looseServices]) {
        for (const sl of s.slots) for (const t of [sl.current, ...sl.history]) if (t.id === id) return `${t.name}.${t.id.slice(0, 6)}@${t.nodeName ?? '?'}`;
      }
      return undefined;
    };
    const write = new vscode.EventEmitter<string>();
    const close = new vscode.EventEmitter<number | void>();
    let stop: (() => void) | undefined;
    let engine: Engine | undefined;
    const pty: vscode.Pseudoterminal = {
      onDidWrite: write.event,
      onDidClose: close.event,
      open: () => {
        write.fire(`\x1b[2mdocker ${'service' in target ? 'service' : 'task'} logs --follow --tail 200 (Ctrl+C or close the terminal to stop)\x1b[0m\r\n`);
        void (async () => {
          try {
            engine = await this.engine();
            const f = await followLogs(engine, target, { follow: true, tail: 200 }, (l) => {
              const text = formatLogLine(l, names).replace(/\n/g, '\r\n');
              write.fire(l.stream === 'stderr' ? `\x1b[31m${text}\x1b[0m\r\n` : `${text}\r\n`);
            });
            stop = f.stop;
            await f.done;
            write.fire('\r\n\x1b[2m(the log stream ended)\x1b[0m\r\n');
          } catch (e) {
            write.fire(`\r\n\x1b[31m${(e as Error).message}\x1b[0m\r\n`);
          }
        })();
      },
      close: () => { stop?.(); engine?.dispose(); },
      handleInput: (data) => { if (data === '\x03') { stop?.(); engine?.dispose(); close.fire(0); } },
    };
    const term = vscode.window.createTerminal({ name: title, pty, iconPath: new vscode.ThemeIcon('output') });
    term.show(true);
  }

  async inspect(arg: Arg): Promise<void> {
    if (!this.trusted()) return;
    const svc = await this.pickService(arg, () => true, 'Service to inspect');
    if (!svc) return;
    const uri = vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${svc.name}.json`, query: `service=${encodeURIComponent(svc.id)}&t=${Date.now()}` });
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  /** Read-only JSON documents: `docker service inspect` with the engine's defaults. */
  inspectProvider(): vscode.TextDocumentContentProvider {
    return {
      provideTextDocumentContent: async (uri) => {
        const id = new URLSearchParams(uri.query).get('service');
        if (!id) return '// nothing to inspect';
        try { return await this.withEngine((e) => inspectServiceJson(e, id)); } catch (e) { return `// ${(e as Error).message}\n`; }
      },
    };
  }

  async openStackFile(arg: Arg): Promise<void> {
    const stack = await this.pickStack(arg, 'Stack whose file to open');
    if (!stack) return;
    const files = await stackFilesFor(stack, this.d.context.workspaceState);
    const open = (u: vscode.Uri) => vscode.window.showTextDocument(u, { preview: false });
    if (files.remembered.length === 1) { await open(files.remembered[0]); return; }
    const ranked = [...files.remembered, ...files.matching.filter((m) => !files.remembered.some((r) => r.toString() === m.toString()))];
    if (ranked.length === 1) { await open(ranked[0]); return; }
    const candidates = ranked.length ? ranked : files.all;
    if (!candidates.length) {
      void vscode.window.showInformationMessage(`Swarm Rollout: no stack file in this workspace for stack ${stack}.`);
      return;
    }
    const pick = await vscode.window.showQuickPick(candidates.map((u) => ({
      label: vscode.workspace.asRelativePath(u),
      description: files.remembered.some((r) => r.toString() === u.toString()) ? 'deployed as this stack' : ranked.includes(u) ? 'name matches' : undefined,
      u,
    })), { placeHolder: ranked.length ? `Stack files of ${stack}` : `No file was deployed as ${stack} from here: all stack files` });
    if (pick) await open(pick.u);
  }
}

/** Files deployed as `stack` from this workspace (remembered by the deploy command), files whose name or folder
 * gives that stack name, and all stack files. */
export async function stackFilesFor(stack: string, state: vscode.Memento): Promise<{ remembered: vscode.Uri[]; matching: vscode.Uri[]; all: vscode.Uri[] }> {
  const remembered: vscode.Uri[] = [];
  for (const k of state.keys()) {
    if (!k.startsWith(DEPLOYED_PREFIX) || state.get<string>(k) !== stack) continue;
    const u = vscode.Uri.parse(k.slice(DEPLOYED_PREFIX.length));
    try { await vscode.workspace.fs.stat(u); remembered.push(u); } catch { /* deleted since */ }
  }
  const patterns = stackFilePatterns();
  const found = new Map<string, vscode.Uri>();
  for (const p of patterns) for (const u of await vscode.workspace.findFiles(p, '**/node_modules/**', 500)) found.set(u.toString(), u);
  const all = [...found.values()].sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  const lower = stack.toLowerCase();
  const matching = all.filter((u) => defaultStackName(u.fsPath) === stack || path.basename(u.fsPath).toLowerCase().includes(lower)
    || path.basename(path.dirname(u.fsPath)).toLowerCase() === lower);
  return { remembered, matching, all };
}
