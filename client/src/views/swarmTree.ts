// The Swarm tree: stacks → services → tasks (one row per slot or node; older tasks folded under it), and nodes.
// It renders the SwarmWatcher's state and nothing else; when there is nothing to show it shows ONE item that says
// why and what to do (Docker unreachable, swarm inactive, not a manager, untrusted workspace).
import * as vscode from 'vscode';
import { describeConnection, type ResolvedConnection } from '../engine/connection';
import {
  shortAge, type NodeModel, type ServiceBadge, type ServiceModel, type SlotModel, type StackModel, type SwarmSnapshot, type TaskModel,
} from '../engine/snapshot';
import type { SwarmWatcher, WatchState } from './refresh';

export type SwarmElement =
  | { kind: 'message'; id: string; label: string; description?: string; tooltip?: string; icon: vscode.ThemeIcon; command?: vscode.Command }
  | { kind: 'stack'; stack: StackModel }
  | { kind: 'loose'; services: ServiceModel[] }
  | { kind: 'service'; svc: ServiceModel }
  | { kind: 'slot'; svc: ServiceModel; slot: SlotModel }
  | { kind: 'task'; svc: ServiceModel; task: TaskModel }
  | { kind: 'nodes'; nodes: NodeModel[] }
  | { kind: 'node'; node: NodeModel };

const color = (id: string) => new vscode.ThemeColor(id);
const icon = (name: string, c?: string) => new vscode.ThemeIcon(name, c ? color(c) : undefined);

const BADGE_ICON: Record<ServiceBadge, [string, string | undefined]> = {
  ok: ['pass-filled', 'testing.iconPassed'],
  partial: ['warning', 'list.warningForeground'],
  down: ['error', 'list.errorForeground'],
  updating: ['sync~spin', 'charts.blue'],
  paused: ['debug-pause', 'list.warningForeground'],
  'rolling-back': ['discard', 'charts.orange'],
  'rolled-back': ['discard', 'charts.orange'],
  unhealthy: ['pulse', 'list.errorForeground'],
  'job-running': ['loading~spin', 'charts.blue'],
  'job-complete': ['check', 'testing.iconPassed'],
};

/** The words a user scans for: "updating", "paused", "rolled back", "unhealthy"… */
export function badgeWord(b: ServiceBadge): string | undefined {
  switch (b) {
    case 'updating': return 'updating';
    case 'paused': return 'paused';
    case 'rolling-back': return 'rolling back';
    case 'rolled-back': return 'rolled back';
    case 'unhealthy': return 'unhealthy';
    case 'down': return 'down';
    case 'job-running': return 'running';
    case 'job-complete': return 'complete';
    default: return undefined;
  }
}

export function serviceDescription(s: ServiceModel): string {
  const parts = [s.replicas];
  const word = badgeWord(s.badge);
  if (word) parts.push(word);
  if (s.badge === 'updating' || s.badge === 'rolling-back') parts.push(`${s.updated}/${s.slots.length} updated`);
  if (s.starting > 0) parts.push(`${s.starting} waiting for healthcheck`);
  if (s.badge !== 'unhealthy' && s.unhealthyFailures > 0) parts.push(`${s.unhealthyFailures} unhealthy replaced`);
  if (s.onDownNodes > 0) parts.push(`${s.onDownNodes} on a down node`);
  parts.push(shortImage(s.image));
  return parts.join(' · ');
}

export function shortImage(image: string): string {
  return image.slice(image.lastIndexOf('/') + 1);
}

function taskIcon(t: TaskModel): vscode.ThemeIcon {
  if (t.health === 'unhealthy') return icon('pulse', 'list.errorForeground');
  switch (t.state) {
    case 'running': return t.nodeDown ? icon('debug-disconnect', 'list.warningForeground') : icon('circle-filled', 'testing.iconPassed');
    case 'starting': case 'preparing': case 'ready': return icon('loading~spin', 'charts.blue');
    case 'new': case 'pending': case 'assigned': case 'accepted': case 'allocated': return icon('clock', 'charts.blue');
    case 'failed': case 'rejected': return icon('error', 'list.errorForeground');
    case 'complete': return icon('check');
    default: return icon('circle-outline', 'disabledForeground');
  }
}

export function taskDescription(t: TaskModel, withImage: boolean): string {
  const parts: string[] = [];
  const state = t.state === t.desiredState || t.desiredState === 'running' ? t.state : `${t.state} → ${t.desiredState}`;
  parts.push(`${state} ${shortAge(t.ageMs)}`);
  if (t.health === 'starting') parts.push('waiting for healthcheck');
  else if (t.health === 'healthy') parts.push('healthy');
  else if (t.health === 'unhealthy') parts.push('unhealthy');
  if (t.nodeDown) parts.push(`node ${t.nodeName ?? '?'} down`);
  else if (t.nodeName) parts.push(`on ${t.nodeName}`);
  if (withImage) parts.push(shortImage(t.image));
  if (t.error && t.health !== 'unhealthy') parts.push(t.error);
  return parts.join(' · ');
}

function taskTooltip(t: TaskModel): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${t.name}** \`${t.id.slice(0, 12)}\`\n\n`);
  md.appendMarkdown(`- state: **${t.state}** (desired ${t.desiredState}) since ${new Date(t.since).toLocaleString()}\n`);
  md.appendMarkdown(`- image: \`${t.image}\`\n`);
  if (t.nodeName) md.appendMarkdown(`- node: ${t.nodeName}${t.nodeDown ? ' (down: the last state it reported)' : ''}\n`);
  md.appendMarkdown(`- health: ${t.health === 'starting' ? 'waiting for its healthcheck' : t.health}\n`);
  if (t.message) md.appendMarkdown(`- message: ${t.message}\n`);
  if (t.error) md.appendMarkdown(`- error: \`${t.error}\`\n`);
  if (t.exitCode !== undefined && t.exitCode !== 0) md.appendMarkdown(`- exit code: ${t.exitCode}\n`);
  return md;
}

function serviceTooltip(s: ServiceModel): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${s.name}** (${s.mode}) \`${s.id.slice(0, 12)}\`\n\n`);
  md.appendMarkdown(`- replicas: **${s.replicas}**\n- image: \`${s.image}\`\n`);
  md.appendMarkdown(`- healthcheck in the spec: ${s.hasHealthcheck ? 'yes' : 'no (the image may have one)'}\n`);
  if (s.update.state !== 'none') {
    md.appendMarkdown(`- update: **${s.update.state}**${s.update.message ? ` — ${s.update.message}` : ''}\n`);
  }
  if (s.unhealthyFailures) md.appendMarkdown(`- tasks that failed unhealthy: ${s.unhealthyFailures}\n`);
  md.appendMarkdown(`- manual rollback possible: ${s.canRollback ? 'yes' : 'no (no previous spec)'}\n`);
  return md;
}

export interface TreeContext {
  connection(): ResolvedConnection | { error: string };
  trusted(): boolean;
}

export class SwarmTreeProvider implements vscode.TreeDataProvider<SwarmElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SwarmElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly watcher: SwarmWatcher, private readonly ctx: TreeContext) {
    this.disposables.push(watcher.onChange(() => this.changed.fire(undefined)));
  }

  /** Re-render (trust or settings changed). */
  redraw(): void { this.changed.fire(undefined); }

  dispose(): void { for (const d of this.disposables) d.dispose(); }

  getChildren(el?: SwarmElement): SwarmElement[] {
    if (!el) return this.roots();
    switch (el.kind) {
      case 'stack': return el.stack.services.map((svc) => ({ kind: 'service', svc }));
      case 'loose': return el.services.map((svc) => ({ kind: 'service', svc }));
      case 'service': return el.svc.slots.map((slot) => ({ kind: 'slot', svc: el.svc, slot }));
      case 'slot': return el.slot.history.map((task) => ({ kind: 'task', svc: el.svc, task }));
      case 'nodes': return el.nodes.map((node) => ({ kind: 'node', node }));
      default: return [];
    }
  }

  private roots(): SwarmElement[] {
    if (!this.ctx.trusted()) {
      return [message('untrusted', 'Trust this workspace to connect to Docker', 'shield', {
        command: 'workbench.trust.manage', title: 'Manage Workspace Trust' })];
    }
    const conn = this.ctx.connection();
    if ('error' in conn) {
      return [message('bad-connection', `Docker connection: ${conn.error}`, 'error', {
        command: 'swarmRollout.swarm.configureConnection', title: 'Configure the Docker connection' }, 'click to change the setting')];
    }
    const st: WatchState = this.watcher.current;
    switch (st.kind) {
      case 'idle': case 'connecting':
        return [message('connecting', `Connecting to ${conn.context === 'default' ? conn.host : conn.context}…`, 'loading~spin')];
      case 'unreachable':
        return [message('unreachable', `Docker is unreachable: ${st.error}`, 'debug-disconnect',
          { command: 'swarmRollout.swarm.retry', title: 'Retry now' },
          `retrying in ${Math.round(st.retryInMs / 1000)} s — click to retry now`,
          `${describeConnection(conn)}\n\nClick to retry now; "Configure Docker Connection" in the view's menu changes the host or context.`)];
      case 'ok': return this.snapshotRoots(st.snapshot, conn);
    }
  }

  private snapshotRoots(s: SwarmSnapshot, conn: ResolvedConnection): SwarmElement[] {
    const where = s.engineName ? `${s.engineName} (${conn.context})` : conn.context;
    if (s.swarm !== 'active') {
      return [message('inactive', `Swarm is ${s.swarm} on ${where}`, 'circle-slash',
        { command: 'swarmRollout.swarm.init', title: 'Set up a swarm' },
        'click: docker swarm init in a terminal',
        `${s.swarmError ? `${s.swarmError}\n\n` : ''}This engine is not part of a swarm. Click to open a terminal with \`docker swarm init\` typed (not run), or switch the Docker context.`)];
    }
    if (s.role !== 'manager') {
      return [message('worker', `${where} is a swarm worker: services and tasks are visible only on a manager`, 'info',
        { command: 'swarmRollout.swarm.configureConnection', title: 'Choose a manager' },
        'click to connect to a manager',
        'Only managers answer /services, /tasks and /nodes. Point swarmRollout.docker.context (or .host) at a manager node.')];
    }
    const roots: SwarmElement[] = s.stacks.map((stack) => ({ kind: 'stack', stack }));
    if (s.looseServices.length) roots.push({ kind: 'loose', services: s.looseServices });
    if (!roots.length) roots.push(message('empty', 'No stacks or services yet', 'info', undefined, 'docker stack deploy -c FILE NAME'));
    roots.push({ kind: 'nodes', nodes: s.nodes });
    return roots;
  }

  getTreeItem(el: SwarmElement): vscode.TreeItem {
    const None = vscode.TreeItemCollapsibleState.None;
    const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    const Expanded = vscode.TreeItemCollapsibleState.Expanded;
    switch (el.kind) {
      case 'message': {
        const item = new vscode.TreeItem(el.label, None);
        item.id = `msg:${el.id}`;
        item.iconPath = el.icon;
        item.description = el.description;
        item.tooltip = el.tooltip ?? el.label;
        item.command = el.command;
        item.contextValue = `message.${el.id}`;
        return item;
      }
      case 'stack': {
        const { stack } = el;
        const item = new vscode.TreeItem(stack.name, Expanded);
        item.id = `stack:${stack.name}`;
        const [name, c] = stack.badge === 'ok' ? ['layers', 'testing.iconPassed'] : BADGE_ICON[stack.badge];
        item.iconPath = icon(name, c);
        const word = badgeWord(stack.badge);
        item.description = `${stack.services.length} service${stack.services.length === 1 ? '' : 's'} · ${stack.running}/${stack.desired}${word ? ` · ${word}` : ''}`;
        item.contextValue = 'stack';
        item.tooltip = `stack ${stack.name}: ${item.description}`;
        return item;
      }
      case 'loose': {
        const item = new vscode.TreeItem('Services without a stack', Expanded);
        item.id = 'loose';
        item.iconPath = icon('symbol-misc');
        item.description = String(el.services.length);
        return item;
      }
      case 'service': {
        const s = el.svc;
        const item = new vscode.TreeItem(s.shortName, s.slots.length ? Collapsed : None);
        item.id = `svc:${s.id}`;
        const [name, c] = BADGE_ICON[s.badge];
        item.iconPath = icon(name, c);
        item.description = serviceDescription(s);
        item.tooltip = serviceTooltip(s);
        item.contextValue = `service.${s.mode}${s.canRollback ? '.rollback' : ''}`;
        return item;
      }
      case 'slot': {
        const t = el.slot.current;
        const item = new vscode.TreeItem(el.slot.name, el.slot.history.length ? Collapsed : None);
        item.id = `slot:${el.svc.id}:${el.slot.key}`;
        item.iconPath = taskIcon(t);
        item.description = taskDescription(t, true);
        item.tooltip = taskTooltip(t);
        item.contextValue = 'task';
        return item;
      }
      case 'task': {
        const t = el.task;
        const item = new vscode.TreeItem(shortImage(t.image) || t.id.slice(0, 12), None);
        item.id = `task:${t.id}`;
        item.iconPath = taskIcon(t);
        item.description = taskDescription(t, false);
        item.tooltip = taskTooltip(t);
        item.contextValue = 'task.history';
        return item;
      }
      case 'nodes': {
        const item = new vscode.TreeItem('Nodes', Expanded);
        item.id = 'nodes';
        item.iconPath = icon('server-environment');
        const down = el.nodes.filter((n) => n.state !== 'ready').length;
        item.description = `${el.nodes.length}${down ? ` · ${down} not ready` : ''}`;
        return item;
      }
      case 'node': {
        const n = el.node;
        const item = new vscode.TreeItem(n.hostname, None);
        item.id = `node:${n.id}`;
        const c = n.state === 'ready' ? (n.availability === 'active' ? 'testing.iconPassed' : 'list.warningForeground') : 'list.errorForeground';
        item.iconPath = icon(n.state === 'ready' ? 'server' : 'debug-disconnect', c);
        const role = n.role === 'manager' ? `manager${n.leader ? ' (leader)' : n.reachability && n.reachability !== 'reachable' ? ` (${n.reachability})` : ''}` : 'worker';
        item.description = [role, n.availability, n.state, `${n.runningTasks} running`, n.self ? 'this node' : ''].filter(Boolean).join(' · ');
        item.tooltip = `${n.hostname} ${n.id.slice(0, 12)}\n${n.addr ?? ''}  engine ${n.engineVersion ?? '?'}${n.message ? `\n${n.message}` : ''}`;
        item.contextValue = `node.${n.role}`;
        return item;
      }
    }
  }
}

function message(id: string, label: string, iconName: string, command?: vscode.Command, description?: string, tooltip?: string): SwarmElement {
  return { kind: 'message', id, label, icon: new vscode.ThemeIcon(iconName), command, description, tooltip };
}
