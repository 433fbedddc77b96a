// A minimal LSP client for the benchmark: spawns any stdio language server, answers the requests a server
// makes of its client (workspace/configuration, client/registerCapability, …) and times what it is asked to.
// Every wait is bounded; kill() always ends the process.
import { spawn, type ChildProcess } from 'child_process';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidChangeConfigurationNotification,
  PublishDiagnosticsNotification,
  ConfigurationRequest,
  RegistrationRequest,
  UnregistrationRequest,
  WorkDoneProgressCreateRequest,
  ShutdownRequest,
  ExitNotification,
  CompletionRequest,
  HoverRequest,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type InitializeResult,
  type ClientCapabilities,
  type Position,
  type Range,
  type CompletionItem,
  type CompletionList,
  type Hover,
} from 'vscode-languageserver-protocol/node';

export interface Publish {
  at: number;
  params: PublishDiagnosticsParams;
}

export interface ServerSpec {
  name: string;
  command: string;
  args: string[];
  languageId: string;
  /** Answers for workspace/configuration, by section (a missing section is answered with null). */
  settings?: Record<string, unknown>;
  /** Send workspace/didChangeConfiguration after initialized (yaml-language-server pulls its settings then). */
  pushConfiguration?: boolean;
}

function hoverText(contents: Hover['contents']): string {
  const one = (c: unknown): string => (typeof c === 'string' ? c : (c as { value?: string }).value ?? '');
  return Array.isArray(contents) ? contents.map(one).join('\n') : one(contents);
}

export class TimeoutError extends Error {}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const CLIENT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceFolders: false,
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
    completion: {
      completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] },
      contextSupport: true,
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
};

export class BenchClient {
  readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;
  readonly stderr: string[] = [];
  readonly publishes: Publish[] = [];
  readonly spawnedAt: number;
  configurationRequests = 0;
  lastConfigurationAnswerAt = 0;
  capabilities: InitializeResult['capabilities'] = {};
  serverInfo: InitializeResult['serverInfo'];
  private exited = false;
  private readonly listeners: Array<(p: Publish) => void> = [];

  constructor(readonly spec: ServerSpec) {
    this.spawnedAt = performance.now();
    this.proc = spawn(spec.command, spec.args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.on('exit', () => { this.exited = true; });
    this.proc.on('error', (e) => this.stderr.push(String(e)));
    this.proc.stderr!.on('data', (d: Buffer) => { if (this.stderr.length < 200) this.stderr.push(d.toString()); });
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const p = { at: performance.now(), params };
      this.publishes.push(p);
      for (const l of [...this.listeners]) l(p);
    });
    this.conn.onRequest(ConfigurationRequest.type, (params) => {
      this.configurationRequests++;
      this.lastConfigurationAnswerAt = performance.now();
      return params.items.map((item) => (item.section !== undefined ? (spec.settings?.[item.section] ?? null) : null));
    });
    this.conn.onRequest(RegistrationRequest.type, () => undefined);
    this.conn.onRequest(UnregistrationRequest.type, () => undefined);
    this.conn.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    // Other requests a server may make of an editor get null (anything not listed: MethodNotFound).
    for (const method of ['window/showMessageRequest', 'window/showDocument', 'workspace/workspaceFolders', 'workspace/codeLens/refresh',
      'workspace/semanticTokens/refresh', 'workspace/inlayHint/refresh', 'workspace/diagnostic/refresh', 'custom/schema/request']) {
      this.conn.onRequest(method, () => null);
    }
    this.conn.onError(() => undefined);
    this.conn.listen();
  }

  /** Milliseconds from spawning the process to the initialize result (node start + module load + initialize). */
  async initialize(timeoutMs: number): Promise<number> {
    const result = await withTimeout(
      this.conn.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        workspaceFolders: null,
        capabilities: CLIENT_CAPABILITIES,
        clientInfo: { name: 'swarm-rollout-bench' },
      }),
      timeoutMs,
      `${this.spec.name} initialize`,
    );
    const ms = performance.now() - this.spawnedAt;
    this.capabilities = result.capabilities;
    this.serverInfo = result.serverInfo;
    await this.conn.sendNotification(InitializedNotification.type, {});
    if (this.spec.pushConfiguration) {
      const before = this.configurationRequests;
      await this.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: this.spec.settings ?? {} });
      // The server answers didChangeConfiguration by pulling workspace/configuration; wait for that round trip.
      const deadline = performance.now() + timeoutMs;
      while (this.configurationRequests === before && performance.now() < deadline) await sleep(10);
      if (this.configurationRequests === before) throw new TimeoutError(`${this.spec.name}: never pulled workspace/configuration`);
    }
    return ms;
  }

  get hasCompletion(): boolean {
    return !!this.capabilities.completionProvider;
  }

  get hasHover(): boolean {
    return !!this.capabilities.hoverProvider;
  }

  /** Resolves with the first publish for `uri` after now that `accept` takes. */
  nextPublish(uri: string, accept: (p: Publish) => boolean, timeoutMs: number, what: string): Promise<Publish> {
    let listener: ((p: Publish) => void) | undefined;
    const p = new Promise<Publish>((resolve) => {
      listener = (pub) => { if (pub.params.uri === uri && accept(pub)) resolve(pub); };
      this.listeners.push(listener);
    });
    return withTimeout(p, timeoutMs, what).finally(() => {
      const i = this.listeners.indexOf(listener!);
      if (i >= 0) this.listeners.splice(i, 1);
    });
  }

  /**
   * Waits until no publish for `uri` has arrived for `quietMs` (bounded by `timeoutMs`) and returns the publishes
   * for `uri` since `since`. For servers that do not put a version on their publishes.
   */
  async settle(uri: string, since: number, quietMs: number, timeoutMs: number): Promise<Publish[]> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const mine = this.publishes.filter((p) => p.params.uri === uri && p.at >= since);
      const last = mine.length ? mine[mine.length - 1].at : since;
      const now = performance.now();
      if (now - last >= quietMs) return mine;
      if (now > deadline) throw new TimeoutError(`${this.spec.name}: diagnostics for ${uri} still changing after ${timeoutMs} ms`);
      await sleep(Math.min(25, quietMs));
    }
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: this.spec.languageId, version, text },
    });
  }

  async change(uri: string, version: number, range: Range, text: string): Promise<void> {
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
  }

  async close(uri: string): Promise<void> {
    await this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Returns [ms, item labels]. */
  async completion(uri: string, position: Position, timeoutMs: number): Promise<[number, string[]]> {
    const t0 = performance.now();
    const r = await withTimeout(
      this.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position, context: { triggerKind: 1 } }),
      timeoutMs,
      `${this.spec.name} completion`,
    );
    const ms = performance.now() - t0;
    const items: CompletionItem[] = r === null ? [] : Array.isArray(r) ? r : (r as CompletionList).items;
    return [ms, items.map((i) => i.label)];
  }

  /** Returns [ms, hover text ('' for none)]. */
  async hover(uri: string, position: Position, timeoutMs: number): Promise<[number, string]> {
    const t0 = performance.now();
    const r: Hover | null = await withTimeout(
      this.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position }),
      timeoutMs,
      `${this.spec.name} hover`,
    );
    const ms = performance.now() - t0;
    return [ms, r ? hoverText(r.contents) : ''];
  }

  /** shutdown + exit, bounded; then SIGKILL whatever is left. */
  async dispose(timeoutMs = 3000): Promise<void> {
    try {
      if (!this.exited) {
        await withTimeout(this.conn.sendRequest(ShutdownRequest.type), timeoutMs, `${this.spec.name} shutdown`);
        await this.conn.sendNotification(ExitNotification.type);
        const deadline = performance.now() + timeoutMs;
        while (!this.exited && performance.now() < deadline) await sleep(20);
      }
    } catch {
      // fall through to the kill
    } finally {
      this.conn.dispose();
      if (!this.exited) this.proc.kill('SIGKILL');
    }
  }
}
