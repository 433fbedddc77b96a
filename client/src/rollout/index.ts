// The rollout panel, the rollout notification and the operations: one registration call for extension.ts.
import * as vscode from 'vscode';
import { INSPECT_SCHEME, Operations } from '../operations/commands';
import type { SwarmViewApi } from '../views/swarmView';
import { RolloutPanels } from './panel';
import { RolloutNotifications } from './watchRollout';

export interface RolloutApi {
  panels: RolloutPanels;
  notifications: RolloutNotifications;
  operations: Operations;
}

export function registerRolloutAndOperations(context: vscode.ExtensionContext, swarm: SwarmViewApi, log?: vscode.LogOutputChannel): RolloutApi {
  let panels: RolloutPanels | undefined;
  const openPanel = (stack: string, since?: number) => { panels!.show(stack, since); };
  const notifications = new RolloutNotifications(swarm, openPanel, log);
  const operations = new Operations({
    context, swarm, log, openPanel,
    watch: (stack, since, title) => { void notifications.watch(stack, { since, title }); },
  });
  panels = new RolloutPanels(context.extensionUri, swarm, {
    rollback: (id) => operations.rollback(id),
    logs: (id) => operations.logs(id),
    inspect: (id) => operations.inspect(id),
    openFile: (stack) => operations.openStackFile(stack),
  });
  const cmd = (id: string, f: (...a: never[]) => unknown) => vscode.commands.registerCommand(id, f as (...a: unknown[]) => unknown);
  context.subscriptions.push(
    panels, notifications,
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, operations.inspectProvider()),
    cmd('swarmRollout.rollout.open', async (arg?: Parameters<Operations['pickStack']>[0], since?: number) => {
      if (!vscode.workspace.isTrusted) { void vscode.window.showErrorMessage('Swarm Rollout: the rollout panel talks to Docker, which needs a trusted workspace.'); return; }
      const stack = await operations.pickStack(arg, 'Stack to watch');
      if (stack) panels!.show(stack, typeof since === 'number' ? since : undefined);
    }),
    // for the deploy command and other callers: watch a rollout asked for at `since` (ms) with a notification
    cmd('swarmRollout.rollout.watch', (stack?: string, since?: number) => (stack ? notifications.watch(stack, { since }) : undefined)),
    cmd('swarmRollout.service.rollback', (arg?: never) => operations.rollback(arg)),
    cmd('swarmRollout.service.scale', (arg?: never) => operations.scale(arg)),
    cmd('swarmRollout.service.forceUpdate', (arg?: never) => operations.forceUpdate(arg)),
    cmd('swarmRollout.service.logs', (arg?: never) => operations.logs(arg)),
    cmd('swarmRollout.task.logs', (arg?: never) => operations.logs(arg, true)),
    cmd('swarmRollout.service.inspect', (arg?: never) => operations.inspect(arg)),
    cmd('swarmRollout.stack.remove', (arg?: never) => operations.removeStack(arg)),
    cmd('swarmRollout.stack.openFile', (arg?: never) => operations.openStackFile(arg)),
  );
  return { panels, notifications, operations };
}
