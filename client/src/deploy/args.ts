// The argument array of `docker stack deploy`: settings + files + stack name + connection → argv. Pure.
// Nothing here is ever joined into a shell string; every value is one element of the array.
import type { ResolvedConnection } from '../engine/connection';
import { stackNameProblem } from './stackName';

export type ResolveImage = 'always' | 'changed' | 'never';
export const RESOLVE_IMAGE_VALUES: readonly ResolveImage[] = ['always', 'changed', 'never'];

export interface DeploySettings {
  /** --prune: remove the stack's services that are no longer in the files. */
  prune: boolean;
  /** --with-registry-auth: send the CLI's registry credentials to the swarm agents. */
  withRegistryAuth: boolean;
  /** --resolve-image (the CLI's default is `always`). */
  resolveImage: ResolveImage;
}

export const DEFAULT_DEPLOY_SETTINGS: DeploySettings = { prune: false, withRegistryAuth: false, resolveImage: 'always' };

export class DeployInputError extends Error {
  override name = 'DeployInputError';
}

/**
 * The global flags that make the CLI talk to the engine the extension resolved. A setting names the endpoint
 * explicitly (`-H` for swarmRollout.docker.host, `--context` for a context); DOCKER_HOST, DOCKER_CONTEXT and the
 * current context are what the CLI would choose by itself from the same environment, so `--context` is passed
 * only for a named, non-default context (it keeps the choice stable even if `docker context use` runs meanwhile).
 */
export function connectionArgs(c: ResolvedConnection | undefined): string[] {
  if (!c) return [];
  if (c.source === 'setting:host') return ['-H', c.host];
  if (c.context !== 'default') return ['--context', c.context];
  return [];
}

/**
 * `-c` is a pflag StringSlice: its value is read as one CSV record, so a path with a comma would become two
 * files and a bare `"` is a parse error. Quote such a value as encoding/csv expects.
 */
export function composeFileFlagValue(file: string): string {
  return /[",]/.test(file) ? `"${file.replace(/"/g, '""')}"` : file;
}

export interface DeployArgsInput {
  /** Absolute paths, in `-c` order (later files override earlier ones). */
  files: readonly string[];
  stack: string;
  settings: DeploySettings;
  connection?: ResolvedConnection;
  /** Services named in the files, for the `<stack>_<service>` length check. */
  serviceNames?: readonly string[];
}

/** Throws DeployInputError (with a sentence for the user) when the input cannot be passed to the CLI as is. */
export function deployArgs(input: DeployArgsInput): string[] {
  const problem = stackNameProblem(input.stack, input.serviceNames);
  if (problem) throw new DeployInputError(problem);
  if (input.files.length === 0) throw new DeployInputError('No stack file to deploy.');
  for (const f of input.files) {
    if (f.includes('\0')) throw new DeployInputError(`The file path ${JSON.stringify(f)} contains a NUL character and cannot be passed to docker.`);
    // encoding/csv turns \r\n inside a quoted field into \n: such a path cannot reach the CLI unchanged
    if (/[\r\n]/.test(f)) throw new DeployInputError(`The file path ${JSON.stringify(f)} contains a line break; docker stack deploy cannot read it. Rename the file.`);
    if (!isAbsolute(f)) throw new DeployInputError(`Internal: the stack file path must be absolute (${f}).`);
  }
  if (!RESOLVE_IMAGE_VALUES.includes(input.settings.resolveImage)) {
    throw new DeployInputError(`swarmRollout.deploy.resolveImage must be one of ${RESOLVE_IMAGE_VALUES.join(', ')}, not "${String(input.settings.resolveImage)}".`);
  }
  const argv = [...connectionArgs(input.connection), 'stack', 'deploy'];
  for (const f of input.files) argv.push('--compose-file', composeFileFlagValue(f));
  argv.push('--resolve-image', input.settings.resolveImage);
  if (input.settings.prune) argv.push('--prune');
  if (input.settings.withRegistryAuth) argv.push('--with-registry-auth');
  argv.push(input.stack);
  return argv;
}

function isAbsolute(f: string): boolean {
  return f.startsWith('/') || /^[A-Za-z]:[\\/]/.test(f) || f.startsWith('\\\\');
}

/** The command line as a user would type it, for the output channel only (never executed). */
export function displayCommand(bin: string, argv: readonly string[]): string {
  const q = (s: string) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return [bin, ...argv].map(q).join(' ');
}
