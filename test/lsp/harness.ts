// Drives the BUILT server (server/out/server.js) over real stdio, as an editor does.
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import type { Context } from 'mocha';
import * as path from 'path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  ExitNotification,
  CompletionRequest,
  HoverRequest,
  type CompletionItem,
  type CompletionList,
  type Hover,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type InitializeResult,
} from 'vscode-languageserver-protocol/node';
import { requirePrereq } from '../helpers/prereq';

export const SERVER = path.resolve(__dirname, '../../server/out/server.js');

export class LspSession {
  readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;
  readonly stderr: string[] = [];
  private readonly waiters: Array<{ uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  readonly published: PublishDiagnosticsParams[] = [];
  exitCode: Promise<number | null>;
  /** What the test "editor" answers to workspace/configuration for the swarmRollout section. */
  config: unknown = {};
  configRequests = 0;

  constructor(args: string[] = ['--stdio']) {
    this.proc = spawn(process.execPath, [SERVER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    this.exitCode = new Promise((resolve) => this.proc.on('exit', (code) => resolve(code)));
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onRequest(ConfigurationRequest.type, (params) => {
      this.configRequests++;
      return params.items.map(() => this.config);
    });
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.accept(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    this.conn.listen();
  }

  /** `plainCompletion`: a client without snippet or markdown support. */
  async initialize(opts: { pullConfiguration?: boolean; plainCompletion?: boolean } = {}): Promise<InitializeResult> {
    const rich = !opts.plainCompletion;
    const result = await this.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        textDocument: {
          publishDiagnostics: { relatedInformation: true },
          completion: { completionItem: { snippetSupport: rich, documentationFormat: rich ? ['markdown', 'plaintext'] : ['plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
        workspace: { configuration: !!opts.pullConfiguration },
      },
    });
    await this.conn.sendNotification(InitializedNotification.type, {});
    return result;
  }

  /** Opens a document and waits for the diagnostics published for this version. */
  async open(uri: string, text: string, timeoutMs = 10000): Promise<PublishDiagnosticsParams> {
    const next = this.nextDiagnostics(uri, 1, timeoutMs);
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'dockercompose', version: 1, text },
    });
    return next;
  }

  async replace(uri: string, version: number, text: string, timeoutMs = 10000): Promise<PublishDiagnosticsParams> {
    const next = this.nextDiagnostics(uri, version, timeoutMs);
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return next;
  }

  nextDiagnostics(uri: string, version: number, timeoutMs: number): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms; stderr: ${this.stderr.join('')}`)), timeoutMs);
      this.waiters.push({
        uri,
        accept: (p) => p.version === undefined || p.version === version,
        resolve: (p) => { clearTimeout(timer); resolve(p); },
      });
    });
  }

  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const r = await this.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    return r === null ? [] : Array.isArray(r) ? r : (r as CompletionList).items;
  }

  async hover(uri: string, position: Position): Promise<Hover | null> {
    return this.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  /** The editor's settings changed; editors without workspace/configuration push them here. */
  async changeConfiguration(settings: unknown): Promise<void> {
    await this.conn.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  async shutdown(): Promise<number | null> {
    await this.conn.sendRequest(ShutdownRequest.type);
    await this.conn.sendNotification(ExitNotification.type);
    const code = await this.exitCode;
    this.conn.dispose();
    return code;
  }

  kill(): void {
    this.conn.dispose();
    this.proc.kill('SIGKILL');
  }
}

/** Skips the suite locally, or fails it under CI, when the server bundle is not built. */
export function requireBuiltServer(ctx: Context): void {
  requirePrereq(ctx, fs.existsSync(SERVER), `${SERVER} is not built (npm run build)`);
}

/** Registers the hooks of a suite whose every test gets a fresh, initialized server (handed to `use`). */
export function freshServerPerTest(use: (s: LspSession) => void): void {
  let current: LspSession | undefined;
  before(function () {
    requireBuiltServer(this);
  });
  beforeEach(async () => {
    current = new LspSession();
    use(current);
    await current.initialize();
  });
  afterEach(() => current?.kill());
}
