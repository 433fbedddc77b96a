// Service and task logs: the engine's multiplexed stream → lines (no vscode here; the terminal is in commands.ts).
// Without a TTY, /services/{id}/logs and /tasks/{id}/logs send frames: an 8-byte header [stream, 0, 0, 0, size
// (uint32 big-endian)] then `size` bytes (stream 1 = stdout, 2 = stderr). With a TTY the stream is raw text.
// Frames and lines can be split anywhere across chunks, so both are buffered.
import type { Engine, LogOptions } from '../engine/engine';

export type LogStream = 'stdout' | 'stderr';
export interface LogLine { stream: LogStream; text: string }

export class LogDemuxer {
  private buf: Buffer = Buffer.alloc(0);
  private raw: boolean | undefined;
  private readonly partial: Record<LogStream, string> = { stdout: '', stderr: '' };

  constructor(private readonly onLine: (l: LogLine) => void) {}

  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    if (this.raw === undefined && this.buf.length > 0) {
      // a multiplexed stream starts with 0, 1 or 2 followed by three zero bytes
      if (this.buf.length < 4) { if (this.buf[0] > 2) this.raw = true; else return; }
      else this.raw = !(this.buf[0] <= 2 && this.buf[1] === 0 && this.buf[2] === 0 && this.buf[3] === 0);
    }
    if (this.raw) { this.text('stdout', this.buf.toString('utf8')); this.buf = Buffer.alloc(0); return; }
    while (this.buf.length >= 8) {
      const size = this.buf.readUInt32BE(4);
      if (this.buf.length < 8 + size) break;
      const stream: LogStream = this.buf[0] === 2 ? 'stderr' : 'stdout';
      this.text(stream, this.buf.subarray(8, 8 + size).toString('utf8'));
      this.buf = this.buf.subarray(8 + size);
    }
  }

  /** Flushes the last partial lines (stream ended). */
  end(): void {
    for (const s of ['stdout', 'stderr'] as const) {
      if (this.partial[s]) { this.onLine({ stream: s, text: this.partial[s] }); this.partial[s] = ''; }
    }
  }

  private text(stream: LogStream, s: string): void {
    const all = this.partial[stream] + s;
    const lines = all.split('\n');
    this.partial[stream] = lines.pop() ?? '';
    for (const l of lines) this.onLine({ stream, text: l.replace(/\r$/, '') });
  }
}

/** With details=true each line starts "com.docker.swarm.node.id=…,com.docker.swarm.service.id=…,com.docker.swarm.task.id=… ".
 * Returns the task id and the message; `names` maps a task id to "numbers-api.2@node" (as `docker service logs`). */
export function splitDetails(text: string): { taskId?: string; nodeId?: string; message: string } {
  const m = /^((?:[\w.-]+=[^, ]*,?)+) (.*)$/s.exec(text);
  if (!m || !m[1].includes('com.docker.swarm.')) return { message: text };
  const attrs = new Map(m[1].split(',').filter(Boolean).map((kv) => { const i = kv.indexOf('='); return [kv.slice(0, i), kv.slice(i + 1)] as [string, string]; }));
  return { taskId: attrs.get('com.docker.swarm.task.id'), nodeId: attrs.get('com.docker.swarm.node.id'), message: m[2] };
}

export function formatLogLine(l: LogLine, names: (taskId: string) => string | undefined): string {
  const d = splitDetails(l.text);
  const who = d.taskId ? names(d.taskId) ?? d.taskId.slice(0, 12) : undefined;
  return who ? `${who} | ${d.message}` : d.message;
}

export interface LogFollower { done: Promise<void>; stop(): void }

/** Streams logs line by line until the stream ends or stop(). */
export async function followLogs(engine: Engine, target: { service: string } | { task: string }, opts: LogOptions,
  onLine: (l: LogLine) => void): Promise<LogFollower> {
  const ac = new AbortController();
  const stream = await engine.logs(target, { details: true, ...opts }, ac.signal);
  const demux = new LogDemuxer(onLine);
  const done = new Promise<void>((resolve, reject) => {
    stream.on('data', (c: Buffer | string) => demux.push(typeof c === 'string' ? Buffer.from(c) : c));
    stream.on('end', () => { demux.end(); resolve(); });
    stream.on('close', () => { demux.end(); resolve(); });
    stream.on('error', (e: Error) => { demux.end(); if (ac.signal.aborted) resolve(); else reject(e); });
  });
  return {
    done,
    stop: () => { ac.abort(); (stream as unknown as { destroy?: () => void }).destroy?.(); },
  };
}
