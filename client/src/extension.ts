// Activation only wires the pieces together; each piece lives in its own module.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient';
import { registerDeployAndDrift } from './deploy';
import { registerRolloutAndOperations } from './rollout';
import { registerSwarmView } from './views/swarmView';

let client: LanguageClient | undefined;

export interface SwarmRolloutApi {
  /** Resolves once the language server answered `initialize` (tests wait on it instead of sleeping). */
  clientReady: Promise<void>;
}

export function activate(context: vscode.ExtensionContext): SwarmRolloutApi {
  const output = vscode.window.createOutputChannel('Swarm Rollout', { log: true });
  context.subscriptions.push(output);
  const swarm = registerSwarmView(context, output); // no Docker call until the Swarm view is visible or a command runs
  registerDeployAndDrift(context, output, swarm);
  registerRolloutAndOperations(context, swarm, output); // rollout panel, progress notification, tree operations

  const start = async (): Promise<void> => {
    client = createLanguageClient(context, output);
    await client.start();
  };
  const restart = async (): Promise<void> => {
    const old = client;
    client = undefined;
    await old?.stop();
    await start();
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('swarmRollout.restartServer', restart),
    // The document selector is fixed when the client starts, so a new pattern list needs a new client.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('swarmRollout.stackFilePatterns')) void restart();
    }),
    { dispose: () => void client?.stop() },
  );

  const clientReady = start().catch((err: unknown) => {
    output.error(`Swarm Rollout: the language server did not start: ${String(err)}`);
    void vscode.window.showErrorMessage('Swarm Rollout: the language server did not start; see the "Swarm Rollout" output.');
    throw err;
  });
  return { clientReady };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
