// Start and stop a real VS Code (code-server, installed by scripts/code-server.sh) for the e2e tests.
// Every run is isolated in a fresh temp dir: HOME, XDG dirs, TMPDIR, user-data-dir, extensions-dir, workspace.
// code-server runs in its own process group so that stop() ends the whole tree (server, extension host,
// file watcher, language server) and nothing is left behind.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import type { Context } from 'mocha';
import { requirePrereq } from '../helpers/prereq';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');
export const CACHE = process.env.SWARM_ROLLOUT_CACHE
  ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'swarm-rollout');
export const CODE_SERVER = process.env.CODE_SERVER_BIN ?? path.join(CACHE, 'code-server', 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const VSIX = process.env.SWARM_ROLLOUT_VSIX ?? path.join(REPO, 'out', 'swarm-rollout.vsix');

/** Settings that keep the workbench quiet and deterministic: no welcome page, no trust prompt, no gallery. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  'editor.minimap.enabled': false,
  'editor.fontSize': 15,
  'chat.commandCenter.enabled': false,
};

/** Does `code-server --version` work? (run with a throwaway HOME so it writes nothing into the real one) */
export function codeServerVersion(): string | undefined {
  if (!fs.existsSync(CODE_SERVER)) return undefined;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'swarm-rollout-csv-'));
  try {
    const config = path.join(home, 'config.yaml');
    fs.writeFileSync(config, 'auth: none\ncert: false\n');
    const r = spawnSync(CODE_SERVER, ['--config', config, '--version'], {
      env: isolatedEnv(home), encoding: 'utf8', timeout: 30_000,
    });
    // "4.100.3 409c64e… with Code 1.100.3"
    return r.status === 0 ? r.stdout.split('\n').find((l) => /^\d+\.\d+\.\d+ /.test(l))?.trim() : undefined;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

function isolatedEnv(home: string, tmp = home): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // An outer VS Code (or a previous code-server) must not leak into ours.
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k.startsWith('CODE_SERVER_')) delete env[k];
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_RUNTIME_DIR: tmp,
    TMPDIR: tmp,
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface StartOptions {
  /** Folder copied to <root>/workspace and opened. */
  workspaceFixture: string;
  /** .vsix installed with `code-server --install-extension` into the fresh extensions dir. */
  vsix: string;
  /** ms to wait for /healthz. */
  startTimeout?: number;
}

export class CodeServer {
  readonly root: string;
  readonly home: string;
  readonly tmp: string;
  readonly userData: string;
  readonly extensions: string;
  readonly workspace: string;
  readonly log: string;
  port = 0;
  private proc: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  private constructor() {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), 'swarm-rollout-e2e-'));
    this.home = path.join(this.root, 'home');
    this.tmp = path.join(this.root, 'tmp');
    this.userData = path.join(this.root, 'user-data');
    this.extensions = path.join(this.root, 'extensions');
    this.workspace = path.join(this.root, 'workspace');
    this.log = path.join(this.root, 'code-server.log');
    for (const d of [this.home, this.tmp, path.join(this.userData, 'User'), this.extensions]) fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(this.userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
    // Without --config code-server writes ~/.config/code-server/config.yaml (with a password).
    fs.writeFileSync(this.configFile, 'auth: none\ncert: false\n');
  }

  get configFile(): string { return path.join(this.root, 'config.yaml'); }
  get url(): string { return `http://127.0.0.1:${this.port}`; }
  /** The workbench URL that opens the copied workspace folder. */
  get folderUrl(): string { return `${this.url}/?folder=${encodeURIComponent(this.workspace)}`; }

  static async start(opts: StartOptions): Promise<CodeServer> {
    const cs = new CodeServer();
    try {
      fs.cpSync(opts.workspaceFixture, cs.workspace, { recursive: true });
      cs.installExtension(opts.vsix);
      await cs.launch(opts.startTimeout ?? 60_000);
      return cs;
    } catch (e) {
      await cs.stop();
      throw new Error(`${(e as Error).message}\n${cs.diagnostics()}`);
    }
  }

  private baseArgs(): string[] {
    return ['--config', this.configFile, '--extensions-dir', this.extensions, '--user-data-dir', this.userData];
  }

  private installExtension(vsix: string): void {
    const r = spawnSync(CODE_SERVER, [...this.baseArgs(), '--install-extension', vsix], {
      env: isolatedEnv(this.home, this.tmp), encoding: 'utf8', timeout: 60_000,
    });
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    fs.appendFileSync(this.log, `$ code-server --install-extension ${vsix}\n${out}\n`);
    if (r.error) throw new Error(`code-server --install-extension failed: ${r.error.message}`);
    if (r.status !== 0 || !/successfully installed/i.test(out)) {
      throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status}):\n${out}`);
    }
  }

  private async launch(timeout: number): Promise<void> {
    this.port = await freePort();
    const logFd = fs.openSync(this.log, 'a');
    const args = [
      ...this.baseArgs(),
      '--bind-addr', `127.0.0.1:${this.port}`, '--auth', 'none',
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override', '--log', 'debug',
      this.workspace,
    ];
    fs.appendFileSync(this.log, `$ code-server ${args.join(' ')}\n`);
    // detached => setsid: own process group, stopped as a whole by stop().
    const proc = spawn(CODE_SERVER, args, {
      env: isolatedEnv(this.home, this.tmp), detached: true, stdio: ['ignore', logFd, logFd],
    });
    fs.closeSync(logFd);
    this.proc = proc;
    let exitInfo: string | undefined;
    this.exited = new Promise((resolve) => proc.once('exit', (code, sig) => { exitInfo = `exit ${code ?? sig}`; resolve(); }));
    proc.once('error', (e) => { exitInfo = `spawn error ${e.message}`; });

    const end = Date.now() + timeout;
    while (Date.now() < end) {
      if (exitInfo) throw new Error(`code-server died before it answered /healthz (${exitInfo})`);
      try {
        const res = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2_000) });
        if (res.ok) return;
      } catch { /* not listening yet */ }
      await sleep(150);
    }
    throw new Error(`timed out waiting for code-server /healthz on ${this.url} after ${timeout} ms`);
  }

  /** Ends the whole process group: SIGTERM, then SIGKILL if it is still there after 5 s. Idempotent. */
  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = undefined;
    if (!proc?.pid || proc.exitCode !== null || proc.signalCode !== null) {
      if (proc?.pid) killGroup(proc.pid, 'SIGKILL'); // leftovers of a group whose leader is gone
      return;
    }
    killGroup(proc.pid, 'SIGTERM');
    const done = await Promise.race([this.exited.then(() => true), sleep(5_000).then(() => false)]);
    // The leader may exit before its children (extension host, file watcher): end the rest of the group too.
    killGroup(proc.pid, done ? 'SIGTERM' : 'SIGKILL');
    await sleep(300);
    killGroup(proc.pid, 'SIGKILL');
  }

  /** Removes the temp dir (call after stop(); keep it when a test failed, for the logs). */
  cleanup(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  /** Extension-host and language-client logs written under the user-data dir. */
  extensionLogs(): string[] {
    const found: string[] = [];
    const walk = (dir: string) => {
      let entries: fs.Dirent[] = [];
      try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
      for (const e of entries) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/exthost|swarm|rollout/i.test(p) && p.endsWith('.log')) found.push(p);
      }
    };
    walk(path.join(this.userData, 'logs'));
    return found.sort();
  }

  /** Text for a failure report: code-server's log and where the extension host logs are. */
  diagnostics(): string {
    const tail = (file: string, n: number) => {
      try { return fs.readFileSync(file, 'utf8').split('\n').slice(-n).join('\n'); } catch (e) { return `(unreadable: ${(e as Error).message})`; }
    };
    const parts = [`---- code-server log ${this.log} (last 80 lines) ----`, tail(this.log, 80)];
    const logs = this.extensionLogs();
    parts.push(`---- extension host / language client logs (${logs.length}) ----`);
    for (const l of logs) {
      parts.push(`== ${l}`);
      if (/remoteexthost|exthost\.log|swarm|rollout/i.test(path.basename(l))) parts.push(tail(l, 40));
    }
    parts.push(`(temp dir kept for debugging: ${this.root})`);
    return parts.join('\n');
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try { process.kill(-pid, signal); } catch { /* already gone */ }
}

/** The e2e tier's prerequisites (chromium, code-server, the packaged .vsix); returns code-server's version. */
export function requireWorkbench(ctx: Context): string {
  requirePrereq(ctx, fs.existsSync(CHROMIUM), `chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
  const version = codeServerVersion();
  requirePrereq(ctx, version !== undefined, `code-server not installed at ${CODE_SERVER} (run: bash scripts/code-server.sh)`);
  requirePrereq(ctx, fs.existsSync(VSIX), `${VSIX.startsWith(REPO + path.sep) ? path.relative(REPO, VSIX) : VSIX} missing (run: npm run package)`);
  return version!;
}
