// npm run bench:engine — the Swarm view's refresh on the real local engine, at size.
//  1. creates SERVICES services (default 100) × REPLICAS replicas (default 3) of swarm-rollout/numbers-api:v1
//     (`docker service create -d --no-resolve-image`, no network, no published port), labelled as stack "srbench";
//  2. refresh: API calls and ms per refresh (fetch = /info + /services?status=true + /tasks + /nodes, then the pure
//     model), repeated ROUNDS times;
//  3. event → model: a SwarmWatcher (the view's refresher, default debounce) is running; each round scales one
//     service (3 ↔ 4) with the CLI; we time (a) from the engine's `service update` event (its timeNano) and
//     (b) from the CLI call, to the snapshot that shows the new desired count — the moment the tree's
//     onDidChangeTreeData fires (the repaint inside VS Code is not included);
//  4. removes everything it created (also on failure / Ctrl-C).
// Writes bench/out/engine.json and prints a Markdown table. Bar: event → tree under 500 ms.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { resolveConnection } from '../client/src/engine/connection';
import { DockerodeEngine, fetchRaw, type EngineEvent } from '../client/src/engine/engine';
import { buildSnapshot, type SwarmSnapshot } from '../client/src/engine/snapshot';
import { SwarmWatcher } from '../client/src/views/refresh';

const run = promisify(execFile);
const SERVICES = Number(process.env.SERVICES ?? 100);
const REPLICAS = Number(process.env.REPLICAS ?? 3);
const ROUNDS = Number(process.env.ROUNDS ?? 20);
const STACK = 'srbench';
const IMAGE = 'swarm-rollout/numbers-api:v1';
const OUT = path.join(__dirname, 'out', 'engine.json');
const HOST = process.env.BENCH_DOCKER_HOST ?? 'unix:///var/run/docker.sock';

const docker = async (args: string[], timeout = 120_000) => (await run('docker', ['-H', HOST, ...args], { timeout, maxBuffer: 64 << 20 })).stdout;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, min: s[0], median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
};
const fmt = (x: { median: number; p95: number; max: number }) => `${x.median.toFixed(0)} / ${x.p95.toFixed(0)} / ${x.max.toFixed(0)}`;

async function cleanup(): Promise<void> {
  const ids = (await docker(['service', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${STACK}`])).trim().split('\n').filter(Boolean);
  for (let i = 0; i < ids.length; i += 50) await docker(['service', 'rm', ...ids.slice(i, i + 50)]);
  const t0 = Date.now();
  while (Date.now() - t0 < 180_000) {
    const left = (await docker(['ps', '-aq', '--filter', `label=com.docker.stack.namespace=${STACK}`])).trim();
    if (!left) break;
    await sleep(1000);
  }
}

async function main(): Promise<void> {
  const conn = resolveConnection({ env: {}, homeDir: os.tmpdir(), settings: { host: HOST } });
  const engine = new DockerodeEngine(conn);
  const version = await engine.negotiate();
  const info = await engine.info();
  if (!info.Swarm?.ControlAvailable) throw new Error('the engine is not a swarm manager (npm run setup)');
  await docker(['image', 'inspect', '-f', '{{.Id}}', IMAGE]).catch(() => { throw new Error(`${IMAGE} missing (npm run images)`); });
  console.log(`engine ${info.ServerVersion}, API ${version.apiVersion}; ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  await cleanup();

  // 1. create
  const t0 = Date.now();
  const names = Array.from({ length: SERVICES }, (_, i) => `${STACK}_svc${String(i).padStart(3, '0')}`);
  const queue = [...names];
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let n = queue.shift(); n; n = queue.shift()) {
      await docker(['service', 'create', '-d', '--quiet', '--no-resolve-image', '--name', n, '--replicas', String(REPLICAS),
        '--label', `com.docker.stack.namespace=${STACK}`, '--stop-grace-period', '1s', IMAGE]);
    }
  }));
  const created = Date.now() - t0;
  const snap = async (): Promise<SwarmSnapshot> => buildSnapshot(await fetchRaw(engine), Date.now());
  let s = await snap();
  const want = SERVICES * REPLICAS;
  let lastPrint = 0;
  const deadline = Date.now() + 600_000;
  const running = (x: SwarmSnapshot) => x.stacks.find((st) => st.name === STACK)?.running ?? 0;
  while (running(s) < want && Date.now() < deadline) {
    if (Date.now() - lastPrint > 10_000) { console.log(`  … ${running(s)}/${want} tasks running after ${((Date.now() - t0) / 1000).toFixed(0)} s`); lastPrint = Date.now(); }
    await sleep(1000);
    s = await snap();
  }
  const converged = Date.now() - t0;
  console.log(`created ${SERVICES} services in ${(created / 1000).toFixed(1)} s; ${running(s)}/${want} tasks running after ${(converged / 1000).toFixed(1)} s`);

  // 2. refresh cost
  const fetchMs: number[] = [];
  const buildMs: number[] = [];
  const calls: number[] = [];
  let bytes = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const c0 = engine.calls;
    const a = performance.now();
    const raw = await fetchRaw(engine);
    const b = performance.now();
    s = buildSnapshot(raw, Date.now());
    const c = performance.now();
    fetchMs.push(b - a); buildMs.push(c - b); calls.push(engine.calls - c0);
    bytes = JSON.stringify(raw).length;
  }
  const totalMs = fetchMs.map((f, i) => f + buildMs[i]);
  console.log(`refresh: ${s.counts.services} services, ${s.counts.tasks} tasks, ${s.counts.nodes} node(s); ${(bytes / 1024).toFixed(0)} KiB of JSON`);

  // 3. event → model
  const watcher = new SwarmWatcher(() => new DockerodeEngine(conn));
  const events: EngineEvent[] = [];
  watcher.onEvent((e) => events.push(e));
  watcher.start();
  while (watcher.current.kind !== 'ok') await sleep(50);
  // let the creation's convergence polling settle
  await sleep(1500);
  const fromEvent: number[] = [];
  const fromCli: number[] = [];
  const target = names[0];
  for (let i = 0; i < ROUNDS; i++) {
    const replicas = i % 2 === 0 ? REPLICAS + 1 : REPLICAS;
    const seen = new Promise<number>((resolve) => {
      const check = () => {
        const st = watcher.current;
        if (st.kind !== 'ok') return false;
        const svc = st.snapshot.stacks.find((x) => x.name === STACK)?.services.find((x) => x.name === target);
        return svc?.desired === replicas;
      };
      const d = watcher.onChange(() => { if (check()) { d.dispose(); resolve(Date.now()); } });
    });
    const e0 = events.length;
    const tCli = Date.now();
    await docker(['service', 'scale', '-d', `${target}=${replicas}`]);
    const tModel = await Promise.race([seen, sleep(10_000).then(() => NaN)]);
    const ev = events.slice(e0).find((e) => e.Type === 'service' && e.Action === 'update' && e.Actor?.Attributes?.name === target);
    if (!Number.isNaN(tModel)) {
      fromCli.push(tModel - tCli);
      if (ev?.timeNano) fromEvent.push(tModel - ev.timeNano / 1e6);
    }
    await sleep(300);
  }
  watcher.stop();
  engine.dispose();

  const result = {
    when: new Date().toISOString(),
    machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, load: os.loadavg() },
    engine: { version: info.ServerVersion, api: version.apiVersion },
    size: { services: s.counts.services, tasks: s.counts.tasks, nodes: s.counts.nodes, jsonBytes: bytes, requested: { services: SERVICES, replicas: REPLICAS } },
    setup: { createMs: created, allRunningMs: converged, running: running(s) },
    refresh: { calls: stats(calls), fetchMs: stats(fetchMs), buildMs: stats(buildMs), totalMs: stats(totalMs) },
    eventToModel: { fromEventMs: stats(fromEvent), fromCliMs: stats(fromCli), debounceMs: 150 },
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
  const ok = fromEvent.length > 0 && result.eventToModel.fromEventMs.p95 < 500;
  console.log(`
| ${s.counts.services} services, ${s.counts.tasks} tasks (${(bytes / 1024).toFixed(0)} KiB JSON) | median / p95 / max |
|---|---|
| API calls per refresh | ${fmt(result.refresh.calls)} |
| refresh: fetch (ms) | ${fmt(result.refresh.fetchMs)} |
| refresh: build the model (ms) | ${fmt(result.refresh.buildMs)} |
| refresh: total (ms) | ${fmt(result.refresh.totalMs)} |
| engine event → model/tree update (ms), n=${fromEvent.length} | ${fromEvent.length ? fmt(result.eventToModel.fromEventMs) : 'n/a'} |
| CLI \`service scale\` → model/tree update (ms), n=${fromCli.length} | ${fromCli.length ? fmt(result.eventToModel.fromCliMs) : 'n/a'} |

bar: event → tree under 500 ms (p95): ${ok ? 'met' : 'NOT met'}   (written to ${path.relative(process.cwd(), OUT)})`);
  if (!ok) process.exitCode = 1;
}

let cleaning = false;
const finish = async () => {
  if (cleaning) return;
  cleaning = true;
  const t = Date.now();
  await cleanup().catch((e: Error) => console.error(`cleanup failed: ${e.message}`));
  console.log(`cleaned up in ${((Date.now() - t) / 1000).toFixed(1)} s`);
};
process.on('SIGINT', () => { void finish().then(() => process.exit(130)); });
main().catch((e: Error) => { console.error(e.stack ?? e.message); process.exitCode = 1; }).finally(finish);
