// `deploy:` and everything under it. Defaults are the ones the engine applies (swarmkit api/defaults/service.go,
// moby daemon/cluster/convert/service.go), not the ones some docs print.
import {
  DOCS, DURATION, LIST_OR_DICT, STRING, UINT, key, table,
  type KeySpec, type MappingSpec, type ValueSpec,
} from './keys';

const D = DOCS.deploy;

/** update_config and rollback_config share their fields; rollback's failure_action has no useful `rollback`. */
function updateLike(which: 'update' | 'rollback'): MappingSpec {
  const verb = which === 'update' ? 'update' : 'rollback';
  const section = which === 'update' ? 'update_config' : 'rollback_config';
  const link = `${D}#${section}`;
  const failureAction: ValueSpec = which === 'update'
    ? { scalars: ['string'], enum: { values: ['pause', 'continue', 'rollback'], refusedBy: 'engine', allowEmpty: true } }
    : {
      scalars: ['string'],
      enum: {
        values: ['pause', 'continue'],
        refusedBy: 'engine',
        allowEmpty: true,
        misleading: { rollback: 'a failing rollback is never rolled back: swarmkit pauses it ("rollback paused due to failure"); use pause or continue' },
      },
    };
  return {
    closed: true,
    label: section,
    keys: table(
      key('parallelism', UINT, `How many tasks the ${verb} replaces at a time; 0 means all at once.`, link, { common: true, engineDefault: '1' }),
      key('delay', DURATION, `Wait between ${verb} batches (a Go duration such as \`10s\`).`, link, { common: true, engineDefault: '0s' }),
      key('failure_action', failureAction,
        which === 'update'
          ? 'What the swarm does when the update fails: pause it, continue, or roll back to the previous spec.'
          : 'What the swarm does when the rollback itself fails: pause it or continue.',
        link, { common: true, engineDefault: 'pause' }),
      key('monitor', DURATION,
        `How long after each task starts the swarm watches it for failure before the ${verb} moves on; make it cover the healthcheck's time to a verdict.`,
        link, { common: true, engineDefault: '5s (docs say 0s; the engine applies 5s when unset)' }),
      key('max_failure_ratio', { scalars: ['number'], min: 0, max: 1 },
        `Fraction of tasks (0 to 1) allowed to fail during the ${verb} before failure_action fires.`, link, { engineDefault: '0' }),
      key('order', { scalars: ['string'], enum: { values: ['stop-first', 'start-first'], refusedBy: 'schema' } },
        'stop-first stops the old task before starting the new one; start-first starts the new one first (briefly running both).',
        link, { common: true, since: 4, engineDefault: 'stop-first' }),
    ),
  };
}

const CPUS: ValueSpec = { scalars: ['string'], legacyScalars: { before: 2, scalars: ['number'] }, format: 'cpus', engineMin: 0.001 };
const MEMORY: ValueSpec = { scalars: ['string'], format: 'bytes', engineMin: 4 * 1024 * 1024 };

const GENERIC_RESOURCES: ValueSpec = {
  list: {
    mapping: {
      closed: true,
      label: 'generic_resources item',
      keys: table(
        key('discrete_resource_spec', {
          mapping: {
            closed: true,
            label: 'discrete_resource_spec',
            keys: table(
              key('kind', STRING, 'Kind of the generic resource, as advertised by the node (e.g. `gpu`).', `${D}#resources`),
              key('value', { scalars: ['number'] }, 'How many units of that resource to reserve.', `${D}#resources`),
            ),
          },
        }, 'A countable node resource (such as GPUs) the task reserves.', `${D}#resources`),
      ),
    },
  },
};

export const RESOURCES: MappingSpec = {
  closed: true,
  label: 'resources',
  keys: table(
    key('limits', {
      mapping: {
        closed: true,
        label: 'limits',
        keys: table(
          key('cpus', CPUS, 'Most CPU a task may use, as a quoted decimal string such as `\'0.5\'`.', `${D}#cpus`, { engineDefault: 'unlimited' }),
          key('memory', MEMORY, 'Most memory a task may use, with a unit: `512M`, `1G`.', `${D}#memory`, { engineDefault: 'unlimited' }),
          key('pids', { scalars: ['integer'] }, 'Most processes a task may run.', `${D}#pids`, { since: 10, engineDefault: 'unlimited' }),
        ),
      },
    }, 'Hard caps applied to each task\'s container.', `${D}#resources`, { common: true }),
    key('reservations', {
      mapping: {
        closed: true,
        label: 'reservations',
        keys: table(
          key('cpus', CPUS, 'CPU a node must have free to run a task; used for scheduling only.', `${D}#cpus`, { engineDefault: 'none' }),
          key('memory', MEMORY, 'Memory a node must have free to run a task; used for scheduling only.', `${D}#memory`, { engineDefault: 'none' }),
          key('generic_resources', GENERIC_RESOURCES, 'Countable node resources (GPUs…) a task reserves.', `${D}#resources`, { since: 5 }),
        ),
      },
    }, 'What the scheduler sets aside on a node for each task.', `${D}#resources`, { common: true }),
    key('memory_swap', { scalars: ['integer'] }, 'Swap limit for the task, in bytes.', `${D}#resources`, { since: 14 }),
    key('memory_swappiness', { scalars: ['integer'] }, 'Kernel swappiness (0-100) for the task\'s container.', `${D}#resources`, { since: 14 }),
  ),
};

const RESTART_POLICY: MappingSpec = {
  closed: true,
  label: 'restart_policy',
  keys: table(
    key('condition', { scalars: ['string'], enum: { values: ['none', 'on-failure', 'any'], refusedBy: 'engine', allowEmpty: true } },
      'When the swarm restarts a task: never (none), after a non-zero exit (on-failure), or always (any).', `${D}#restart_policy`,
      { common: true, engineDefault: 'any' }),
    key('delay', DURATION, 'Wait between restart attempts.', `${D}#restart_policy`,
      { engineDefault: '5s (docs say 0; the engine applies 5s when unset)' }),
    key('max_attempts', UINT, 'How many restarts to try before giving up; 0 means no limit.', `${D}#restart_policy`, { engineDefault: '0 (unlimited)' }),
    key('window', DURATION, 'How long after a restart the task must stay up for the restart to count as a success; 0 counts every restart.',
      `${D}#restart_policy`, { engineDefault: '0s' }),
  ),
};

const PLACEMENT: MappingSpec = {
  closed: true,
  label: 'placement',
  keys: table(
    key('constraints', { list: STRING }, 'Node filters every task must satisfy, like `node.role == manager` or `node.labels.zone != east`.',
      `${D}#placement`, { common: true }),
    key('preferences', {
      list: {
        mapping: {
          closed: true,
          label: 'preferences item',
          keys: table(key('spread', STRING, 'Spread tasks evenly over the values of this node label, e.g. `node.labels.zone`.', `${D}#placement`)),
        },
      },
    }, 'Soft placement preferences, applied in order.', `${D}#placement`, { since: 3 }),
    key('max_replicas_per_node', UINT, 'Most tasks of this service on one node; 0 means no limit.', `${D}#placement`, { since: 8, engineDefault: '0 (unlimited)' }),
  ),
};

export const DEPLOY_KEYS: Readonly<Record<string, KeySpec>> = table(
  key('mode', {
    scalars: ['string'],
    enum: { values: ['replicated', 'global', 'replicated-job', 'global-job'], refusedBy: 'deploy', allowEmpty: true },
  }, 'replicated runs `replicas` tasks; global runs one task per node; the -job variants run tasks to completion.', `${D}#mode`,
  { common: true, engineDefault: 'replicated' }),
  key('endpoint_mode', {
    scalars: ['string'],
    enum: { values: ['vip', 'dnsrr'], refusedBy: 'runtime', caseInsensitive: true, allowEmpty: true },
  }, 'How clients find the service: one virtual IP (vip) or DNS round-robin over the task IPs (dnsrr).', `${D}#endpoint_mode`,
  { since: 2, engineDefault: 'vip' }),
  key('replicas', UINT, 'How many tasks a replicated service runs (or a replicated job runs to completion).', `${D}#replicas`,
    { common: true, engineDefault: '1' }),
  key('labels', LIST_OR_DICT, 'Labels on the service itself (not on its containers).', `${D}#labels`),
  key('update_config', { mapping: updateLike('update') }, 'How a changed service is rolled out, batch by batch.', `${D}#update_config`, { common: true }),
  key('rollback_config', { mapping: updateLike('rollback') }, 'How the service returns to its previous spec when an update fails or on `docker service rollback`.',
    `${D}#rollback_config`, { common: true, since: 7 }),
  key('resources', { mapping: RESOURCES }, 'CPU and memory limits and reservations for each task.', `${D}#resources`, { common: true }),
  key('restart_policy', { mapping: RESTART_POLICY }, 'When and how the swarm restarts tasks that exit.', `${D}#restart_policy`, { common: true }),
  key('placement', { mapping: PLACEMENT }, 'Which nodes may run the tasks.', `${D}#placement`, { common: true }),
);

export const DEPLOY: ValueSpec = {
  scalars: ['null'],
  mapping: { closed: true, label: 'deploy', keys: DEPLOY_KEYS },
};

