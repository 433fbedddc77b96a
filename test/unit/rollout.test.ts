// Rollout-safety rules: healthcheck presence, monitor against the healthcheck's time to a verdict (engine
// defaults from the knowledge model), failure_action rollback without a healthcheck, parallelism 0.
import * as assert from 'assert';
import { validate } from '../../server/src/core';
import { HEALTHCHECK, DEPLOY_KEYS } from '../../server/src/core/model';
import { formatDuration } from '../../server/src/core/rules/rollout';
import { fires, quiet } from './crossKey.test';

const svc = (body: string) => `version: "3.8"\nservices:\n  «api»:\n    image: nginx\n${body}`;
const clean = (s: string) => s.replace('«', '').replace('»', '');

describe('core: rollout rules', () => {
  it('rollout/no-healthcheck: Information on a replicated swarm service without one, mentioning the image', () => {
    fires('rollout/no-healthcheck', 'information', svc('    deploy:\n      replicas: 3\n'), /image defines a HEALTHCHECK/);
    quiet(clean(svc('    deploy:\n      mode: global\n')), 'rollout/no-healthcheck');
    quiet(clean(svc('    healthcheck:\n      disable: true\n    deploy:\n      replicas: 3\n')), 'rollout/no-healthcheck');
    quiet(clean(svc('    healthcheck:\n      interval: 10s\n    deploy:\n      replicas: 3\n')), 'rollout/no-healthcheck');
    quiet(clean(svc('')), 'rollout/no-healthcheck'); // no deploy: a compose-style service gets no advice
  });

  it('rollout/monitor-too-short: start_period + retries × (interval + timeout), defaults from the model', () => {
    const hc = '    healthcheck:\n      test: ["CMD", "true"]\n      interval: 10s\n      timeout: 5s\n      retries: 3\n      start_period: 30s\n';
    const t = `version: "3.8"\nservices:\n  api:\n    image: nginx\n${hc}    deploy:\n      update_config:\n        monitor: «30s»\n`;
    fires('rollout/monitor-too-short', 'warning', t, /= 30s \+ 3 × \(10s \+ 5s\) = 1m15s.*monitor: 1m15s/);
    quiet(clean(t.replace('30s»', '75s»')), 'rollout/monitor-too-short');
    // Every timing absent: the engine defaults (30s, 30s, 3, 0s) need 3m; monitor absent means 5s, reported at update_config.
    const d = 'version: "3.8"\nservices:\n  api:\n    image: nginx\n    healthcheck:\n      test: ["CMD", "true"]\n    deploy:\n      «update_config»:\n        parallelism: 1\n';
    fires('rollout/monitor-too-short', 'warning', d, /5s \(the engine default\).*= 0s \+ 3 × \(30s \+ 30s\) = 3m/);
    assert.strictEqual(HEALTHCHECK.mapping!.keys!.interval!.engineDefault, '30s');
    assert.match(DEPLOY_KEYS.update_config!.value.mapping!.keys!.monitor!.engineDefault!, /^5s/);
    // Unknowable timings stay quiet; so do a disabled healthcheck and an image-defined test.
    quiet(clean(t.replace('interval: 10s', 'interval: ${HC_INTERVAL}')), 'rollout/monitor-too-short');
    quiet(clean(d.replace('test: ["CMD", "true"]', 'test: ["NONE"]')), 'rollout/monitor-too-short');
    quiet(clean(d.replace('      test: ["CMD", "true"]\n', '      interval: 5s\n')), 'rollout/monitor-too-short');
  });

  it('rollout/rollback-without-healthcheck and rollout/parallelism-all are Information', () => {
    fires('rollout/rollback-without-healthcheck', 'information', 'services:\n  api:\n    image: nginx\n    deploy:\n      update_config:\n        failure_action: «rollback»\n', /unless the image defines/);
    fires('rollout/rollback-without-healthcheck', 'information', 'services:\n  api:\n    image: nginx\n    healthcheck: {disable: true}\n    deploy:\n      update_config:\n        failure_action: «rollback»\n', /disabled/);
    quiet('services:\n  api:\n    image: nginx\n    healthcheck: {test: ["CMD", "true"]}\n    deploy:\n      update_config: {failure_action: rollback, monitor: 5m}\n', 'rollout/rollback-without-healthcheck');
    fires('rollout/parallelism-all', 'information', 'services:\n  api:\n    image: nginx\n    deploy:\n      update_config:\n        parallelism: «0»\n', /down during the update/);
    quiet('services:\n  api:\n    image: nginx\n    deploy:\n      rollback_config:\n        parallelism: 0\n', 'rollout/parallelism-all');
  });

  it('formats durations as Go does', () => {
    assert.deepStrictEqual([0, 0.5, 5, 60, 75, 3600, 3725].map(formatDuration), ['0s', '500ms', '5s', '1m', '1m15s', '1h', '1h2m5s']);
  });

  it('the story: v1 gets the no-healthcheck advice and nothing louder', () => {
    const v1 = 'version: "3.8"\nservices:\n  numbers-api:\n    image: swarm-rollout/numbers-api:v1\n    deploy:\n      replicas: 3\n';
    assert.deepStrictEqual(validate(v1).findings.map((f) => `${f.severity} ${f.code}`), ['information rollout/no-healthcheck']);
  });
});
