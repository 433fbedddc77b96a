// Status bar: the Docker context and the connected node's swarm role (manager, worker, inactive).
// Before the Swarm view was opened it shows the context only (resolving it reads files; no Docker call).
import * as vscode from 'vscode';
import { describeConnection, type ResolvedConnection } from '../engine/connection';
import type { SwarmWatcher } from './refresh';

export class SwarmStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('swarmRollout.status', vscode.StatusBarAlignment.Left, 20);
  private readonly sub: { dispose(): void };

  constructor(private readonly watcher: SwarmWatcher, private readonly connection: () => ResolvedConnection | { error: string }) {
    this.item.name = 'Swarm Rollout: Docker context';
    this.item.command = 'swarmRollout.swarm.focus';
    this.sub = watcher.onChange(() => this.update());
    this.update();
    this.item.show();
  }

  update(): void {
    const conn = this.connection();
    if ('error' in conn) {
      this.item.text = '$(vm-outline) docker: ?';
      this.item.tooltip = `Docker connection: ${conn.error}`;
      return;
    }
    const ctx = conn.context === 'default' && conn.source !== 'default' && conn.source !== 'config.json' ? conn.host.replace(/^unix:\/\//, '') : conn.context;
    const st = this.watcher.current;
    const lines = [describeConnection(conn)];
    switch (st.kind) {
      case 'idle':
        this.item.text = `$(vm) ${ctx}`;
        lines.push('Not connected yet: open the Swarm view to connect.');
        break;
      case 'connecting':
        this.item.text = `$(loading~spin) ${ctx}`;
        break;
      case 'unreachable':
        this.item.text = `$(debug-disconnect) ${ctx}: unreachable`;
        lines.push(st.error);
        break;
      case 'ok': {
        const s = st.snapshot;
        this.item.text = `$(vm-active) ${ctx}: ${s.role}`;
        lines.push(`engine ${s.engineName ?? ''} ${s.engineVersion ?? ''}, API ${st.version.apiVersion} (daemon ${st.version.daemonApiVersion})`);
        lines.push(`swarm: ${s.swarm}, role: ${s.role}${s.role === 'manager' ? `, ${s.nodes.length} node(s), ${s.counts.services} service(s)` : ''}`);
        break;
      }
    }
    this.item.tooltip = lines.join('\n');
  }

  dispose(): void {
    this.sub.dispose();
    this.item.dispose();
  }
}
