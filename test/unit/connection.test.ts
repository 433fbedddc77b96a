// Which engine the Swarm view talks to: resolved like the docker CLI, from temp ~/.docker dirs.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConnectionError, contextDirName, describeConnection, resolveConnection, toModemOptions } from '../../client/src/engine/connection';
import { chooseApiVersion } from '../../client/src/engine/engine';

describe('connection: DOCKER_HOST, DOCKER_CONTEXT, current context, TLS, ssh, settings', () => {
  let home: string;
  const cfg = () => path.join(home, '.docker');
  const writeContext = (name: string, host: string, opts: { skip?: boolean; tls?: boolean } = {}) => {
    const h = contextDirName(name);
    const meta = path.join(cfg(), 'contexts', 'meta', h);
    fs.mkdirSync(meta, { recursive: true });
    fs.writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({
      Name: name, Metadata: { Description: '' }, Endpoints: { docker: { Host: host, SkipTLSVerify: opts.skip ?? false } },
    }));
    if (opts.tls) {
      const tls = path.join(cfg(), 'contexts', 'tls', h, 'docker');
      fs.mkdirSync(tls, { recursive: true });
      for (const f of ['ca', 'cert', 'key']) fs.writeFileSync(path.join(tls, `${f}.pem`), `${name}-${f}`);
    }
  };
  const current = (name: string) => { fs.mkdirSync(cfg(), { recursive: true }); fs.writeFileSync(path.join(cfg(), 'config.json'), JSON.stringify({ auths: {}, currentContext: name })); };
  const resolve = (env: Record<string, string> = {}, settings?: { host?: string; context?: string }) =>
    resolveConnection({ env, homeDir: home, platform: 'linux', settings });

  beforeEach(() => { home = fs.mkdtempSync(path.join(os.tmpdir(), 'sr-conn-')); });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('nothing set: the default context on /var/run/docker.sock', () => {
    const c = resolve();
    assert.deepEqual([c.context, c.source, c.host, c.transport], ['default', 'default', 'unix:///var/run/docker.sock', 'unix']);
    const m = toModemOptions(c);
    assert.equal(m.socketPath, '/var/run/docker.sock');
    assert.ok('host' in m && m.host === undefined, 'host explicitly unset so docker-modem cannot take DOCKER_HOST');
  });

  it('the context name hashes like the CLI (sha256 hex of the name)', () => {
    assert.equal(contextDirName('default'), '37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f');
  });

  it('currentContext in config.json: host and TLS material from the context store', () => {
    writeContext('prod', 'tcp://10.0.0.5:2376', { tls: true });
    current('prod');
    const c = resolve();
    assert.deepEqual([c.context, c.source, c.host, c.transport], ['prod', 'config.json', 'tcp://10.0.0.5:2376', 'tcp']);
    assert.deepEqual(c.tls, { ca: 'prod-ca', cert: 'prod-cert', key: 'prod-key', verify: true });
    const m = toModemOptions(c);
    assert.deepEqual([m.protocol, m.host, m.port, m.ca, m.cert, m.key, m.socketPath], ['https', '10.0.0.5', '2376', 'prod-ca', 'prod-cert', 'prod-key', undefined]);
  });

  it('SkipTLSVerify keeps TLS without verification; a plain tcp context is http', () => {
    writeContext('lab', 'tcp://lab:2376', { tls: true, skip: true });
    writeContext('plain', 'tcp://plain:2375');
    assert.equal(resolve({ DOCKER_CONTEXT: 'lab' }).tls?.verify, false);
    const p = resolve({ DOCKER_CONTEXT: 'plain' });
    assert.equal(p.tls, undefined);
    assert.equal(toModemOptions(p).protocol, 'http');
  });

  it('DOCKER_CONTEXT beats currentContext; DOCKER_HOST beats both', () => {
    writeContext('a', 'tcp://a:2375');
    writeContext('b', 'tcp://b:2375');
    current('a');
    assert.equal(resolve({ DOCKER_CONTEXT: 'b' }).host, 'tcp://b:2375');
    const h = resolve({ DOCKER_CONTEXT: 'b', DOCKER_HOST: 'unix:///run/other.sock' });
    assert.deepEqual([h.context, h.source, h.host], ['default', 'DOCKER_HOST', 'unix:///run/other.sock']);
    assert.equal(toModemOptions(h).socketPath, '/run/other.sock');
  });

  it('DOCKER_HOST tcp with DOCKER_TLS_VERIFY reads DOCKER_CERT_PATH (else ~/.docker)', () => {
    const certs = path.join(home, 'certs');
    fs.mkdirSync(certs);
    for (const f of ['ca', 'cert', 'key']) fs.writeFileSync(path.join(certs, `${f}.pem`), `env-${f}`);
    const c = resolve({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs });
    assert.deepEqual(c.tls, { ca: 'env-ca', cert: 'env-cert', key: 'env-key', verify: true });
    fs.mkdirSync(cfg(), { recursive: true });
    fs.writeFileSync(path.join(cfg(), 'ca.pem'), 'home-ca');
    assert.equal(resolve({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: 'yes' }).tls?.ca, 'home-ca', 'any non-empty value means verify, as in the CLI');
    assert.equal(resolve({ DOCKER_HOST: 'tcp://h:2375' }).tls, undefined);
    assert.equal(resolve({ DOCKER_HOST: 'h:2375' }).host, 'tcp://h:2375', 'a bare host:port is tcp');
  });

  it('DOCKER_CONFIG moves the config dir', () => {
    const other = path.join(home, 'elsewhere');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'config.json'), JSON.stringify({ currentContext: 'x' }));
    const h = contextDirName('x');
    fs.mkdirSync(path.join(other, 'contexts', 'meta', h), { recursive: true });
    fs.writeFileSync(path.join(other, 'contexts', 'meta', h, 'meta.json'), JSON.stringify({ Endpoints: { docker: { Host: 'unix:///x.sock' } } }));
    assert.equal(resolve({ DOCKER_CONFIG: other }).host, 'unix:///x.sock');
  });

  it('ssh hosts go through `docker system dial-stdio` with the same selector (context or -H)', () => {
    writeContext('remote', 'ssh://deploy@swarm-1');
    current('remote');
    const c = resolve();
    assert.equal(c.transport, 'ssh');
    assert.deepEqual(c.dialStdio, ['--context', 'remote', 'system', 'dial-stdio']);
    const h = resolve({ DOCKER_HOST: 'ssh://me@box:2222' });
    assert.deepEqual(h.dialStdio, ['-H', 'ssh://me@box:2222', 'system', 'dial-stdio']);
    assert.equal(toModemOptions(h).socketPath, undefined);
  });

  it('settings override everything: host first, then context', () => {
    writeContext('a', 'tcp://a:2375');
    writeContext('s', 'tcp://s:2375');
    current('a');
    const env = { DOCKER_HOST: 'tcp://env:2375', DOCKER_CONTEXT: 'a' };
    assert.deepEqual([resolve(env, { context: 's' }).host, resolve(env, { context: 's' }).source], ['tcp://s:2375', 'setting:context']);
    assert.deepEqual([resolve(env, { host: 'unix:///set.sock', context: 's' }).host, resolve(env, { host: 'unix:///set.sock' }).source], ['unix:///set.sock', 'setting:host']);
    assert.equal(resolve(env, { context: 'default' }).host, 'unix:///var/run/docker.sock');
  });

  it('errors that say what to do: unknown context, bad scheme; a broken config.json falls back with a warning', () => {
    assert.throws(() => resolve({ DOCKER_CONTEXT: 'nope' }), (e: Error) => e instanceof ConnectionError && /context "nope" not found/.test(e.message));
    assert.throws(() => resolve({ DOCKER_HOST: 'fd://' }), /unsupported Docker host/);
    fs.mkdirSync(cfg(), { recursive: true });
    fs.writeFileSync(path.join(cfg(), 'config.json'), '{ not json');
    const c = resolve();
    assert.equal(c.context, 'default');
    assert.match(c.warnings[0], /not valid JSON/);
  });

  it('windows default is the named pipe', () => {
    const c = resolveConnection({ env: {}, homeDir: home, platform: 'win32' });
    assert.deepEqual([c.host, c.transport, toModemOptions(c).socketPath], ['npipe:////./pipe/docker_engine', 'npipe', '//./pipe/docker_engine']);
  });

  it('describes itself for the status bar', () => {
    writeContext('prod', 'tcp://10.0.0.5:2376', { tls: true });
    assert.equal(describeConnection(resolve({ DOCKER_CONTEXT: 'prod' })), 'context prod: tcp://10.0.0.5:2376 (TLS) — from DOCKER_CONTEXT');
  });

  it('API version: the daemon\'s when older than ours, ours when newer, never below its minimum', () => {
    assert.equal(chooseApiVersion('1.41', '1.12', '1.47'), '1.41');
    assert.equal(chooseApiVersion('1.52', '1.44', '1.47'), '1.47');
    assert.equal(chooseApiVersion('1.52', '1.48', '1.47'), '1.48');
  });
});
