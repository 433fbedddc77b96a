// Wires the Swarm view: the tree, the status bar, the refresher and the commands. Activation stays light: nothing
// talks to Docker until the view becomes visible or a command asks for it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ConnectionError, describeConnection, resolveConnection, type ResolvedConnection } from '../engine/connection';
import { DockerodeEngine } from '../engine/engine';
import { SwarmWatcher } from './refresh';
import { SwarmStatusBar } from './status';
import { SwarmTreeProvider } from './swarmTree';

export const SWARM_VIEW_ID = 'swarmRollout.swarm';

export interface SwarmViewApi {
  watcher: SwarmWatcher;
  /** The resolved Docker connection (the same the watcher uses). */
  connection(): ResolvedConnection | { error: string };
  /** Keeps the watcher running while the view is hidden (the rollout panel, a progress notification). */
  keepAlive(): vscode.Disposable;
}

export function registerSwarmView(context: vscode.ExtensionContext, output?: vscode.LogOutputChannel): SwarmViewApi {
  let resolved: ResolvedConnection | { error: string } | undefined;
  const connection = (): ResolvedConnection | { error: string } => {
    if (resolved) return resolved;
    const cfg = vscode.workspace.getConfiguration('swarmRollout.docker');
    try {
      resolved = resolveConnection({
        env: process.env,
        homeDir: os.homedir(),
        settings: { host: cfg.get<string>('host') || undefined, context: cfg.get<string>('context') || undefined },
      });
      for (const w of resolved.warnings) output?.warn(w);
    } catch (e) {
      resolved = { error: e instanceof ConnectionError ? e.message : String(e) };
    }
    return resolved;
  };

  const pollMs = () => vscode.workspace.getConfiguration('swarmRollout.swarm').get<number>('convergePollInterval', 1000);
  const watcher = new SwarmWatcher(() => {
    resolved = undefined; // every (re)connection re-reads the settings and the context store
    const c = connection();
    if ('error' in c) throw new Error(c.error);
    output?.info(`Swarm view: connecting to ${describeConnection(c)}`);
    return new DockerodeEngine(c);
  }, { convergePollMs: Math.max(250, pollMs()) });

  const tree = new SwarmTreeProvider(watcher, { connection, trusted: () => vscode.workspace.isTrusted });
  const view = vscode.window.createTreeView(SWARM_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const status = new SwarmStatusBar(watcher, connection);

  let lastKind = '';
  const updateTitle = () => {
    const st = watcher.current;
    const c = connection();
    view.description = 'error' in c ? undefined : st.kind === 'ok' ? `${c.context} · ${st.snapshot.role}` : c.context;
    if (st.kind !== lastKind) {
      lastKind = st.kind;
      if (st.kind === 'unreachable') output?.warn(`Swarm view: ${st.error} (retrying in ${st.retryInMs} ms)`);
      if (st.kind === 'ok') output?.info(`Swarm view: connected, API ${st.version.apiVersion} (daemon ${st.version.daemonApiVersion}), ${st.snapshot.role}`);
    }
  };

  // start while visible (and trusted), stop when hidden: no Docker traffic for a view nobody looks at
  let stopTimer: NodeJS.Timeout | undefined;
  let holders = 0;
  const syncVisibility = () => {
    clearTimeout(stopTimer);
    if ((view.visible || holders > 0) && vscode.workspace.isTrusted) {
      if (!('error' in connection())) watcher.start();
    } else if (watcher.isRunning) {
      stopTimer = setTimeout(() => watcher.stop(), 30_000);
    }
  };

  // the CLI's context switch (`docker context use`) rewrites config.json: reconnect when it changes
  const configFile = path.join(process.env.DOCKER_CONFIG || path.join(os.homedir(), '.docker'), 'config.json');
  let watchingConfig = false;
  const onConfigFile = (cur: fs.Stats, prev: fs.Stats) => {
    if (cur.mtimeMs === prev.mtimeMs) return;
    resolved = undefined;
    if (watcher.isRunning) watcher.reconnect();
    status.update();
    tree.redraw();
  };
  const startConfigWatch = () => {
    if (watchingConfig) return;
    watchingConfig = true;
    fs.watchFile(configFile, { interval: 5000, persistent: false }, onConfigFile);
  };

  context.subscriptions.push(
    tree, view, status,
    { dispose: () => { watcher.stop(); clearTimeout(stopTimer); if (watchingConfig) fs.unwatchFile(configFile, onConfigFile); } },
    watcher.onChange(updateTitle),
    view.onDidChangeVisibility(() => { syncVisibility(); if (view.visible) startConfigWatch(); }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => { tree.redraw(); syncVisibility(); }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('swarmRollout.docker')) {
        resolved = undefined;
        status.update();
        tree.redraw();
        if (watcher.isRunning) watcher.reconnect(); else syncVisibility();
      }
    }),
    vscode.commands.registerCommand('swarmRollout.swarm.refresh', () => watcher.refreshNow()),
    vscode.commands.registerCommand('swarmRollout.swarm.retry', () => { resolved = undefined; status.update(); tree.redraw(); watcher.reconnect(); watcher.start(); }),
    vscode.commands.registerCommand('swarmRollout.swarm.configureConnection', () =>
      vscode.commands.executeCommand('workbench.action.openSettings', 'swarmRollout.docker')),
    vscode.commands.registerCommand('swarmRollout.swarm.init', () => {
      const c = connection();
      const args = 'error' in c || c.source === 'default' ? '' : c.context !== 'default' ? ` --context ${c.context}` : ` -H ${c.host}`;
      const term = vscode.window.createTerminal('docker swarm init');
      term.show();
      term.sendText(`docker${args} swarm init`, false); // typed, not run: the user decides (and may add --advertise-addr)
    }),
  );
  if (view.visible) { syncVisibility(); startConfigWatch(); }
  const keepAlive = (): vscode.Disposable => {
    holders++;
    syncVisibility();
    let done = false;
    return { dispose: () => { if (!done) { done = true; holders--; syncVisibility(); } } };
  };
  return { watcher, connection, keepAlive };
}
