// Validation runs in a worker thread, so the server answers completion, hover and every other request while a
// large file is being checked. At most one check runs at a time; while it runs, each document keeps only its
// newest pending text, so a newer edit replaces (cancels) an older one that has not started, and a result for a
// version that is no longer current is dropped by the caller. The worker keeps each open document's per-service
// findings (core ServiceCache), so after an edit a big file re-checks only the services whose text changed.
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { ServiceCache, validate, type Finding, type Settings } from '../core';

export interface ValidateJob {
  uri: string;
  version: number;
  text: string;
  settings: Settings;
}

export interface ValidateResult {
  uri: string;
  version: number;
  findings: Finding[];
  /** Set when the check itself failed (a bug): the caller logs it and publishes nothing. */
  error?: string;
}

const ROLE = 'swarm-rollout-validator';

/** True inside the worker: main.ts then runs the worker loop instead of a server. */
export function isValidatorWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | undefined)?.role === ROLE;
}

/** Open documents whose services' findings are kept between checks (each cache holds one version of one file). */
const CACHED_DOCUMENTS = 8;

export function runValidatorWorker(): void {
  const caches = new Map<string, ServiceCache>();
  /** The document's cache, most recently used last; the least recently checked document's is dropped. */
  const cacheFor = (uri: string): ServiceCache => {
    const cache = caches.get(uri) ?? new ServiceCache();
    caches.delete(uri);
    caches.set(uri, cache);
    if (caches.size > CACHED_DOCUMENTS) caches.delete(caches.keys().next().value!);
    return cache;
  };
  parentPort!.on('message', (job: ValidateJob) => {
    let result: ValidateResult;
    try {
      result = { uri: job.uri, version: job.version, findings: validate(job.text, job.settings, undefined, { cache: cacheFor(job.uri) }).findings };
    } catch (e) {
      result = { uri: job.uri, version: job.version, findings: [], error: String((e as Error).stack ?? e) };
    }
    parentPort!.postMessage(result);
  });
}

export class Validator {
  private worker: Worker | undefined;
  private running: ValidateJob | undefined;
  private readonly pending = new Map<string, ValidateJob>();
  private disposed = false;

  constructor(
    /** The file to start as the worker: the server bundle itself. */
    private readonly script: string,
    private readonly onResult: (r: ValidateResult) => void,
    private readonly log: (message: string) => void,
  ) {}

  submit(job: ValidateJob): void {
    this.pending.set(job.uri, job);
    this.pump();
  }

  cancel(uri: string): void {
    this.pending.delete(uri);
  }

  dispose(): void {
    this.disposed = true;
    this.pending.clear();
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const next = this.pending.entries().next();
    if (next.done) return;
    const [uri, job] = next.value;
    this.pending.delete(uri);
    this.running = job;
    try {
      this.ensureWorker().postMessage(job);
    } catch (e) {
      // No worker (a host that forbids threads): check inline rather than not at all.
      this.log(`validator worker unavailable, checking in the main thread: ${String(e)}`);
      this.running = undefined;
      this.onResult({ uri: job.uri, version: job.version, findings: validate(job.text, job.settings).findings });
      this.pump();
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.script, { workerData: { role: ROLE } });
    w.on('message', (r: ValidateResult) => {
      this.running = undefined;
      if (r.error) this.log(`validation of ${r.uri} failed: ${r.error}`);
      else this.onResult(r);
      this.pump();
    });
    w.on('error', (e) => this.log(`validator worker error: ${String(e)}`));
    w.on('exit', (code) => {
      if (this.worker !== w) return;
      this.worker = undefined;
      const lost = this.running;
      this.running = undefined;
      if (this.disposed) return;
      this.log(`validator worker exited (code ${code}); starting a new one`);
      // The text that was being checked is checked again, unless a newer one is already waiting.
      if (lost && !this.pending.has(lost.uri)) this.pending.set(lost.uri, lost);
      this.pump();
    });
    w.unref();
    this.worker = w;
    return w;
  }
}
