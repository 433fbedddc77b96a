// The stack name (namespace) of `docker stack deploy NAME`: its default and the rules it must follow. Pure.
//
// Two layers decide whether a name works:
// - docker/cli `cli/command/stack/common.go` validateStackName: the name trimmed of whitespace and quotes
//   (`unicode.IsSpace`, `"`, `'`) must not be empty, else `invalid stack name: "<name>"`. That is all the CLI checks.
// - the engine: the CLI creates `<name>_default` (and other `<name>_<net>`) networks and `<name>_<svc>` services, and
//   swarmkit `manager/controlapi/common.go` validateAnnotations refuses any name that does not match
//   `^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$` ("name must be valid as a DNS name component") or is longer than 63
//   characters. The CLI only finds out half-way, e.g. `my stack` fails at "failed to create network
//   my stack_default" — sometimes after other objects were already created. So both layers are checked here,
//   before anything runs.
import * as path from 'node:path';

/** The part a stack name contributes to `<name>_<svc>`: any of these after a letter or digit keeps that valid. */
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
/** swarmkit's isValidDNSName, for the full `<stack>_<service>` name. */
const DNS_NAME_RE = /^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$/;
export const MAX_OBJECT_NAME = 63;

/** docker/cli's quotesOrWhitespace: unicode.IsSpace or a quote. */
function isQuoteOrSpace(ch: string): boolean {
  return ch === '"' || ch === "'" || /\s/u.test(ch) || ch === '\u0085' || ch === '\u00a0';
}

function trimQuotesOrSpace(s: string): string {
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (a < b && isQuoteOrSpace(chars[a]!)) a++;
  while (b > a && isQuoteOrSpace(chars[b - 1]!)) b--;
  return chars.slice(a, b).join('');
}

/** Go's %q for the CLI's own message (enough for names: quotes and backslashes escaped, controls as \x..). */
function goQuote(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r')
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}"`;
}

/**
 * Undefined when `name` is a stack name the CLI and the engine accept; otherwise the reason, in one sentence.
 * `serviceNames` (from the stack files) lets the 63-character limit be checked on the real `<stack>_<service>` names.
 */
export function stackNameProblem(name: string, serviceNames: readonly string[] = []): string | undefined {
  if (trimQuotesOrSpace(name) === '') {
    return name === '' ? 'Enter a stack name.' : `invalid stack name: ${goQuote(name)} (docker stack deploy refuses a name of only spaces or quotes)`;
  }
  const space = [...name].find((c) => /\s/u.test(c));
  if (space !== undefined) {
    return `A stack name cannot contain ${space === ' ' ? 'a space' : 'whitespace'}: the engine names the stack's networks and services "<stack>_<name>", and those must be DNS names (letters, digits, "-" and "_").`;
  }
  if (!NAME_RE.test(name)) {
    if (!/^[A-Za-z0-9]/.test(name)) return `A stack name must start with a letter or a digit, not "${[...name][0]}".`;
    const bad = [...name].find((c) => !/[A-Za-z0-9_-]/.test(c))!;
    return `A stack name may contain only letters, digits, "-" and "_" (not "${bad}"): the engine names services and networks "<stack>_<name>" and refuses other characters.`;
  }
  const objects = [...serviceNames, 'default'];
  for (const obj of objects) {
    const full = `${name}_${obj}`;
    if (full.length > MAX_OBJECT_NAME) {
      const what = obj === 'default' && !serviceNames.includes('default') ? `network "${full}"` : `service "${full}"`;
      return `The ${what} would be ${full.length} characters; the engine allows ${MAX_OBJECT_NAME}. Use a shorter stack name.`;
    }
  }
  for (const svc of serviceNames) {
    const full = `${name}_${svc}`;
    if (!DNS_NAME_RE.test(full)) return `The service "${full}" would not be a valid DNS name component; the engine will refuse it.`;
  }
  return undefined;
}

/** Lowercase letters, digits, "-" and "_", starting with a letter or digit; "" when nothing usable is left. */
export function sanitizeStackName(raw: string): string {
  return raw
    .toLowerCase()
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .replace(/-{2,}/g, '-')
    .slice(0, 40)
    .replace(/[-_]+$/g, '');
}

/** File stems that name the format, not the application: the folder names the stack instead. */
const GENERIC_STEMS = /^(docker-)?(stack|compose|docker-compose|docker-stack|swarm)([-._].*)?$/i;

/**
 * The default stack name for a set of stack files (the first one decides), like compose's project name: the
 * folder the file is in ("examples/numbers/stack-v1.yml" → "numbers"); when the folder gives nothing usable (the
 * filesystem root, only symbols), the file name without its generic words ("monitoring.stack.yml" → "monitoring").
 */
export function defaultStackName(file: string, pathApi: Pick<typeof path, 'basename' | 'dirname' | 'extname'> = path): string {
  const folder = sanitizeStackName(pathApi.basename(pathApi.dirname(file)));
  if (folder && !stackNameProblem(folder)) return folder;
  const stem = pathApi.basename(file, pathApi.extname(file));
  const fromFile = sanitizeStackName(GENERIC_STEMS.test(stem) ? stem.replace(/^(docker-)?(stack|compose|docker-compose|docker-stack|swarm)[-._]?/i, '') : stem.replace(/[-._](docker-)?(stack|compose)$/i, ''));
  if (fromFile && !stackNameProblem(fromFile)) return fromFile;
  return 'stack';
}
