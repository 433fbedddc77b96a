// `healthcheck:` — runtime defaults from moby daemon/health.go (applied per container when a field is 0/unset).
import { BOOLEAN, DOCS, DURATION, key, table, type ValueSpec } from './keys';

const L = `${DOCS.services}#healthcheck`;
/** The daemon refuses a non-zero healthcheck duration below 1ms. */
const HC_DURATION: ValueSpec = { ...DURATION, engineMin: 0.001 };

export const HEALTHCHECK: ValueSpec = {
  mapping: {
    closed: true,
    label: 'healthcheck',
    keys: table(
      key('test', { scalars: ['string'], list: { scalars: ['string'] }, format: 'hc-test' },
        'The probe: `["CMD", "curl", "-f", "http://localhost"]`, `["CMD-SHELL", "curl -f http://localhost || exit 1"]`, a shell string, or `["NONE"]`.',
        L, { common: true, engineDefault: "the image's HEALTHCHECK" }),
      key('interval', HC_DURATION, 'Time between probes.', L, { common: true, engineDefault: '30s' }),
      key('timeout', HC_DURATION, 'How long one probe may run before it counts as failed.', L, { common: true, engineDefault: '30s' }),
      key('retries', { scalars: ['number'], min: 0 }, 'Consecutive failures before the container is unhealthy (and its swarm task is replaced).', L,
        { common: true, engineDefault: '3' }),
      key('start_period', HC_DURATION, 'Grace period after start during which failures do not count (a success still counts).', L,
        { common: true, since: 4, engineDefault: '0s' }),
      key('start_interval', HC_DURATION, 'Time between probes during start_period (needs Docker Engine 25+).', L,
        { since: 12, engineDefault: '5s' }),
      key('disable', BOOLEAN, 'true turns off any healthcheck, including the image\'s; cannot be combined with test.', L, { engineDefault: 'false' }),
    ),
  },
};
