// The language server: `node server/out/server.js --stdio` (or --node-ipc when VS Code starts it).
import {
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticsScheduler } from './diagnostics';
import { SettingsStore } from './settings';
import { CODE_ACTION_KINDS, codeActions } from './codeActions';
import { folding, symbols } from './symbols';
import { COMPLETION_TRIGGERS, completion, completionSupport, type CompletionSupport } from './completion';
import { hoverAt } from './hover';

// Run as a plain command (`swarm-rollout-ls`), the server speaks over stdio, as most editors expect.
const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];

export function startServer(): void {
  if (!process.argv.some((a) => TRANSPORTS.some((t) => a.startsWith(t)))) process.argv.push('--stdio');

  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const settings = new SettingsStore(connection);
  const diagnostics = new DiagnosticsScheduler(connection, documents, settings, __filename);
  let dynamicConfig = false;
  let completionCaps: CompletionSupport = { snippets: false, markdown: false };

  connection.onInitialize((params): InitializeResult => {
    settings.canPull = !!params.capabilities.workspace?.configuration;
    dynamicConfig = !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    completionCaps = completionSupport(params.capabilities);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
        documentSymbolProvider: { label: 'Swarm stack' },
        foldingRangeProvider: true,
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
        hoverProvider: true,
      },
      serverInfo: { name: 'swarm-rollout-ls' },
    };
  });
  connection.onInitialized(() => {
    if (dynamicConfig) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'swarmRollout' });
  });
  connection.onDidChangeConfiguration((change) => {
    settings.changed(change.settings);
    diagnostics.revalidate(documents.all());
  });

  connection.onCodeAction((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? codeActions(doc, p, diagnostics.findingsFor(doc)) : [];
  });
  connection.onDocumentSymbol((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? symbols(doc) : [];
  });
  connection.onCompletion((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? completion(doc, p, completionCaps) : null;
  });
  connection.onHover((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? hoverAt(doc, p) : null;
  });
  connection.onFoldingRanges((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? folding(doc) : [];
  });

  documents.onDidChangeContent((e) => diagnostics.contentChanged(e.document));
  documents.onDidClose((e) => diagnostics.closed(e.document.uri));
  connection.onShutdown(() => diagnostics.dispose());

  documents.listen(connection);
  connection.listen();
}
