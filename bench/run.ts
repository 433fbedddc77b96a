// `npm run bench`: our core and our language server against yaml-language-server + the compose schema,
// side by side, on generated stack files of 50, 500 and 2,000 services. See bench/README.md for what each
// number means. Prints a Markdown table and writes bench/out/results.json.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { loadCore } from './core';
import { generateStack, lineOf, middleService, withMergedDefaults, type GeneratedStack } from './generate';
import { BenchClient, sleep, type Publish, type ServerSpec } from './lsp-client';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'bench', 'out');
const SIZES = [50, 500, 2000];
const SERVER_BUNDLE = path.join(ROOT, 'server', 'out', 'server.js');
const YAML_LS = path.join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
const SCHEMA = path.join(ROOT, 'bench', 'peers', 'compose-spec.json');

/** Bounds. The whole run must stay well under 3 minutes on a 2-core machine. */
const INIT_TIMEOUT_MS = 20_000;
const DIAGNOSTICS_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 20_000;
const WATCHDOG_MS = 175_000;
/** A document counts as settled when no publish for it came for this long (yaml-language-server debounces 200 ms). */
const QUIET_MS = 400;
const CHANGE_RUNS = 5;
const REQUEST_RUNS = 5;
const CORE_WARMUP = 3;
const CORE_RUNS: Record<number, number> = { 50: 30, 500: 15, 2000: 15 };

type Ms = number | null;

interface CoreResult {
  services: number;
  /** How the row is named in the table (the generated file, or a variant of it). */
  label: string;
  coldMs: Ms;
  warmMedianMs: number;
  warmMinMs: number;
  warmRuns: number;
  findings: number;
}

interface ServerResult {
  services: number;
  initializeMs: number;
  openMs: Ms;
  openPublishes: number;
  openDiagnostics: number;
  changeMs: Ms;
  changeSamples: number[];
  changeDiagnostics: number;
  hoverMs: Ms;
  hoverFirstMs: Ms;
  hoverSamples: number[];
  hoverChars: number | null;
  /** The start of the last hover text and the first completion labels: proof the peer used the schema. */
  hoverPreview: string | null;
  completionLabels: string[];
  completionMs: Ms;
  completionFirstMs: Ms;
  completionSamples: number[];
  completionItems: number | null;
  errors: string[];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const live = new Set<BenchClient>();

function killAll(): void {
  for (const c of live) c.proc.kill('SIGKILL');
}

// ---------------------------------------------------------------- core

function coreCold(services: number): Ms {
  // A fresh process per size, so "cold" means the first validate() with nothing JIT-compiled yet.
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'core-cold.ts'), String(services)], {
      cwd: ROOT,
      timeout: 30_000,
      encoding: 'utf8',
    });
    return (JSON.parse(out.trim().split('\n').pop()!) as { coldMs: number }).coldMs;
  } catch (e) {
    console.error(`core cold run for ${services} services failed: ${(e as Error).message}`);
    return null;
  }
}

function benchCore(stack: GeneratedStack & { label?: string }, validate: ReturnType<typeof loadCore>['validate']): CoreResult {
  const coldMs = stack.label ? null : coreCold(stack.services);
  let findings = 0;
  for (let i = 0; i < CORE_WARMUP; i++) findings = validate(stack.text).findings.length;
  const runs = CORE_RUNS[stack.services] ?? 5;
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    validate(stack.text);
    samples.push(performance.now() - t0);
  }
  return { services: stack.services, label: stack.label ?? `${stack.services} svc`, coldMs, warmMedianMs: median(samples), warmMinMs: Math.min(...samples), warmRuns: runs, findings };
}

// ---------------------------------------------------------------- servers

function specs(): ServerSpec[] {
  const yamlSettings = {
    schemas: { [pathToFileURL(SCHEMA).href]: '*.yml' },
    validate: true,
    hover: true,
    completion: true,
    schemaStore: { enable: false },
    format: { enable: false },
  };
  return [
    { name: 'swarm-rollout-ls', command: process.execPath, args: [SERVER_BUNDLE, '--stdio'], languageId: 'dockercompose' },
    {
      name: 'yaml-language-server',
      command: process.execPath,
      args: [YAML_LS, '--stdio'],
      languageId: 'yaml',
      settings: { yaml: yamlSettings, http: {}, '[yaml]': {}, '[dockercompose]': {}, editor: {} },
      pushConfiguration: true,
    },
  ];
}

/**
 * Time from `sentAt` to the diagnostics for `version` of `uri`.
 * A server that versions its publishes: the first publish carrying that version.
 * A server that does not (yaml-language-server): the LAST publish for `uri` after `sentAt` before the document
 * went quiet for QUIET_MS — it may publish more than once for one version (e.g. syntax first, schema results
 * later), and the last one is the complete answer. Either way we then wait for quiet, so the next
 * measurement starts with nothing in flight.
 */
async function diagnosticsFor(c: BenchClient, uri: string, version: number, sentAt: number): Promise<{ ms: number; publishes: number; diagnostics: number }> {
  const first = await c.nextPublish(uri, (p) => p.at >= sentAt, DIAGNOSTICS_TIMEOUT_MS, `${c.spec.name} diagnostics for v${version}`);
  const all = await c.settle(uri, sentAt, QUIET_MS, DIAGNOSTICS_TIMEOUT_MS);
  const versioned = all.filter((p) => p.params.version === version);
  let chosen: Publish;
  if (first.params.version !== undefined) {
    if (!versioned.length) throw new Error(`${c.spec.name} published no diagnostics for version ${version}`);
    chosen = versioned[0];
  } else {
    chosen = all[all.length - 1];
  }
  return { ms: chosen.at - sentAt, publishes: all.length, diagnostics: chosen.params.diagnostics.length };
}

async function benchServer(spec: ServerSpec, stack: GeneratedStack): Promise<ServerResult> {
  const r: ServerResult = {
    services: stack.services, initializeMs: NaN, openMs: null, openPublishes: 0, openDiagnostics: 0,
    changeMs: null, changeSamples: [], changeDiagnostics: 0,
    hoverMs: null, hoverFirstMs: null, hoverSamples: [], hoverChars: null, hoverPreview: null, completionLabels: [],
    completionMs: null, completionFirstMs: null, completionSamples: [], completionItems: null, errors: [],
  };
  const uri = pathToFileURL(path.join(OUT, `stack-${stack.services}.yml`)).href;
  const c = new BenchClient(spec);
  live.add(c);
  try {
    r.initializeMs = await c.initialize(INIT_TIMEOUT_MS);
    // yaml-language-server re-validates open documents when its settings land: let that finish first.
    if (spec.pushConfiguration) await sleep(100);

    let version = 1;
    let sentAt = performance.now();
    await c.open(uri, stack.text, version);
    const open = await diagnosticsFor(c, uri, version, sentAt);
    r.openMs = open.ms;
    r.openPublishes = open.publishes;
    r.openDiagnostics = open.diagnostics;

    // didChange: one digit of `replicas:` in the middle service, alternating 8 / 9.
    const m = middleService(stack.services);
    const replicasLine = lineOf(m, 'replicas');
    const col = '      replicas: '.length;
    for (let k = 0; k < CHANGE_RUNS; k++) {
      version++;
      sentAt = performance.now();
      await c.change(uri, version, { start: { line: replicasLine, character: col }, end: { line: replicasLine, character: col + 1 } }, k % 2 ? '9' : '8');
      const d = await diagnosticsFor(c, uri, version, sentAt);
      r.changeSamples.push(d.ms);
      r.changeDiagnostics = d.diagnostics;
    }
    r.changeMs = median(r.changeSamples);

    // hover on the `update_config` key of the middle service.
    if (c.hasHover) {
      const pos = { line: lineOf(m, 'updateConfig'), character: '      update_'.length };
      for (let k = 0; k < REQUEST_RUNS; k++) {
        const [ms, text] = await c.hover(uri, pos, REQUEST_TIMEOUT_MS);
        r.hoverSamples.push(ms);
        r.hoverChars = text.length;
        r.hoverPreview = text.slice(0, 120);
      }
      r.hoverFirstMs = r.hoverSamples[0];
      r.hoverMs = median(r.hoverSamples);
    }

    // completion on a new, empty (indented) line right under `deploy:` of the middle service.
    if (c.hasCompletion) {
      const line = lineOf(m, 'deploy') + 1;
      version++;
      sentAt = performance.now();
      await c.change(uri, version, { start: { line, character: 0 }, end: { line, character: 0 } }, '      \n');
      await diagnosticsFor(c, uri, version, sentAt);
      for (let k = 0; k < REQUEST_RUNS; k++) {
        const [ms, labels] = await c.completion(uri, { line, character: 6 }, REQUEST_TIMEOUT_MS);
        r.completionSamples.push(ms);
        r.completionItems = labels.length;
        r.completionLabels = labels.slice(0, 20);
      }
      r.completionFirstMs = r.completionSamples[0];
      r.completionMs = median(r.completionSamples);
    }
    await c.close(uri);
  } catch (e) {
    r.errors.push((e as Error).message);
    const err = c.stderr.join('').trim();
    if (err) r.errors.push(`stderr: ${err.slice(-2000)}`);
  } finally {
    await c.dispose();
    live.delete(c);
  }
  return r;
}

// ---------------------------------------------------------------- report

const fmt = (ms: Ms | undefined): string => (ms === null || ms === undefined || Number.isNaN(ms) ? 'n/a' : ms < 10 ? ms.toFixed(1) : Math.round(ms).toLocaleString('en-US'));
const ratio = (peer: Ms | undefined, ours: Ms | undefined): string =>
  peer === null || peer === undefined || ours === null || ours === undefined || !(ours > 0) || Number.isNaN(peer) ? 'n/a' : `${(peer / ours).toFixed(1)}×`;

function report(stacks: GeneratedStack[], core: CoreResult[], servers: Record<string, ServerResult[]>, names: string[]): string {
  const lines: string[] = [];
  lines.push('| server | size | initialize | open→diagnostics | didChange→diagnostics | completion under `deploy:` | hover `update_config` |');
  lines.push('|---|---|---|---|---|---|---|');
  for (const name of names) {
    for (const r of servers[name]) {
      const s = stacks.find((x) => x.services === r.services)!;
      const items = r.completionItems === null ? '' : ` (${r.completionItems} items)`;
      lines.push(`| ${name} | ${r.services} svc / ${s.lines.toLocaleString('en-US')} lines / ${Math.round(s.bytes / 1024)} KiB | ${fmt(r.initializeMs)} | ${fmt(r.openMs)} | ${fmt(r.changeMs)} | ${fmt(r.completionMs)}${items} | ${fmt(r.hoverMs)} |`);
    }
  }
  lines.push('');
  lines.push('| core `validate(text)` | cold (fresh process) | warm median | warm min | findings |');
  lines.push('|---|---|---|---|---|');
  for (const c of core) lines.push(`| ${c.label} | ${fmt(c.coldMs)} | ${fmt(c.warmMedianMs)} | ${fmt(c.warmMinMs)} | ${c.findings} |`);
  if (names.length === 2) {
    const [ours, peer] = names;
    lines.push('');
    lines.push(`| ${peer} / ${ours} | initialize | open→diagnostics | didChange→diagnostics | completion | hover |`);
    lines.push('|---|---|---|---|---|---|');
    for (const s of stacks) {
      const a = servers[ours].find((r) => r.services === s.services);
      const b = servers[peer].find((r) => r.services === s.services);
      lines.push(`| ${s.services} svc | ${ratio(b?.initializeMs, a?.initializeMs)} | ${ratio(b?.openMs, a?.openMs)} | ${ratio(b?.changeMs, a?.changeMs)} | ${ratio(b?.completionMs, a?.completionMs)} | ${ratio(b?.hoverMs, a?.hoverMs)} |`);
    }
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = performance.now();
  const loadBefore = os.loadavg();
  for (const f of [SERVER_BUNDLE, YAML_LS, SCHEMA]) {
    if (!fs.existsSync(f)) throw new Error(`missing ${path.relative(ROOT, f)} (run \`npm run build\` / \`npm install\`)`);
  }
  fs.mkdirSync(OUT, { recursive: true });
  const stacks = SIZES.map((n) => generateStack(n));
  for (const s of stacks) fs.writeFileSync(path.join(OUT, `stack-${s.services}.yml`), s.text);

  const core: CoreResult[] = [];
  const { validate } = loadCore(true);
  for (const s of [...stacks, withMergedDefaults(stacks[stacks.length - 1]!)]) {
    core.push(benchCore(s, validate));
    console.error(`core ${core[core.length - 1].label}: warm ${fmt(core[core.length - 1].warmMedianMs)} ms`);
  }

  const servers: Record<string, ServerResult[]> = {};
  const all = specs();
  for (const spec of all) {
    servers[spec.name] = [];
    for (const s of stacks) {
      const r = await benchServer(spec, s);
      servers[spec.name].push(r);
      console.error(`${spec.name} ${s.services}: ${r.errors.length ? 'ERROR ' + r.errors[0] : 'ok'}`);
    }
  }

  const peerVersion = (JSON.parse(fs.readFileSync(path.join(path.dirname(YAML_LS), '..', 'package.json'), 'utf8')) as { version: string }).version;
  const table = report(stacks, core, servers, all.map((s) => s.name));
  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.release()}`,
      loadavgBefore: loadBefore, loadavgAfter: os.loadavg(),
    },
    peer: { name: 'yaml-language-server', version: peerVersion, schema: 'bench/peers/compose-spec.json' },
    sizes: stacks.map((s) => ({ services: s.services, lines: s.lines, bytes: s.bytes })),
    core,
    servers,
    totalSeconds: (performance.now() - started) / 1000,
    table,
  };
  fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(table);
  const load = `load ${loadBefore[0].toFixed(1)} → ${os.loadavg()[0].toFixed(1)}`;
  console.log(`\n${all.map((s) => s.name).join(' vs ')} · yaml-language-server ${peerVersion} · ${os.cpus().length} CPUs · ${load} · Node ${process.version} · ${results.totalSeconds.toFixed(0)} s · bench/out/results.json`);
  if (Math.max(loadBefore[0], os.loadavg()[0]) > os.cpus().length) console.log('note: the machine was busy with other work (1-min load above the CPU count); expect noisy numbers.');
  const errors = Object.values(servers).flat().filter((r) => r.errors.length);
  for (const r of errors) console.error(`errors (${r.services} svc): ${r.errors.join(' | ')}`);
  if (errors.length) process.exitCode = 1;
}

const watchdog = setTimeout(() => {
  console.error(`bench: gave up after ${WATCHDOG_MS / 1000} s`);
  killAll();
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => { killAll(); process.exit(130); });

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    killAll();
    clearTimeout(watchdog);
  });
