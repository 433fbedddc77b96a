// Shared by the Swarm-view engine tests, the lab test and the bench: the docker CLI with argument arrays,
// polling with a deadline, the local engine through our own Engine, and snapshot recording.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { resolveConnection, type ResolvedConnection } from '../../client/src/engine/connection';
import { DockerodeEngine, fetchRaw } from '../../client/src/engine/engine';
import { buildSnapshot, findService, type RawSnapshot, type ServiceModel, type SwarmSnapshot } from '../../client/src/engine/snapshot';

const run = promisify(execFile);
export const REPO = path.resolve(__dirname, '..', '..');
export const IMAGE = 'swarm-rollout/numbers-api';
export const SNAPSHOT_DIR = path.join(REPO, 'test', 'fixtures', 'snapshots');

export async function docker(args: string[], host?: string, timeout = 60_000): Promise<string> {
  const { stdout } = await run('docker', host ? ['-H', host, ...args] : args, { timeout, maxBuffer: 64 << 20 });
  return stdout;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined | false>, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) { lastErr = e; }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${lastErr ? ` (last error: ${(lastErr as Error).message})` : ''}`);
    await sleep(everyMs);
  }
}

/** The local engine (unix socket) unless a host is given; the connection resolved as the extension does. */
export function localConnection(host = 'unix:///var/run/docker.sock'): ResolvedConnection {
  return resolveConnection({ env: {}, homeDir: os.tmpdir(), settings: { host } });
}

export class ModelProbe {
  readonly engine: DockerodeEngine;
  lastRaw: RawSnapshot | undefined;
  lastCalls = 0;
  constructor(conn: ResolvedConnection = localConnection()) { this.engine = new DockerodeEngine(conn); }
  async init(): Promise<this> { await this.engine.negotiate(); return this; }
  async snapshot(): Promise<SwarmSnapshot> {
    const c0 = this.engine.calls;
    this.lastRaw = await fetchRaw(this.engine);
    this.lastCalls = this.engine.calls - c0;
    return buildSnapshot(this.lastRaw, Date.now());
  }
  async service(name: string): Promise<ServiceModel | undefined> {
    return findService(await this.snapshot(), name);
  }
  /** Writes the last raw snapshot to test/fixtures/snapshots/<name>.json when RECORD_SNAPSHOTS=1. */
  record(name: string): void {
    if (process.env.RECORD_SNAPSHOTS !== '1' || !this.lastRaw) return;
    fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
    const file = path.join(SNAPSHOT_DIR, `${name}.json`);
    fs.writeFileSync(file, `${JSON.stringify({ recordedAt: Date.now(), apiVersion: this.engine.apiVersion, raw: this.lastRaw }, null, 1)}\n`);
    console.log(`      recorded ${path.relative(REPO, file)}`);
  }
  dispose(): void { this.engine.dispose(); }
}

/** [ok, why] for the local engine: CLI present, engine reachable, swarm manager, numbers-api images. */
export async function localSwarmPrereqs(): Promise<[boolean, string]> {
  try {
    await docker(['version', '--format', '{{.Client.Version}}']);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [false, 'no docker CLI on PATH (npm run setup)'];
  }
  let state = '';
  try {
    state = (await docker(['info', '--format', '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}'])).trim();
  } catch (e) {
    return [false, `Docker engine not reachable (${(e as Error).message.split('\n')[0]}); run npm run setup`];
  }
  if (state !== 'active true') return [false, `the engine is not a swarm manager (${state}); npm run setup runs docker swarm init`];
  for (const tag of ['v1', 'v2', 'v3']) {
    try { await docker(['image', 'inspect', '--format', '{{.Id}}', `${IMAGE}:${tag}`]); } catch { return [false, `image ${IMAGE}:${tag} missing (npm run images)`]; }
  }
  return [true, ''];
}

export async function removeStackAndWait(stack: string, host?: string): Promise<void> {
  await docker(['stack', 'rm', stack], host).catch(() => undefined);
  await waitFor(`stack ${stack} to be gone`, 60_000, async () => {
    const left = await docker(['ps', '-aq', '--filter', `label=com.docker.stack.namespace=${stack}`], host);
    const svcs = await docker(['service', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`], host);
    const nets = await docker(['network', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`], host);
    return !left.trim() && !svcs.trim() && !nets.trim();
  }, 500);
}
