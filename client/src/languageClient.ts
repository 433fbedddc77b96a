// Starts the bundled language server and decides which documents it sees.
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type DocumentSelector, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export const CLIENT_ID = 'swarmRollout';

/** The built-in `dockercompose` language, plus YAML files whose names look like stack files. */
export function documentSelector(patterns: readonly string[]): DocumentSelector {
  return [
    { language: 'dockercompose' },
    ...patterns.flatMap((pattern) => [
      { language: 'yaml', scheme: 'file', pattern },
      { language: 'yaml', scheme: 'untitled', pattern },
    ]),
  ];
}

export function stackFilePatterns(): string[] {
  return vscode.workspace.getConfiguration('swarmRollout').get<string[]>('stackFilePatterns') ?? [];
}

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('server', 'out', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(stackFilePatterns()),
    outputChannel: output,
  };
  return new LanguageClient(CLIENT_ID, 'Swarm Rollout Language Server', serverOptions, clientOptions);
}
