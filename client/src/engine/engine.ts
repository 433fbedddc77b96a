// The one small interface the views use to talk to Docker, and its dockerode implementation.
// - The API version is negotiated: GET /version unversioned, then every call uses min(daemon's ApiVersion,
//   MAX_API) — never a hard-coded version that a newer engine would reject.
// - A refresh is at most 4 calls: /info, then (manager only) /services?status=true, /tasks, /nodes in parallel.
// - Events: service and node (cluster, managers only) and container (this node only); newline-delimited JSON.
// - ssh:// (and anything the CLI can reach) goes through a `docker … system dial-stdio` child per connection.
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as https from 'node:https';
import { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { toModemOptions, type ResolvedConnection } from './connection';
import type { RawInfo, RawNode, RawService, RawSnapshot, RawTask } from './snapshot';

/** The newest API version this code was checked against; older daemons get their own (≥ 1.41 for ServiceStatus). */
export const MAX_API = '1.47';
const CALL_TIMEOUT_MS = 15_000;

export interface EngineVersion { apiVersion: string; daemonApiVersion: string; minApiVersion?: string; serverVersion?: string }

export interface EngineEvent {
  Type: string;
  Action: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  scope?: string;
  time?: number;
  timeNano?: number;
}

export interface EventSubscription { close(): void }

/** GET /services/{id} as `docker service inspect` shows it (Spec, PreviousSpec, Version, UpdateStatus…). */
export type ServiceInspect = RawService & { Spec?: Record<string, unknown> & RawService['Spec']; PreviousSpec?: Record<string, unknown> };
export type StackObjectKind = 'network' | 'secret' | 'config';
export interface LogOptions { follow?: boolean; tail?: number | 'all'; timestamps?: boolean; since?: number; details?: boolean }

export interface Engine {
  /** Negotiates the API version (one call). Must run before the others. */
  negotiate(): Promise<EngineVersion>;
  info(): Promise<RawInfo>;
  services(): Promise<RawService[]>;
  tasks(): Promise<RawTask[]>;
  nodes(): Promise<RawNode[]>;
  /** Streams events until close(); onEnd runs once when the stream ends or fails (not after close()). */
  events(onEvent: (e: EngineEvent) => void, onEnd: (err?: Error) => void): Promise<EventSubscription>;
  // ---- operations (rollout panel, tree commands) ----
  /** GET /services/{id}; insertDefaults fills in the engine's defaults as `docker service inspect` does. */
  inspectService(id: string, opts?: { insertDefaults?: boolean }): Promise<ServiceInspect>;
  /** POST /services/{id}/update?version=… (the version read with the spec); rollback: `?rollback=previous`. */
  updateService(id: string, version: number, spec: object, opts?: { rollback?: boolean }): Promise<{ Warnings?: string[] | null }>;
  removeService(id: string): Promise<void>;
  /** Networks, secrets and configs with the label com.docker.stack.namespace=<stack> (what `docker stack rm` removes). */
  stackObjects(stack: string): Promise<Array<{ kind: StackObjectKind; id: string; name: string }>>;
  removeObject(kind: StackObjectKind, id: string): Promise<void>;
  /** GET /services/{id}/logs or /tasks/{id}/logs: the raw stream (multiplexed unless the container has a TTY). */
  logs(target: { service: string } | { task: string }, opts: LogOptions, signal?: AbortSignal): Promise<NodeJS.ReadableStream>;
  /** API calls made so far (events subscriptions included). */
  readonly calls: number;
  dispose(): void;
}

export function compareApi(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
}

/** min(daemon, ours); the daemon's minimum wins if ours is older than it accepts. */
export function chooseApiVersion(daemon: string, min?: string, ours = MAX_API): string {
  let v = compareApi(daemon, ours) < 0 ? daemon : ours;
  if (min && compareApi(v, min) < 0) v = min;
  return v;
}

/** At most 4 calls: info, and on a manager services + tasks + nodes in parallel. */
export async function fetchRaw(engine: Engine): Promise<RawSnapshot> {
  const info = await engine.info();
  if (info.Swarm?.LocalNodeState !== 'active' || !info.Swarm.ControlAvailable) return { info };
  const [services, tasks, nodes] = await Promise.all([engine.services(), engine.tasks(), engine.nodes()]);
  return { info, services, tasks, nodes };
}

// ---------- dial-stdio bridge ----------

/** A socket made of a child process's stdin/stdout, with the Socket methods http.Agent calls. */
class ChildSocket extends Duplex {
  constructor(private readonly child: ChildProcess) {
    super();
    child.stdout!.on('data', (b: Buffer) => { if (!this.push(b)) child.stdout!.pause(); });
    child.stdout!.on('end', () => this.push(null));
    child.on('error', (e) => this.destroy(e));
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => { stderr = (stderr + b.toString()).slice(-2000); });
    child.on('exit', (code) => {
      if (code && !this.destroyed) this.destroy(new Error(`docker system dial-stdio exited ${code}: ${stderr.trim()}`));
    });
  }
  override _read(): void { this.child.stdout!.resume(); }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void { this.child.stdin!.write(chunk, cb); }
  override _final(cb: () => void): void { this.child.stdin!.end(); cb(); }
  override _destroy(err: Error | null, cb: (e: Error | null) => void): void {
    if (this.child.exitCode === null) this.child.kill();
    cb(err);
  }
  setKeepAlive(): this { return this; }
  setNoDelay(): this { return this; }
  setTimeout(): this { return this; }
  ref(): this { return this; }
  unref(): this { return this; }
}

export class DialStdioAgent extends http.Agent {
  /** Every bridge process still alive: http.Agent does not always hand back sockets it gave up on. */
  private readonly children = new Set<ChildProcess>();

  constructor(private readonly dockerBin: string, private readonly args: string[]) {
    super({ keepAlive: true, maxSockets: 6 });
  }
  override createConnection(): Duplex {
    const child = spawn(this.dockerBin, this.args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    this.children.add(child);
    child.on('exit', () => this.children.delete(child));
    return new ChildSocket(child);
  }
  override destroy(): void {
    super.destroy();
    for (const child of this.children) {
      child.stdin?.destroy();
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.kill();
    }
    this.children.clear();
  }
}

// ---------- dockerode ----------

/** dockerode's typings omit the options (abortSignal) that info() and version() accept. */
interface Loose { info(o: object): Promise<unknown>; version(o: object): Promise<unknown> }

export interface DockerodeEngineOptions {
  /** docker CLI used for dial-stdio (ssh). */
  dockerBin?: string;
  /** Bridge every connection through `docker system dial-stdio`, not only ssh (tests use it on a unix socket). */
  forceDialStdio?: boolean;
}

export class DockerodeEngine implements Engine {
  private docker: Docker;
  private count = 0;
  private agent: http.Agent | undefined;
  private readonly subs = new Set<AbortController>();
  apiVersion: string | undefined;

  constructor(readonly connection: ResolvedConnection, opts: DockerodeEngineOptions = {}) {
    const modem = toModemOptions(connection) as Record<string, unknown>;
    const dial = connection.dialStdio ?? (opts.forceDialStdio ? ['-H', connection.host, 'system', 'dial-stdio'] : undefined);
    if (dial) {
      this.agent = new DialStdioAgent(opts.dockerBin ?? 'docker', dial);
      Object.assign(modem, { socketPath: undefined, host: 'docker', port: undefined, protocol: 'http', agent: this.agent });
    } else if (connection.tls && !connection.tls.verify) {
      // SkipTLSVerify: TLS without checking the server certificate (docker-modem has no option of its own)
      this.agent = new https.Agent({ rejectUnauthorized: false, keepAlive: true });
      modem.agent = this.agent;
    }
    // loaded on first use, not at activation: requiring dockerode (ssh2, tar-fs, …) takes ~200 ms
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Dockerode = require('dockerode') as typeof Docker;
    this.docker = new Dockerode(modem as Docker.DockerOptions);
  }

  get calls(): number { return this.count; }

  async negotiate(): Promise<EngineVersion> {
    this.count++;
    (this.docker.modem as { version?: string }).version = undefined; // unversioned: every daemon answers
    const v = await (this.docker as unknown as Loose).version({ abortSignal: AbortSignal.timeout(CALL_TIMEOUT_MS) }) as Docker.DockerVersion;
    const daemon = v.ApiVersion;
    const chosen = chooseApiVersion(daemon, (v as { MinAPIVersion?: string }).MinAPIVersion);
    (this.docker.modem as { version?: string }).version = `v${chosen}`;
    this.apiVersion = chosen;
    return { apiVersion: chosen, daemonApiVersion: daemon, minApiVersion: (v as { MinAPIVersion?: string }).MinAPIVersion, serverVersion: v.Version };
  }

  async info(): Promise<RawInfo> {
    this.count++;
    return await (this.docker as unknown as Loose).info({ abortSignal: AbortSignal.timeout(CALL_TIMEOUT_MS) }) as RawInfo;
  }

  async services(): Promise<RawService[]> {
    this.count++;
    return await this.docker.listServices({ status: true, abortSignal: AbortSignal.timeout(CALL_TIMEOUT_MS) } as Docker.ServiceListOptions) as unknown as RawService[];
  }

  async tasks(): Promise<RawTask[]> {
    this.count++;
    return await this.docker.listTasks({ abortSignal: AbortSignal.timeout(CALL_TIMEOUT_MS) } as object) as RawTask[];
  }

  async nodes(): Promise<RawNode[]> {
    this.count++;
    return await this.docker.listNodes({ abortSignal: AbortSignal.timeout(CALL_TIMEOUT_MS) } as object) as RawNode[];
  }

  async events(onEvent: (e: EngineEvent) => void, onEnd: (err?: Error) => void): Promise<EventSubscription> {
    this.count++;
    const ac = new AbortController();
    this.subs.add(ac);
    const stream = await this.docker.getEvents({
      abortSignal: ac.signal,
      filters: {
        type: ['service', 'node', 'container'],
        // health checks make exec_* events every few seconds per container: only these actions matter here
        event: ['create', 'update', 'remove', 'start', 'die', 'health_status'],
      },
    } as object) as NodeJS.ReadableStream;
    let buf = '';
    let ended = false;
    const end = (err?: Error) => {
      if (ended) return;
      ended = true;
      this.subs.delete(ac);
      if (!ac.signal.aborted) onEnd(err);
    };
    stream.on('data', (chunk: Buffer | string) => {
      buf += chunk.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (!line) continue;
        try { onEvent(JSON.parse(line) as EngineEvent); } catch { /* a line that is not JSON: ignore */ }
      }
    });
    stream.on('end', () => end());
    stream.on('close', () => end());
    stream.on('error', (e: Error) => end(e));
    return {
      close: () => {
        ended = true;
        this.subs.delete(ac);
        ac.abort();
        (stream as unknown as { destroy?: () => void }).destroy?.();
      },
    };
  }

  /** One raw API call through docker-modem (options → query string; body only for POST). */
  private dial<T>(path: string, method: 'GET' | 'POST' | 'DELETE', query: Record<string, unknown>, extra: { body?: object; stream?: boolean; signal?: AbortSignal } = {}): Promise<T> {
    this.count++;
    return new Promise<T>((resolve, reject) => {
      const options: Record<string, unknown> = { _query: query };
      if (extra.body) options._body = extra.body;
      (this.docker.modem as unknown as { dial(o: object, cb: (e: Error | null, d: unknown) => void): void }).dial({
        path: `${path}?`,
        method,
        options: Object.keys(query).length || extra.body ? options : {},
        isStream: extra.stream ?? false,
        abortSignal: extra.signal ?? (extra.stream ? undefined : AbortSignal.timeout(CALL_TIMEOUT_MS)),
        statusCodes: { 200: true, 201: true, 204: true, 304: true, 400: 'bad parameter', 404: 'no such object', 409: 'conflict', 500: 'server error', 503: 'node is not part of a swarm' },
      }, (err, data) => (err ? reject(err) : resolve(data as T)));
    });
  }

  async inspectService(id: string, opts: { insertDefaults?: boolean } = {}): Promise<ServiceInspect> {
    return this.dial<ServiceInspect>(`/services/${encodeURIComponent(id)}`, 'GET', opts.insertDefaults ? { insertDefaults: true } : {});
  }

  async updateService(id: string, version: number, spec: object, opts: { rollback?: boolean } = {}): Promise<{ Warnings?: string[] | null }> {
    const query: Record<string, unknown> = { version };
    if (opts.rollback) query.rollback = 'previous';
    return (await this.dial<{ Warnings?: string[] | null } | undefined>(`/services/${encodeURIComponent(id)}/update`, 'POST', query, { body: spec })) ?? {};
  }

  async removeService(id: string): Promise<void> {
    await this.dial(`/services/${encodeURIComponent(id)}`, 'DELETE', {});
  }

  async stackObjects(stack: string): Promise<Array<{ kind: StackObjectKind; id: string; name: string }>> {
    const filters = JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] });
    const kinds: Array<[StackObjectKind, string]> = [['network', '/networks'], ['secret', '/secrets'], ['config', '/configs']];
    const lists = await Promise.all(kinds.map(([kind, p]) =>
      this.dial<Array<{ Id?: string; ID?: string; Name?: string; Spec?: { Name?: string } }>>(p, 'GET', { filters })
        .then((l) => (l ?? []).map((o) => ({ kind, id: o.Id ?? o.ID ?? '', name: o.Name ?? o.Spec?.Name ?? '' })))));
    return lists.flat();
  }

  async removeObject(kind: StackObjectKind, id: string): Promise<void> {
    await this.dial(`/${kind}s/${encodeURIComponent(id)}`, 'DELETE', {});
  }

  async logs(target: { service: string } | { task: string }, opts: LogOptions, signal?: AbortSignal): Promise<NodeJS.ReadableStream> {
    const path = 'service' in target ? `/services/${encodeURIComponent(target.service)}/logs` : `/tasks/${encodeURIComponent(target.task)}/logs`;
    const query: Record<string, unknown> = {
      stdout: true, stderr: true, follow: opts.follow ?? false, timestamps: opts.timestamps ?? false,
      details: opts.details ?? false, tail: String(opts.tail ?? 200),
    };
    if (opts.since) query.since = Math.floor(opts.since / 1000);
    return this.dial<NodeJS.ReadableStream>(path, 'GET', query, { stream: true, signal });
  }

  dispose(): void {
    for (const ac of this.subs) ac.abort();
    this.subs.clear();
    this.agent?.destroy();
  }
}
