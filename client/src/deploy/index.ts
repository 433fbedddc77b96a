// Deploy Stack, drift diagnostics and Compare with Live Stack: one registration call for extension.ts.
import * as vscode from 'vscode';
import { registerCompareWithLive } from '../drift/compareWithLive';
import { DriftDiagnostics } from '../drift/driftDiagnostics';
import { LiveServices } from '../drift/liveSource';
import type { SwarmViewApi } from '../views/swarmView';
import { registerDeployCommands, StackNames } from './deployCommand';

export function registerDeployAndDrift(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, swarm?: SwarmViewApi): void {
  const names = new StackNames(context.workspaceState);
  const live = new LiveServices();
  const drift = new DriftDiagnostics(live, names, log, swarm);
  context.subscriptions.push(live, drift);
  registerDeployCommands({ context, log, names, swarm, onDeployed: () => drift.schedule(1000) });
  registerCompareWithLive(context, live, names);
}
