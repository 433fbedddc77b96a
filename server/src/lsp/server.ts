// The language server: `node server/out/server.js --stdio` (or --node-ipc when VS Code starts it).
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticsScheduler } from './diagnostics';

// Run as a plain command (`swarm-rollout-ls`), the server speaks over stdio, as most editors expect.
const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];

export function startServer(): void {
  if (!process.argv.some((a) => TRANSPORTS.some((t) => a.startsWith(t)))) process.argv.push('--stdio');

  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const diagnostics = new DiagnosticsScheduler(connection);

  connection.onInitialize((): InitializeResult => ({
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    },
    serverInfo: { name: 'swarm-rollout-ls' },
  }));

  documents.onDidChangeContent((e) => diagnostics.contentChanged(e.document));
  documents.onDidClose((e) => diagnostics.closed(e.document.uri));
  connection.onShutdown(() => diagnostics.dispose());

  documents.listen(connection);
  connection.listen();
}
