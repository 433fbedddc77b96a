// `docker stack deploy` argv from settings, files, name and connection; and the CLI's output → structured results.
import { strict as assert } from 'node:assert';
import { composeFileFlagValue, connectionArgs, DEFAULT_DEPLOY_SETTINGS, DeployInputError, deployArgs, displayCommand } from '../../client/src/deploy/args';
import { parseDeployOutput, type OutputLine } from '../../client/src/deploy/runner';
import { resolveConnection } from '../../client/src/engine/connection';

const conn = (settings: { host?: string; context?: string }, env: Record<string, string> = {}) =>
  resolveConnection({ env, homeDir: '/nonexistent-home', settings });

describe('deploy args: the argument array of docker stack deploy', () => {
  it('one file with the CLI defaults', () => {
    assert.deepEqual(deployArgs({ files: ['/w/stack.yml'], stack: 'numbers', settings: DEFAULT_DEPLOY_SETTINGS }),
      ['stack', 'deploy', '--compose-file', '/w/stack.yml', '--resolve-image', 'always', 'numbers']);
  });

  it('several -c files in order, and every setting', () => {
    assert.deepEqual(
      deployArgs({ files: ['/w/a.yml', '/w/b.yml'], stack: 's', settings: { prune: true, withRegistryAuth: true, resolveImage: 'never' } }),
      ['stack', 'deploy', '--compose-file', '/w/a.yml', '--compose-file', '/w/b.yml', '--resolve-image', 'never', '--prune', '--with-registry-auth', 's']);
  });

  it('the connection: -H for the host setting, --context for a named context, nothing for what the CLI picks itself', () => {
    assert.deepEqual(connectionArgs(conn({ host: 'tcp://10.0.0.1:2375' })), ['-H', 'tcp://10.0.0.1:2375']);
    assert.deepEqual(connectionArgs(conn({}, { DOCKER_HOST: 'unix:///run/x.sock' })), []);
    assert.deepEqual(connectionArgs(conn({})), []);
    assert.deepEqual(connectionArgs({ context: 'prod', source: 'setting:context', host: 'ssh://me@prod', transport: 'ssh', warnings: [] }), ['--context', 'prod']);
    assert.deepEqual(deployArgs({ files: ['/w/s.yml'], stack: 's', settings: DEFAULT_DEPLOY_SETTINGS, connection: conn({ host: '/var/run/docker.sock' }) }).slice(0, 4),
      ['-H', 'unix:///var/run/docker.sock', 'stack', 'deploy']);
  });

  it('shell characters stay inside one argument; -c values are CSV-quoted when pflag would split them', () => {
    const evil = '/tmp/$(touch x)/`id`;rm -rf ~/stack.yml';
    const argv = deployArgs({ files: [evil], stack: 's', settings: DEFAULT_DEPLOY_SETTINGS });
    assert.equal(argv[3], evil);
    assert.equal(composeFileFlagValue('/w/a,b.yml'), '"/w/a,b.yml"');
    assert.equal(composeFileFlagValue('/w/say "hi".yml'), '"/w/say ""hi"".yml"');
    assert.equal(composeFileFlagValue('/w/plain.yml'), '/w/plain.yml');
  });

  it('refuses bad input with a sentence, before any process exists', () => {
    const bad = (files: string[], stack: string, re: RegExp) =>
      assert.throws(() => deployArgs({ files, stack, settings: DEFAULT_DEPLOY_SETTINGS }), (e: unknown) => e instanceof DeployInputError && re.test(e.message));
    bad(['/w/s.yml'], 'my stack', /cannot contain a space/);
    bad(['/w/s.yml'], '--prune', /must start with a letter or a digit/);
    bad([], 's', /No stack file/);
    bad(['/w/a\nb.yml'], 's', /line break/);
    bad(['/w/a\0b.yml'], 's', /NUL/);
    bad(['relative.yml'], 's', /absolute/);
    assert.throws(() => deployArgs({ files: ['/w/s.yml'], stack: 's', settings: { ...DEFAULT_DEPLOY_SETTINGS, resolveImage: 'sometimes' as never } }), /resolveImage must be one of/);
  });

  it('displayCommand quotes for reading only', () => {
    assert.equal(displayCommand('docker', ['stack', 'deploy', '--compose-file', "/a b/it's.yml", 's']), `docker stack deploy --compose-file '/a b/it'\\''s.yml' s`);
  });
});

const err = (...texts: string[]): OutputLine[] => texts.map((text) => ({ stream: 'stderr', text }));
const out = (...texts: string[]): OutputLine[] => texts.map((text) => ({ stream: 'stdout', text }));

describe('deploy output: the CLI lines → warnings, services, error', () => {
  // exactly what docker 28.2 printed for a file with restart, privileged, container_name and expose
  const warningLines = [
    ...err('Ignoring unsupported options: privileged, restart', '', 'Ignoring deprecated options:', '',
      'container_name: Setting the container name is not supported.', '',
      "expose: Exposing ports is unnecessary - services on the same network can access each other's containers on any port.", '',
      'Since --detach=false was not specified, tasks will be created in the background.',
      'In a future release, --detach=false will become the default.'),
  ];

  it('ignored options become one warning each, with the key', () => {
    const r = parseDeployOutput([...warningLines, ...out('Creating network w_default', 'Creating service w_api')], true);
    assert.deepEqual(r.warnings.map((w) => [w.kind, w.option]), [['unsupported', 'privileged'], ['unsupported', 'restart'], ['deprecated', 'container_name'], ['deprecated', 'expose']]);
    assert.match(r.warnings[2]!.message, /Setting the container name is not supported/);
    assert.deepEqual(r.services, [{ action: 'created', name: 'w_api' }]);
    assert.deepEqual(r.networks, ['w_default']);
    assert.equal(r.error, undefined);
  });

  it('a failure: the last stderr paragraph is the error; the detach notice is not', () => {
    const r = parseDeployOutput([...warningLines, ...out('Creating network dr test_default'),
      ...err('failed to create network dr test_default: Error response from daemon: rpc error: code = InvalidArgument desc = name must be valid as a DNS name component')], false);
    assert.equal(r.error, 'failed to create network dr test_default: Error response from daemon: rpc error: code = InvalidArgument desc = name must be valid as a DNS name component');
    assert.equal(r.warnings.length, 4);
  });

  it('registry warnings and updates', () => {
    const r = parseDeployOutput([
      ...err('image swarm-rollout/numbers-api:v1 could not be accessed on a registry to record', 'its digest. Each node will access swarm-rollout/numbers-api:v1 independently,',
        'possibly leading to different nodes running different', 'versions of the image.', ''),
      ...out('Updating service n_api (id: kedc1ftq3ly83solptifrnpy9)', 'Removing service n_old'),
    ], true);
    assert.equal(r.warnings.length, 1);
    assert.equal(r.warnings[0]!.kind, 'registry');
    assert.deepEqual(r.services, [{ action: 'updated', name: 'n_api' }, { action: 'removed', name: 'n_old' }]);
  });
});
