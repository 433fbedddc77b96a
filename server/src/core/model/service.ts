// The keys of one service (`services.<name>`), from docker/cli's config_schema_v3.13/3.14.json, with the
// stack-deploy triage of cli/compose/types/types.go (UnsupportedProperties, DeprecatedProperties,
// ForbiddenProperties) and the Compose Specification keys the v3 schema refuses.
import { DEPLOY } from './deploy';
import { HEALTHCHECK } from './healthcheck';
import {
  BOOLEAN, DOCS, DRIVER_OPTS, DURATION, INTEGER, LIST_OF_STRINGS, LIST_OR_DICT, STRING, STRING_OR_LIST, STRING_OR_STRING_LIST,
  key, refused, table, type KeySpec, type Triage, type ValueSpec,
} from './keys';

const S = DOCS.services;
const ignored = (fix: string): Triage => ({ kind: 'ignored', fix });
const UNSUPPORTED = 'docker stack deploy ignores it ("Ignoring unsupported options")';

const NAME_PATTERN = /^[a-zA-Z0-9._-]+$/;

/** Items of service-level `secrets:` / `configs:`: a name, or the long form (the schema leaves it open). */
function fileRef(what: 'secret' | 'config'): ValueSpec {
  const link = `${S}#${what}s`;
  return {
    list: {
      scalars: ['string'],
      mapping: {
        closed: false,
        label: `${what} reference`,
        keys: table(
          key('source', STRING, `Name of the top-level ${what} to mount.`, link),
          key('target', STRING, `Path (or file name) of the ${what} inside the container.`, link),
          key('uid', STRING, 'Owner user id of the mounted file, as a string.', link),
          key('gid', STRING, 'Owner group id of the mounted file, as a string.', link),
          key('mode', { scalars: ['number'] }, 'Permission bits of the mounted file, e.g. 0440 (octal in YAML).', link),
        ),
      },
    },
  };
}

const PORTS: ValueSpec = {
  list: {
    scalars: ['number', 'string'],
    mapping: {
      closed: true,
      label: 'port',
      keys: table(
        key('mode', STRING, '`ingress` publishes on every node through the routing mesh; `host` only on the node running the task.', `${S}#ports`),
        key('target', INTEGER, 'Port inside the container.', `${S}#ports`),
        key('published', INTEGER, 'Port published outside the swarm.', `${S}#ports`),
        key('protocol', STRING, '`tcp` or `udp`.', `${S}#ports`),
      ),
    },
  },
  unique: true,
};

const VOLUME_MOUNT: ValueSpec = {
  list: {
    scalars: ['string'],
    mapping: {
      closed: true,
      label: 'volume mount',
      keys: table(
        key('type', STRING, '`volume`, `bind` or `tmpfs` (the only form of tmpfs stack deploy converts).', `${S}#volumes`),
        key('source', STRING, 'Named volume or host path to mount.', `${S}#volumes`),
        key('target', STRING, 'Path inside the container.', `${S}#volumes`),
        key('read_only', BOOLEAN, 'Mount read-only.', `${S}#volumes`),
        key('consistency', STRING, 'Mount consistency (Docker Desktop only).', `${S}#volumes`),
        key('bind', { mapping: { closed: false, label: 'bind', keys: table(key('propagation', STRING, 'Bind propagation mode, e.g. `rprivate`.', `${S}#volumes`)) } },
          'Options for bind mounts.', `${S}#volumes`),
        key('volume', { mapping: { closed: false, label: 'volume', keys: table(key('nocopy', BOOLEAN, 'Do not copy image data into a new volume.', `${S}#volumes`)) } },
          'Options for volume mounts.', `${S}#volumes`),
        key('tmpfs', {
          mapping: { closed: false, label: 'tmpfs', keys: table(key('size', { scalars: ['integer'], min: 0 }, 'Size of the tmpfs in bytes.', `${S}#volumes`)) },
        }, 'Options for tmpfs mounts.', `${S}#volumes`, { since: 6 }),
      ),
    },
  },
  unique: true,
};

const NETWORK_ATTACH: ValueSpec = {
  list: STRING,
  unique: true,
  mapping: {
    closed: true,
    label: 'networks',
    entries: {
      pattern: NAME_PATTERN,
      what: 'network',
      value: {
        scalars: ['null'],
        mapping: {
          closed: true,
          label: 'network attachment',
          keys: table(
            key('aliases', LIST_OF_STRINGS, 'Extra DNS names for this service on that network.', `${S}#networks`),
            key('driver_opts', DRIVER_OPTS, 'Driver options for this attachment.', `${S}#networks`, { since: 12 }),
            key('ipv4_address', STRING, 'Static IPv4 address (not honoured for swarm services).', `${S}#networks`),
            key('ipv6_address', STRING, 'Static IPv6 address (not honoured for swarm services).', `${S}#networks`),
          ),
        },
      },
    },
  },
};

const ULIMITS: ValueSpec = {
  mapping: {
    closed: false,
    label: 'ulimits',
    entries: {
      pattern: /^[a-z]+$/,
      what: 'ulimit',
      value: {
        scalars: ['integer'],
        mapping: {
          closed: true,
          label: 'ulimit',
          keys: table(
            key('soft', INTEGER, 'Soft limit.', `${S}#ulimits`),
            key('hard', INTEGER, 'Hard limit.', `${S}#ulimits`),
          ),
        },
      },
    },
  },
};

const LOGGING: ValueSpec = {
  mapping: {
    closed: true,
    label: 'logging',
    keys: table(
      key('driver', STRING, 'Log driver for the containers, e.g. `json-file`, `gelf`.', `${S}#logging`),
      key('options', {
        mapping: { closed: false, label: 'options', entries: { pattern: /^.+$/, value: { scalars: ['string', 'number', 'null'] }, what: 'option' } },
      }, 'Driver options; values must be strings or numbers (quote `"true"`).', `${S}#logging`),
    ),
  },
};

const CREDENTIAL_SPEC: ValueSpec = {
  mapping: {
    closed: true,
    label: 'credential_spec',
    keys: table(
      key('config', STRING, 'Name of a swarm config holding the credential spec.', `${S}#credential_spec`, { since: 8 }),
      key('file', STRING, 'Credential spec file on the node.', `${S}#credential_spec`),
      key('registry', STRING, 'Registry value holding the credential spec.', `${S}#credential_spec`),
    ),
  },
};

const BUILD: ValueSpec = { scalars: ['string'], mapping: { closed: false, label: 'build' } };

const SHELL: ValueSpec = STRING_OR_STRING_LIST;

export const SERVICE_KEYS: Readonly<Record<string, KeySpec>> = table(
  key('deploy', DEPLOY, 'Swarm settings: mode, replicas, rolling update and rollback, restart policy, resources and placement.', `${S}#deploy`, { common: true }),
  key('build', BUILD, 'How to build the image; stack deploy never builds — push the image and set `image:`.', `${S}#build`,
    { triage: ignored(`${UNSUPPORTED}: build and push the image first, then reference it with image:`) }),
  key('cap_add', LIST_OF_STRINGS, 'Kernel capabilities to add to the containers.', `${S}#cap_add`),
  key('cap_drop', LIST_OF_STRINGS, 'Kernel capabilities to drop.', `${S}#cap_drop`),
  key('cgroupns_mode', STRING, 'Cgroup namespace mode.', `${S}#cgroupns_mode`, { since: 9, triage: ignored(`${UNSUPPORTED}; remove it`) }),
  key('cgroup_parent', STRING, 'Parent cgroup of the containers.', `${S}#cgroup_parent`, { triage: ignored(`${UNSUPPORTED}; remove it`) }),
  key('command', SHELL, 'Overrides the image\'s CMD.', `${S}#command`, { common: true }),
  key('configs', fileRef('config'), 'Swarm configs mounted into the containers.', `${S}#configs`, { since: 3 }),
  key('container_name', STRING, 'A fixed container name; a swarm names task containers itself.', `${S}#container_name`,
    { triage: { kind: 'deprecated', fix: 'docker stack deploy ignores it ("Setting the container name is not supported"); remove it' } }),
  key('credential_spec', CREDENTIAL_SPEC, 'Windows gMSA credential spec for the containers.', `${S}#credential_spec`, { since: 3 }),
  key('depends_on', { ...LIST_OF_STRINGS, composeOnly: { mapping: 'the long form (with condition:) is Compose-only; docker stack deploy needs a plain list of service names, and ignores even that' } },
    'Start order for docker compose; a swarm starts all services at once.', `${S}#depends_on`,
    { triage: { kind: 'unused', fix: 'docker stack deploy accepts it but never uses it: swarm services start in any order, so make each service retry its dependencies (or use a healthcheck)' } }),
  key('devices', LIST_OF_STRINGS, 'Host devices to map into the containers.', `${S}#devices`, { triage: ignored(`${UNSUPPORTED}; remove it`) }),
  key('dns', STRING_OR_LIST, 'Custom DNS servers.', `${S}#dns`),
  key('dns_search', STRING_OR_LIST, 'Custom DNS search domains.', `${S}#dns_search`),
  key('domainname', STRING, 'Container domain name.', `${S}#domainname`, { triage: ignored(`${UNSUPPORTED}; remove it`) }),
  key('entrypoint', SHELL, 'Overrides the image\'s ENTRYPOINT.', `${S}#entrypoint`),
  key('env_file', { ...STRING_OR_LIST, composeOnly: { listOfMappings: 'the long form (path:/required:) is Compose-only; list the file paths as plain strings' } },
    'Files of KEY=value lines added to the environment (read by the CLI at deploy time).', `${S}#env_file`),
  key('environment', LIST_OR_DICT, 'Environment variables: a mapping (values: strings or numbers; quote booleans) or a list of KEY=value.',
    `${S}#environment`, { common: true }),
  key('expose', { list: { scalars: ['string', 'number'] }, unique: true }, 'Ports exposed to other services only.', `${S}#expose`,
    { triage: { kind: 'deprecated', fix: 'docker stack deploy ignores it ("Exposing ports is unnecessary"): services on a shared network reach each other on any port; remove it' } }),
  key('external_links', LIST_OF_STRINGS, 'Links to containers outside the file.', `${S}#external_links`, { triage: ignored(`${UNSUPPORTED}; use a shared network`) }),
  key('extra_hosts', LIST_OR_DICT, 'Extra /etc/hosts entries, `host:ip`.', `${S}#extra_hosts`),
  key('group_add', { list: { scalars: ['string', 'number'] }, unique: true }, 'Extra groups for the container user.', `${S}#group_add`, { since: 13 }),
  key('healthcheck', HEALTHCHECK, 'How the engine checks that a container works; a swarm replaces unhealthy tasks and rolling updates wait for healthy ones.',
    `${S}#healthcheck`, { common: true }),
  key('hostname', STRING, 'Container host name (may use templates such as `{{.Task.Slot}}`).', `${S}#hostname`),
  key('image', STRING, 'The image to run; required for every service in a stack.', `${S}#image`, { common: true }),
  key('init', BOOLEAN, 'Run an init process (tini) as PID 1 that reaps zombies and forwards signals.', `${S}#init`, { since: 7 }),
  key('ipc', STRING, 'IPC namespace mode.', `${S}#ipc`, { triage: ignored(`${UNSUPPORTED}; remove it`) }),
  key('isolation', STRING, 'Container isolation technology (Windows: process, hyperv).', `${S}#isolation`, { since: 5 }),
  key('labels', LIST_OR_DICT, 'Labels on the containers (use deploy.labels for the service).', `${S}#labels`),
  key('links', LIST_OF_STRINGS, 'Legacy container links.', `${S}#links`, { triage: ignored(`${UNSUPPORTED}; services on a shared network reach each other by name`) }),
  key('logging', LOGGING, 'Log driver and its options.', `${S}#logging`),
  key('mac_address', STRING, 'Container MAC address.', `${S}#mac_address`, { triage: ignored(`${UNSUPPORTED}; remove it`) }),
  key('network_mode', STRING, 'host/none/container network mode.', `${S}#network_mode`,
    { triage: ignored(`${UNSUPPORTED}; attach the service to the external network "host" under networks: instead`) }),
  key('networks', NETWORK_ATTACH, 'Networks the service joins (default: the stack\'s default network).', `${S}#networks`, { common: true }),
  key('oom_score_adj', INTEGER, 'OOM-killer preference for the containers (-1000 to 1000).', `${S}#oom_score_adj`, { since: 12 }),
  key('pid', { scalars: ['string', 'null'] }, 'PID namespace mode.', `${S}#pid`, { triage: ignored(`${UNSUPPORTED}; remove it`) }),
  key('ports', PORTS, 'Published ports: `"8080:80"` or the long form with target/published/mode/protocol.', `${S}#ports`, { common: true }),
  key('privileged', BOOLEAN, 'Run the containers privileged.', `${S}#privileged`, { triage: ignored(`${UNSUPPORTED}; use cap_add for the capabilities you need`) }),
  key('read_only', BOOLEAN, 'Mount the root filesystem read-only.', `${S}#read_only`),
  key('restart', STRING, 'Compose restart policy.', `${S}#restart`,
    {
      triage: {
        ...ignored(`${UNSUPPORTED}; set deploy.restart_policy.condition (none, on-failure or any) instead`),
        moveTo: ['deploy', 'restart_policy', 'condition'],
        moveValues: { no: 'none', always: 'any', 'unless-stopped': 'any', 'on-failure': 'on-failure' },
      },
    }),
  key('secrets', fileRef('secret'), 'Swarm secrets mounted under /run/secrets.', `${S}#secrets`, { since: 1 }),
  key('security_opt', LIST_OF_STRINGS, 'Security options (seccomp, apparmor…).', `${S}#security_opt`, { triage: ignored(`${UNSUPPORTED}; remove it`) }),
  key('shm_size', { scalars: ['number', 'string'] }, 'Size of /dev/shm.', `${S}#shm_size`,
    { triage: ignored(`${UNSUPPORTED}; mount a tmpfs volume at /dev/shm instead`) }),
  key('stdin_open', BOOLEAN, 'Keep STDIN open.', `${S}#stdin_open`),
  key('stop_grace_period', DURATION, 'Time between SIGTERM (or stop_signal) and SIGKILL when a task stops.', `${S}#stop_grace_period`,
    { engineDefault: '10s' }),
  key('stop_signal', STRING, 'Signal that stops the containers.', `${S}#stop_signal`, { engineDefault: 'SIGTERM (or the image\'s STOPSIGNAL)' }),
  key('sysctls', LIST_OR_DICT, 'Kernel parameters for the containers.', `${S}#sysctls`),
  key('tmpfs', { ...STRING_OR_LIST, unused: { scalar: 'short tmpfs is never converted by docker stack deploy; use a volumes: entry with type: tmpfs', list: 'short tmpfs is never converted by docker stack deploy; use a volumes: entry with type: tmpfs' } },
    'tmpfs mounts.', `${S}#tmpfs`),
  key('tty', BOOLEAN, 'Allocate a TTY.', `${S}#tty`),
  key('ulimits', ULIMITS, 'Resource limits such as nofile: a number, or soft and hard.', `${S}#ulimits`),
  key('user', STRING, 'User (and group) the process runs as.', `${S}#user`),
  key('userns_mode', STRING, 'User namespace mode.', `${S}#userns_mode`, { triage: ignored(`${UNSUPPORTED}; remove it`) }),
  key('volumes', VOLUME_MOUNT, 'Mounts: `name:/path[:ro]` or the long form with type/source/target.', `${S}#volumes`, { common: true }),
  key('working_dir', STRING, 'Working directory of the process.', `${S}#working_dir`),

  // ForbiddenProperties: the loader refuses the file ("Configuration contains forbidden properties").
  refused('extends', 'forbidden', 'stack deploy does not implement extends; use YAML anchors and `<<` merges, or several -c files', 'Reuse another service\'s configuration.', S),
  refused('volume_driver', 'forbidden', 'define the volume under top-level volumes: with its driver and mount it by name', 'Volume driver for the service\'s volumes.', S),
  refused('volumes_from', 'forbidden', 'define a top-level volume and mount it in each service that shares it', 'Mount all volumes of another container.', S),
  refused('cpu_quota', 'forbidden', 'set deploy.resources.limits.cpus instead', 'CFS CPU quota.', S),
  refused('cpu_shares', 'forbidden', 'set deploy.resources.limits.cpus / reservations.cpus instead', 'Relative CPU weight.', S),
  refused('cpuset', 'forbidden', 'set deploy.resources.limits.cpus instead (stack deploy cannot pin CPUs)', 'CPUs the containers may use.', S),
  refused('mem_limit', 'forbidden', 'set deploy.resources.limits.memory instead', 'Memory limit.', S, 'deploy.resources.limits.memory'),
  refused('memswap_limit', 'forbidden', 'set deploy.resources.limits.memory instead (stack deploy has no swap limit before 3.14)', 'Memory plus swap limit.', S),

  // Compose Specification keys the v3 schema refuses ("Additional property … is not allowed").
  refused('profiles', 'compose-only', 'stack deploy has no profiles: remove it, or move the service into a separate stack file', 'Compose profiles.', S),
  refused('develop', 'compose-only', 'remove it; `docker compose watch` settings mean nothing to a swarm', 'Compose watch settings.', S),
  refused('pull_policy', 'compose-only', 'remove it; use `docker stack deploy --resolve-image` instead', 'When Compose pulls the image.', S),
  refused('platform', 'compose-only', 'remove it; use deploy.placement.constraints with node.platform.os / node.platform.arch', 'Target platform.', S),
  refused('scale', 'compose-only', 'use deploy.replicas', 'Compose replica count.', S, 'deploy.replicas'),
  refused('gpus', 'compose-only', 'use deploy.resources.reservations.generic_resources', 'GPU access.', S),
  refused('mem_reservation', 'compose-only', 'use deploy.resources.reservations.memory', 'Memory reservation.', S, 'deploy.resources.reservations.memory'),
  refused('cpus', 'compose-only', 'use deploy.resources.limits.cpus (as a quoted string)', 'CPU limit.', S, 'deploy.resources.limits.cpus'),
  refused('pids_limit', 'compose-only', 'use deploy.resources.limits.pids (3.10+)', 'Process limit.', S),
  refused('cpu_count', 'compose-only', 'use deploy.resources.limits.cpus', 'CPU count (Windows).', S),
  refused('cpu_percent', 'compose-only', 'use deploy.resources.limits.cpus', 'CPU percentage (Windows).', S),
  refused('cpu_period', 'compose-only', 'use deploy.resources.limits.cpus', 'CFS period.', S),
  refused('mem_swappiness', 'compose-only', 'use deploy.resources.memory_swappiness (3.14+) or remove it', 'Swappiness.', S),
  refused('oom_kill_disable', 'compose-only', 'remove it', 'Disable the OOM killer.', S),
  refused('runtime', 'compose-only', 'remove it; the runtime is a node setting for swarm tasks', 'OCI runtime.', S),
  refused('storage_opt', 'compose-only', 'remove it', 'Storage driver options.', S),
  refused('device_cgroup_rules', 'compose-only', 'remove it', 'Device cgroup rules.', S),
  refused('blkio_config', 'compose-only', 'remove it', 'Block IO limits.', S),
  refused('annotations', 'compose-only', 'use labels: instead', 'OCI annotations.', S),
  refused('attach', 'compose-only', 'remove it', 'Compose log attachment.', S),
  refused('post_start', 'compose-only', 'remove it; run the step in the image entrypoint', 'Lifecycle hook.', S),
  refused('pre_stop', 'compose-only', 'remove it; handle stop_signal in the process', 'Lifecycle hook.', S),
  refused('label_file', 'compose-only', 'list the labels under labels:', 'Labels read from files.', S),
  refused('use_api_socket', 'compose-only', 'remove it', 'Docker API socket access.', S),
  refused('models', 'compose-only', 'remove it', 'AI model access.', S),
  refused('provider', 'compose-only', 'remove it', 'External provider service.', S),
);

export const SERVICE: ValueSpec = {
  mapping: { closed: true, label: 'service', keys: SERVICE_KEYS, extensionsSince: 7 },
};

export const SERVICE_NAME_PATTERN = NAME_PATTERN;
