// Which engine to talk to, resolved the way the docker CLI does (docker/cli cli/command/cli.go resolveContextName):
//   setting swarmRollout.docker.host > setting swarmRollout.docker.context > DOCKER_HOST (⇒ "default" context)
//   > DOCKER_CONTEXT > currentContext in $DOCKER_CONFIG/config.json (~/.docker) > "default".
// A context's endpoint and TLS material come from the CLI's context store:
//   <config>/contexts/meta/<sha256(name)>/meta.json   Endpoints.docker.{Host,SkipTLSVerify}
//   <config>/contexts/tls/<sha256(name)>/docker/{ca,cert,key}.pem
// ssh:// hosts are reached through `docker [--context X | -H ssh://…] system dial-stdio`, i.e. the CLI's own ssh
// (so ~/.ssh/config, ProxyJump, IdentityFile, agents all apply); dockerode's built-in ssh2 ignores ~/.ssh/config.
//
// resolveConnection() only reads files: no network, no Docker call, no vscode. toModemOptions() turns the result
// into dockerode options, overriding EVERY field docker-modem would otherwise take from process.env.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export type ConnectionSource = 'setting:host' | 'setting:context' | 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'config.json' | 'default';
export type Transport = 'unix' | 'npipe' | 'tcp' | 'ssh';

export interface TlsMaterial {
  /** PEM contents (not paths): the context store and DOCKER_CERT_PATH are read once, here. */
  ca?: string;
  cert?: string;
  key?: string;
  /** Verify the server certificate (false for SkipTLSVerify / DOCKER_TLS without DOCKER_TLS_VERIFY). */
  verify: boolean;
}

export interface ResolvedConnection {
  /** Context name as `docker context ls` would mark it ("default" for DOCKER_HOST or the default socket). */
  context: string;
  source: ConnectionSource;
  /** The endpoint URL: unix:///var/run/docker.sock, tcp://h:2376, ssh://user@h, npipe:////./pipe/docker_engine. */
  host: string;
  transport: Transport;
  tls?: TlsMaterial;
  /** For ssh: the docker CLI arguments that open a byte stream to the remote engine. */
  dialStdio?: string[];
  /** What the user should know (e.g. a context that points nowhere falls back to default). */
  warnings: string[];
}

export interface ResolveInput {
  env: Record<string, string | undefined>;
  /** The user's home (~); the config dir is $DOCKER_CONFIG or ~/.docker. */
  homeDir: string;
  platform?: NodeJS.Platform;
  settings?: { host?: string; context?: string };
}

export class ConnectionError extends Error {}

export function contextDirName(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function readText(file: string): string | undefined {
  try { return fs.readFileSync(file, 'utf8'); } catch { return undefined; }
}

function defaultHost(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';
}

/** Adds the scheme the CLI would assume ("host:2375" → "tcp://host:2375", "/path.sock" → unix://). */
export function normalizeHost(host: string): string {
  const h = host.trim();
  if (/^[a-z]+:\/\//i.test(h)) return h;
  if (h.startsWith('/')) return `unix://${h}`;
  return `tcp://${h}`;
}

function transportOf(host: string): Transport {
  const scheme = host.slice(0, host.indexOf('://')).toLowerCase();
  switch (scheme) {
    case 'unix': return 'unix';
    case 'npipe': return 'npipe';
    case 'ssh': return 'ssh';
    case 'tcp': case 'http': case 'https': return 'tcp';
    default: throw new ConnectionError(`unsupported Docker host "${host}" (use unix://, npipe://, tcp:// or ssh://)`);
  }
}

interface ContextEndpoint { host?: string; skipTLSVerify: boolean; tls?: TlsMaterial }

function readContext(configDir: string, name: string): ContextEndpoint | undefined {
  const dir = contextDirName(name);
  const metaText = readText(path.join(configDir, 'contexts', 'meta', dir, 'meta.json'));
  if (metaText === undefined) return undefined;
  let meta: { Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } };
  try { meta = JSON.parse(metaText); } catch (e) {
    throw new ConnectionError(`context "${name}": meta.json is not valid JSON (${(e as Error).message})`);
  }
  const ep = meta.Endpoints?.docker;
  const tlsDir = path.join(configDir, 'contexts', 'tls', dir, 'docker');
  const ca = readText(path.join(tlsDir, 'ca.pem'));
  const cert = readText(path.join(tlsDir, 'cert.pem'));
  const key = readText(path.join(tlsDir, 'key.pem'));
  const skip = ep?.SkipTLSVerify === true;
  const tls = ca || cert || key ? { ca, cert, key, verify: !skip } : undefined;
  return { host: ep?.Host, skipTLSVerify: skip, tls };
}

export function resolveConnection(input: ResolveInput): ResolvedConnection {
  const { env } = input;
  const platform = input.platform ?? process.platform;
  const configDir = env.DOCKER_CONFIG || path.join(input.homeDir, '.docker');
  const warnings: string[] = [];
  const settingHost = input.settings?.host?.trim();
  const settingContext = input.settings?.context?.trim();

  const fromHost = (host: string, source: ConnectionSource): ResolvedConnection => {
    const h = normalizeHost(host);
    const transport = transportOf(h);
    let tls: TlsMaterial | undefined;
    // the CLI: any non-empty DOCKER_TLS_VERIFY means verify; DOCKER_TLS alone means TLS without verification
    if (transport === 'tcp' && (env.DOCKER_TLS_VERIFY || env.DOCKER_TLS || h.startsWith('https://'))) {
      const certDir = env.DOCKER_CERT_PATH || configDir;
      tls = {
        ca: readText(path.join(certDir, 'ca.pem')),
        cert: readText(path.join(certDir, 'cert.pem')),
        key: readText(path.join(certDir, 'key.pem')),
        verify: !!env.DOCKER_TLS_VERIFY,
      };
    }
    return finish({ context: 'default', source, host: h, transport, tls, warnings }, ['-H', h]);
  };

  const fromContext = (name: string, source: ConnectionSource): ResolvedConnection => {
    if (name === 'default') return { context: 'default', source, host: defaultHost(platform), transport: platform === 'win32' ? 'npipe' : 'unix', warnings };
    const ctx = readContext(configDir, name);
    if (!ctx) throw new ConnectionError(`context "${name}" not found in ${path.join(configDir, 'contexts')} (docker context ls)`);
    if (!ctx.host) throw new ConnectionError(`context "${name}" has no Docker endpoint`);
    const h = normalizeHost(ctx.host);
    const transport = transportOf(h);
    return finish({ context: name, source, host: h, transport, tls: transport === 'tcp' ? ctx.tls : undefined, warnings }, ['--context', name]);
  };

  if (settingHost) return fromHost(settingHost, 'setting:host');
  if (settingContext) return fromContext(settingContext, 'setting:context');
  if (env.DOCKER_HOST) return fromHost(env.DOCKER_HOST, 'DOCKER_HOST');
  if (env.DOCKER_CONTEXT) return fromContext(env.DOCKER_CONTEXT, 'DOCKER_CONTEXT');
  const configText = readText(path.join(configDir, 'config.json'));
  if (configText !== undefined) {
    let current: string | undefined;
    try { current = (JSON.parse(configText) as { currentContext?: string }).currentContext; } catch {
      warnings.push(`${path.join(configDir, 'config.json')} is not valid JSON; using the default context`);
    }
    if (current) return fromContext(current, 'config.json');
  }
  return fromContext('default', 'default');
}

function finish(c: ResolvedConnection, selector: string[]): ResolvedConnection {
  // ssh: the CLI opens the stream (its ssh honours ~/.ssh/config); the selector names the same endpoint
  if (c.transport === 'ssh') c.dialStdio = [...selector, 'system', 'dial-stdio'];
  return c;
}

/** Options for `new Dockerode(...)`. Every field docker-modem would read from process.env is set explicitly. */
export interface ModemOptions {
  socketPath?: string;
  host?: string;
  port?: string;
  protocol?: 'http' | 'https';
  ca?: string;
  cert?: string;
  key?: string;
  pathPrefix?: string;
  timeout?: number;
  version?: string;
  /** http.Agent for ssh (dial-stdio bridge). */
  agent?: unknown;
  sshOptions?: Record<string, unknown>;
}

export function toModemOptions(c: ResolvedConnection): ModemOptions {
  const blank: ModemOptions = {
    socketPath: undefined, host: undefined, port: undefined, protocol: undefined,
    ca: undefined, cert: undefined, key: undefined, pathPrefix: '/', timeout: undefined, sshOptions: {},
  };
  const rest = c.host.slice(c.host.indexOf('://') + 3);
  switch (c.transport) {
    case 'unix': return { ...blank, socketPath: rest || '/var/run/docker.sock', protocol: 'http' };
    case 'npipe': return { ...blank, socketPath: rest || '//./pipe/docker_engine', protocol: 'http' };
    case 'ssh':
      // the agent (dial-stdio bridge) provides the socket; host/port only make a well-formed URL
      return { ...blank, host: 'docker', port: undefined, protocol: 'http' };
    case 'tcp': {
      const u = new URL(c.host.replace(/^tcp:/, c.tls ? 'https:' : 'http:'));
      const opts: ModemOptions = {
        ...blank,
        host: u.hostname.replace(/^\[|\]$/g, ''),
        port: u.port || (c.tls ? '2376' : '2375'),
        protocol: c.tls ? 'https' : 'http',
        pathPrefix: u.pathname && u.pathname !== '/' ? u.pathname : '/',
      };
      if (c.tls) {
        opts.ca = c.tls.ca;
        opts.cert = c.tls.cert;
        opts.key = c.tls.key;
        // SkipTLSVerify (tls.verify false): the engine adds an https.Agent that does not check the certificate
      }
      return opts;
    }
  }
}

/** One line for the status bar tooltip and the output channel. */
export function describeConnection(c: ResolvedConnection): string {
  const via = c.source === 'default' ? 'default' : c.source.startsWith('setting') ? `the ${c.source.slice(8)} setting` : c.source;
  return `${c.context === 'default' ? '' : `context ${c.context}: `}${c.host}${c.tls ? ' (TLS)' : ''}${c.dialStdio ? ' (via docker system dial-stdio)' : ''} — from ${via}`;
}
