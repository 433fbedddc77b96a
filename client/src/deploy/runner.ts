// Runs `docker stack deploy` — the real CLI, spawned with an argument array and no shell — streams its output line
// by line, and turns what it prints into structured results. No vscode: the command and the engine tests use it.
//
// What the CLI prints (docker/cli cli/command/stack/loader/loader.go, swarm/deploy_composefile.go, checked on 28.2):
//   stderr  Ignoring unsupported options: privileged, restart
//   stderr  Ignoring deprecated options:
//           <blank>
//           container_name: Setting the container name is not supported.
//           <blank>
//           expose: Exposing ports is unnecessary - …
//   stderr  Since --detach=false was not specified, tasks will be created in the background.
//           In a future release, --detach=false will become the default.
//   stderr  image X could not be accessed on a registry to record its digest. … (several lines)
//   stdout  Creating network s_default / Creating service s_api / Updating service s_api (id: …) / Removing service …
//   stderr  on failure, the error last, e.g. `failed to create network …: Error response from daemon: …`
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DeployInputError, deployArgs, type DeployArgsInput } from './args';
import { serviceNamesOf } from './stackFile';

export { DeployInputError } from './args';

export interface OutputLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface DeployWarning {
  /** unsupported / deprecated: an option the CLI ignores; registry: the image digest could not be pinned. */
  kind: 'unsupported' | 'deprecated' | 'registry' | 'other';
  /** The stack-file key the warning is about (unsupported and deprecated options). */
  option?: string;
  message: string;
}

export interface ServiceAction {
  action: 'created' | 'updated' | 'removed';
  /** Full service name, `<stack>_<service>`. */
  name: string;
}

export interface DeployOutcome {
  warnings: DeployWarning[];
  services: ServiceAction[];
  networks: string[];
  /** The CLI's error (its last stderr paragraph) when it exited non-zero. */
  error?: string;
}

export interface DeployResult extends DeployOutcome {
  ok: boolean;
  exitCode: number | null;
  /** The arguments given to the docker binary (after the binary itself). */
  argv: string[];
  lines: OutputLine[];
  cancelled?: boolean;
}

export interface DeployRequest extends Omit<DeployArgsInput, 'serviceNames'> {
  /** The docker CLI (swarmRollout.deploy.dockerPath); "docker" from PATH by default. */
  dockerBin?: string;
  env?: NodeJS.ProcessEnv;
  onLine?: (line: OutputLine) => void;
  signal?: AbortSignal;
  timeoutMs?: number;
}

const DETACH_NOTICE = /^(Since --detach=false was not specified|In a future release, --detach=false will become the default)/;

/**
 * Checks everything that can be checked before the CLI runs and returns its argv; throws DeployInputError with a
 * sentence for the user otherwise (nothing has been spawned then). Files are read as literal paths.
 */
export function prepareDeploy(req: DeployRequest): string[] {
  const texts: string[] = [];
  for (const f of req.files) {
    if (!path.isAbsolute(f)) throw new DeployInputError(`Internal: the stack file path must be absolute (${f}).`);
    let st: fs.Stats;
    try { st = fs.statSync(f); } catch {
      throw new DeployInputError(`The stack file ${f} does not exist.`);
    }
    if (!st.isFile()) throw new DeployInputError(`${f} is not a file.`);
    try { texts.push(fs.readFileSync(f, 'utf8')); } catch (e) {
      throw new DeployInputError(`The stack file ${f} cannot be read (${(e as Error).message}).`);
    }
  }
  return deployArgs({ ...req, serviceNames: serviceNamesOf(texts) });
}

export async function runDeploy(req: DeployRequest): Promise<DeployResult> {
  const argv = prepareDeploy(req);
  const bin = req.dockerBin || 'docker';
  const lines: OutputLine[] = [];
  const emit = (l: OutputLine) => { lines.push(l); req.onLine?.(l); };

  return await new Promise<DeployResult>((resolve) => {
    let settled = false;
    let cancelled = false;
    const child = spawn(bin, argv, {
      shell: false,
      windowsHide: true,
      // the CLI resolves relative paths in the file against the first file's folder itself; the cwd only matters
      // for `env_file`-less interpolation, and keeps a predictable base for the user's own relative paths
      cwd: path.dirname(req.files[0]!),
      env: req.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const split = (stream: 'stdout' | 'stderr') => {
      let buf = '';
      const src = child[stream]!;
      src.setEncoding('utf8');
      src.on('data', (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          emit({ stream, text: buf.slice(0, nl).replace(/\r$/, '') });
          buf = buf.slice(nl + 1);
        }
      });
      return () => { if (buf) { emit({ stream, text: buf.replace(/\r$/, '') }); buf = ''; } };
    };
    const flushOut = split('stdout');
    const flushErr = split('stderr');
    const timer = req.timeoutMs ? setTimeout(() => { cancelled = true; child.kill(); }, req.timeoutMs) : undefined;
    const onAbort = () => { cancelled = true; child.kill(); };
    req.signal?.addEventListener('abort', onAbort, { once: true });

    const finish = (exitCode: number | null, spawnError?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      flushOut();
      flushErr();
      const outcome = parseDeployOutput(lines, exitCode === 0);
      if (spawnError) {
        const missing = (spawnError as NodeJS.ErrnoException).code === 'ENOENT';
        outcome.error = missing
          ? `The docker CLI (${bin}) was not found. Install it or set swarmRollout.deploy.dockerPath.`
          : `docker could not be started: ${spawnError.message}`;
      } else if (cancelled && exitCode !== 0) {
        outcome.error = req.signal?.aborted ? 'Cancelled.' : `docker stack deploy did not finish within ${Math.round((req.timeoutMs ?? 0) / 1000)} s and was stopped.`;
      } else if (exitCode !== 0 && !outcome.error) {
        outcome.error = `docker stack deploy failed (exit code ${exitCode ?? 'none'}).`;
      }
      resolve({ ...outcome, ok: exitCode === 0 && !spawnError, exitCode, argv, lines, cancelled: cancelled || undefined });
    };
    child.on('error', (e) => finish(null, e));
    child.on('close', (code) => finish(code));
  });
}

/** Structured warnings, service actions and the error from the CLI's output lines (in the order printed). */
export function parseDeployOutput(lines: readonly OutputLine[], succeeded: boolean): DeployOutcome {
  const warnings: DeployWarning[] = [];
  const services: ServiceAction[] = [];
  const networks: string[] = [];
  const paragraphs: string[][] = [];
  let current: string[] | undefined;
  let inDeprecated = false;

  for (const { stream, text } of lines) {
    if (stream === 'stdout') {
      let m: RegExpMatchArray | null;
      if ((m = /^Creating service (\S+)/.exec(text))) services.push({ action: 'created', name: m[1]! });
      else if ((m = /^Updating service (\S+)/.exec(text))) services.push({ action: 'updated', name: m[1]! });
      else if ((m = /^Removing service (\S+)/.exec(text))) services.push({ action: 'removed', name: m[1]! });
      else if ((m = /^Creating network (.+)$/.exec(text))) networks.push(m[1]!);
      continue;
    }
    const line = text.trimEnd();
    if (line === '') { current = undefined; continue; }
    let m: RegExpMatchArray | null;
    if ((m = /^Ignoring unsupported options: (.*)$/.exec(line))) {
      inDeprecated = false;
      current = undefined;
      for (const opt of m[1]!.split(',').map((s) => s.trim()).filter(Boolean)) {
        warnings.push({ kind: 'unsupported', option: opt, message: `docker stack deploy ignores "${opt}" (Ignoring unsupported options: ${m[1]}).` });
      }
      continue;
    }
    if (/^Ignoring deprecated options:\s*$/.test(line)) { inDeprecated = true; current = undefined; continue; }
    if (inDeprecated && (m = /^([a-z_]+): (.+)$/.exec(line))) {
      warnings.push({ kind: 'deprecated', option: m[1]!, message: `docker stack deploy ignores "${m[1]}": ${m[2]}` });
      continue;
    }
    inDeprecated = false;
    if (DETACH_NOTICE.test(line)) { current = undefined; continue; }
    if (!current || /^image \S+ could not be accessed on a registry/.test(line)) paragraphs.push((current = []));
    current.push(line);
  }

  let error: string | undefined;
  if (!succeeded && paragraphs.length > 0) error = paragraphs.pop()!.join('\n');
  for (const p of paragraphs) {
    const message = p.join(' ');
    warnings.push({ kind: /could not be accessed on a registry/.test(message) ? 'registry' : 'other', message });
  }
  return { warnings, services, networks, error };
}
