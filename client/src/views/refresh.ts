// Keeps a SwarmSnapshot fresh. No vscode import: the tree, the status bar, the engine tests and the bench share it.
//  - refresh on Engine events (service, node; container events of this node's task containers), debounced
//    (leading edge: a lone event refreshes at once, a burst ends in one trailing refresh);
//  - poll while something converges (the engine emits no task events), and a slow safety poll otherwise;
//  - when Docker is unreachable or the event stream ends (daemon restart), retry with backoff, then resubscribe;
//  - at most 4 API calls per refresh (engine.fetchRaw); refreshes never overlap (one queued at most).
import { fetchRaw, type Engine, type EngineEvent, type EngineVersion, type EventSubscription } from '../engine/engine';
import { buildSnapshot, type SwarmSnapshot } from '../engine/snapshot';

export type WatchState =
  | { kind: 'idle' }
  | { kind: 'connecting' }
  | { kind: 'ok'; snapshot: SwarmSnapshot; version: EngineVersion }
  | { kind: 'unreachable'; error: string; retryInMs: number; lastSnapshot?: SwarmSnapshot };

export interface WatcherOptions {
  /** Trailing debounce after an event (ms). */
  debounceMs?: number;
  /** Poll interval while a service converges (ms). */
  convergePollMs?: number;
  /** Safety poll when nothing converges (ms); 0 = none. */
  idlePollMs?: number;
  /** Backoff bounds for reconnecting (ms). */
  retryMinMs?: number;
  retryMaxMs?: number;
  now?: () => number;
}

export interface RefreshStats {
  refreshes: number;
  lastRefreshMs: number;
  lastCalls: number;
  /** Engine event that triggered the last refresh: its timeNano (ms) and when the new snapshot was out. */
  lastEventLatencyMs?: number;
}

type Listener = (state: WatchState) => void;

export class SwarmWatcher {
  private state: WatchState = { kind: 'idle' };
  private listeners = new Set<Listener>();
  private eventListeners = new Set<(e: EngineEvent) => void>();
  private engine: Engine | undefined;
  private version: EngineVersion | undefined;
  private sub: EventSubscription | undefined;
  private running = false;
  private debounceTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs: number;
  private inFlight: Promise<void> | undefined;
  private queued = false;
  /** Oldest event waiting for a refresh (ms since the epoch, from the event's timeNano). */
  private pendingEventAt: number | undefined;
  private lastRefreshStart = 0;
  private readonly o: Required<WatcherOptions>;
  readonly stats: RefreshStats = { refreshes: 0, lastRefreshMs: 0, lastCalls: 0 };

  constructor(private readonly makeEngine: () => Engine, opts: WatcherOptions = {}) {
    this.o = {
      debounceMs: opts.debounceMs ?? 150,
      convergePollMs: opts.convergePollMs ?? 1000,
      idlePollMs: opts.idlePollMs ?? 60_000,
      retryMinMs: opts.retryMinMs ?? 1000,
      retryMaxMs: opts.retryMaxMs ?? 15_000,
      now: opts.now ?? Date.now,
    };
    this.retryMs = this.o.retryMinMs;
  }

  get current(): WatchState { return this.state; }
  get snapshot(): SwarmSnapshot | undefined {
    return this.state.kind === 'ok' ? this.state.snapshot : this.state.kind === 'unreachable' ? this.state.lastSnapshot : undefined;
  }
  get isRunning(): boolean { return this.running; }

  onChange(l: Listener): { dispose(): void } {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  }

  /** Every engine event received (for tests and the bench). */
  onEvent(l: (e: EngineEvent) => void): { dispose(): void } {
    this.eventListeners.add(l);
    return { dispose: () => this.eventListeners.delete(l) };
  }

  /** Starts watching (idempotent). The first Docker call happens here, not before. */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  /** Stops events, polls and retries; keeps the last snapshot. */
  stop(): void {
    this.running = false;
    this.clearTimers();
    this.sub?.close();
    this.sub = undefined;
    this.engine?.dispose();
    this.engine = undefined;
    this.version = undefined;
  }

  /** Drops the connection and connects again (settings or context changed, or the user asked). */
  reconnect(): void {
    const was = this.running;
    this.stop();
    if (was || this.state.kind !== 'idle') { this.running = true; this.retryMs = this.o.retryMinMs; void this.connect(); }
  }

  /** A refresh now (skipping the debounce); resolves when the snapshot is out. */
  async refreshNow(): Promise<void> {
    if (!this.running) this.start();
    if (!this.engine || !this.version) { await this.whenSettled(); return; }
    await this.refresh();
  }

  private whenSettled(): Promise<void> {
    return new Promise((resolve) => {
      const d = this.onChange((s) => { if (s.kind === 'ok' || s.kind === 'unreachable') { d.dispose(); resolve(); } });
    });
  }

  private set(s: WatchState): void {
    this.state = s;
    for (const l of [...this.listeners]) {
      try { l(s); } catch { /* a listener's failure must not stop the others */ }
    }
  }

  private clearTimers(): void {
    clearTimeout(this.debounceTimer);
    clearTimeout(this.pollTimer);
    clearTimeout(this.retryTimer);
    this.debounceTimer = this.pollTimer = this.retryTimer = undefined;
  }

  private async connect(): Promise<void> {
    if (!this.running) return;
    if (this.state.kind !== 'ok') this.set(this.state.kind === 'unreachable' ? this.state : { kind: 'connecting' });
    let engine: Engine | undefined;
    try {
      engine = this.makeEngine();
      this.engine = engine;
      this.version = await engine.negotiate();
      if (!this.running || this.engine !== engine) return;
      this.sub = await engine.events((e) => this.handleEvent(e), (err) => this.streamEnded(engine!, err));
      if (!this.running || this.engine !== engine) { this.sub.close(); return; }
      this.retryMs = this.o.retryMinMs;
      await this.refresh();
    } catch (e) {
      if (this.engine === engine) this.fail(e);
    }
  }

  private handleEvent(e: EngineEvent): void {
    for (const l of this.eventListeners) l(e);
    // container events: only task containers matter (this node's share of the swarm)
    if (e.Type === 'container' && !e.Actor?.Attributes?.['com.docker.swarm.task.id']) return;
    const at = e.timeNano ? e.timeNano / 1e6 : e.time ? e.time * 1000 : this.o.now();
    if (this.pendingEventAt === undefined) this.pendingEventAt = at;
    // leading edge: a lone event refreshes at once; events right after it (a stack deploy sends a burst)
    // are coalesced into one trailing refresh
    const quiet = this.o.now() - this.lastRefreshStart >= this.o.debounceMs;
    if (!this.debounceTimer && quiet) { void this.refresh(); return; }
    clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => { this.debounceTimer = undefined; void this.refresh(); }, this.o.debounceMs);
  }

  private streamEnded(engine: Engine, err?: Error): void {
    if (!this.running || this.engine !== engine) return;
    // the daemon went away (restart, crash) or the connection broke: reconnect
    this.fail(err ?? new Error('the Docker event stream ended (daemon restarted?)'));
  }

  private fail(e: unknown): void {
    this.sub?.close();
    this.sub = undefined;
    this.engine?.dispose();
    this.engine = undefined;
    this.version = undefined;
    this.clearTimers();
    if (!this.running) return;
    const retryInMs = this.retryMs;
    this.retryMs = Math.min(this.o.retryMaxMs, this.retryMs * 2);
    this.set({ kind: 'unreachable', error: errorText(e), retryInMs, lastSnapshot: this.snapshot });
    this.retryTimer = setTimeout(() => { this.retryTimer = undefined; void this.connect(); }, retryInMs);
  }

  private async refresh(): Promise<void> {
    if (this.inFlight) { this.queued = true; return this.inFlight; }
    const engine = this.engine;
    const version = this.version;
    if (!engine || !version) return;
    const eventAt = this.pendingEventAt;
    this.pendingEventAt = undefined;
    this.lastRefreshStart = this.o.now();
    const run = (async () => {
      const t0 = this.o.now();
      const calls0 = engine.calls;
      try {
        const raw = await fetchRaw(engine);
        if (this.engine !== engine) return;
        const snapshot = buildSnapshot(raw, this.o.now());
        this.stats.refreshes++;
        this.stats.lastCalls = engine.calls - calls0;
        this.stats.lastRefreshMs = this.o.now() - t0;
        if (eventAt !== undefined) this.stats.lastEventLatencyMs = this.o.now() - eventAt;
        this.set({ kind: 'ok', snapshot, version });
        this.schedulePoll(snapshot);
      } catch (e) {
        if (this.engine === engine) this.fail(e);
      }
    })();
    this.inFlight = run;
    try { await run; } finally {
      this.inFlight = undefined;
      if (this.queued) { this.queued = false; void this.refresh(); }
    }
  }

  private schedulePoll(s: SwarmSnapshot): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    if (!this.running) return;
    // not a manager (or no swarm): no cluster events announce a `swarm init`/promotion, so look more often
    const idle = s.role === 'manager' ? this.o.idlePollMs : Math.min(this.o.idlePollMs || 10_000, 10_000);
    const ms = s.converging ? this.o.convergePollMs : idle;
    if (ms > 0) this.pollTimer = setTimeout(() => { this.pollTimer = undefined; void this.refresh(); }, ms);
  }
}

export function errorText(e: unknown): string {
  const err = e as { code?: string; message?: string; address?: string };
  if (err?.code === 'ECONNREFUSED' || err?.code === 'ENOENT') return `cannot connect to the Docker engine (${err.code}${err.address ? ` ${err.address}` : ''})`;
  if (err?.code === 'EACCES') return `permission denied on the Docker socket${err.address ? ` ${err.address}` : ''}`;
  return (err?.message ?? String(e)).split('\n')[0];
}
