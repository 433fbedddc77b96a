// The top level of a stack file and its networks, volumes, secrets and configs sections.
import { SERVICE, SERVICE_NAME_PATTERN } from './service';
import {
  BOOLEAN, DOCS, DRIVER_OPTS, LIST_OR_DICT, STRING, external, key, refused, table,
  type KeySpec, type MappingSpec, type ValueSpec,
} from './keys';

const N = DOCS.networks;
const V = DOCS.volumes;
const SE = DOCS.secrets;
const C = DOCS.configs;

const NETWORK: ValueSpec = {
  scalars: ['null'],
  mapping: {
    closed: true,
    label: 'network',
    extensionsSince: 7,
    keys: table(
      key('name', STRING, 'The network\'s real name (not prefixed with the stack name).', `${N}#name`, { since: 5 }),
      key('driver', STRING, 'Network driver; a stack creates overlay networks unless told otherwise.', `${N}#driver`, { engineDefault: 'overlay' }),
      key('driver_opts', DRIVER_OPTS, 'Driver-specific options.', `${N}#driver_opts`),
      key('ipam', {
        mapping: {
          closed: true,
          label: 'ipam',
          keys: table(
            key('driver', STRING, 'IPAM driver.', `${N}#ipam`),
            key('config', {
              list: {
                mapping: {
                  closed: true,
                  label: 'ipam config',
                  keys: table(key('subnet', STRING, 'Subnet in CIDR form, e.g. 10.0.9.0/24 (the only key the v3 schema allows here).', `${N}#ipam`)),
                },
              },
            }, 'Address pools.', `${N}#ipam`),
          ),
        },
      }, 'Custom IP address management.', `${N}#ipam`),
      key('external', external(true, N), 'true: the network exists already and the stack only attaches to it (it must be swarm-scoped).', `${N}#external`),
      key('internal', BOOLEAN, 'No outside connectivity.', `${N}#internal`),
      key('attachable', BOOLEAN, 'Let standalone containers attach to this overlay network too.', `${N}#attachable`, { since: 2 }),
      key('labels', LIST_OR_DICT, 'Labels on the network.', `${N}#labels`),
      refused('enable_ipv6', 'compose-only', 'remove it; set IPv6 through driver_opts or create the network outside the stack', 'Enable IPv6.', N),
    ),
  },
};

const VOLUME: ValueSpec = {
  scalars: ['null'],
  mapping: {
    closed: true,
    label: 'volume',
    extensionsSince: 7,
    keys: table(
      key('name', STRING, 'The volume\'s real name (not prefixed with the stack name).', `${V}#name`, { since: 4 }),
      key('driver', STRING, 'Volume driver; volumes are created on each node that runs a task.', `${V}#driver`, { engineDefault: 'local' }),
      key('driver_opts', DRIVER_OPTS, 'Driver-specific options (for local: type, o, device).', `${V}#driver_opts`),
      key('external', external(true, V), 'true: the volume exists already.', `${V}#external`),
      key('labels', LIST_OR_DICT, 'Labels on the volume.', `${V}#labels`),
    ),
  },
};

function fileObject(what: 'secret' | 'config'): ValueSpec {
  const L = what === 'secret' ? SE : C;
  const entries: KeySpec[] = [
    key('name', STRING, `The ${what}'s real name in the swarm.`, `${L}#name`, { since: 5 }),
    key('file', STRING, `File whose content becomes the ${what} (read by the CLI at deploy time).`, L),
    key('external', external(false, L), `true: the ${what} exists in the swarm already.`, L),
    key('labels', LIST_OR_DICT, `Labels on the ${what}.`, L),
    key('template_driver', STRING, `Template driver (\`golang\`) to expand the ${what} per task.`, L, { since: 8 }),
    refused('environment', 'compose-only', `create the ${what} from a file: (stack deploy cannot read it from an environment variable)`, 'Content from an environment variable.', L),
    refused('content', 'compose-only', `put the content in a file and use file:`, 'Inline content.', L),
  ];
  if (what === 'secret') {
    entries.push(
      key('driver', STRING, 'Secret store driver plugin.', L, { since: 8 }),
      key('driver_opts', DRIVER_OPTS, 'Options for the secret driver.', L, { since: 8 }),
    );
  }
  return { mapping: { closed: true, label: what, extensionsSince: 7, keys: table(...entries) } };
}

function section(label: string, value: ValueSpec, what: string): ValueSpec {
  return { mapping: { closed: true, label, entries: { pattern: SERVICE_NAME_PATTERN, value, what } } };
}

export const TOP_KEYS: Readonly<Record<string, KeySpec>> = table(
  key('version', { scalars: ['string'] }, 'Stack file format version, "3.0" to "3.14"; without it docker stack deploy uses the newest 3.x.',
    DOCS.version, { common: true, engineDefault: 'the newest 3.x the CLI knows' }),
  key('services', section('services', SERVICE, 'service'), 'The services of the stack; each becomes a swarm service named <stack>_<service>.',
    DOCS.services, { common: true }),
  // Top-level networks has no additionalProperties:false in the schema, but every name still gets the network shape.
  key('networks', { mapping: { closed: false, label: 'networks', entries: { value: NETWORK, what: 'network' } } },
    'Networks the stack creates (overlay by default) or attaches to (external).', N),
  key('volumes', section('volumes', VOLUME, 'volume'), 'Named volumes the services mount.', V),
  key('secrets', section('secrets', fileObject('secret'), 'secret'), 'Swarm secrets the services use.', SE, { since: 1 }),
  key('configs', section('configs', fileObject('config'), 'config'), 'Swarm configs the services use.', C, { since: 3 }),
  refused('name', 'compose-only', 'remove it: the stack name is the argument of `docker stack deploy -c FILE NAME`', 'Compose project name.', DOCS.version),
  refused('include', 'compose-only', 'pass several files with `docker stack deploy -c a.yml -c b.yml`', 'Include other Compose files.', DOCS.stackDeploy),
  refused('models', 'compose-only', 'remove it', 'AI models.', DOCS.services),
);

export const ROOT: MappingSpec = { closed: true, label: 'the top level', keys: TOP_KEYS, extensionsSince: 4 };
