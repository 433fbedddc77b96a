// Drift on live specs recorded from the real engine (test/fixtures/drift): stack-v2 deployed as "driftrec",
// and the same stack after stack-v1 was deployed over it (healthcheck, update_config, rollback_config all gone).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { computeDrift, goDuration, stackServices, type LiveService } from '../../client/src/drift/drift';
import { renderLiveStack } from '../../client/src/drift/liveCompose';

const REPO = path.resolve(__dirname, '../..');
const fixture = (name: string): { stack: string; services: LiveService[] } =>
  JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/drift', name), 'utf8'));
const example = (v: number) => fs.readFileSync(path.join(REPO, `examples/numbers/stack-v${v}.yml`), 'utf8');
const v2Live = fixture('stack-v2-live.json');
const v1Live = fixture('stack-v1-after-v2-live.json');
const at = (text: string, f: { start: number; end: number }) => text.slice(f.start, f.end);

describe('drift: what the next deploy removes or reverts', () => {
  it('stack-v1 over a live stack-v2: the healthcheck, update_config and rollback_config would be removed', () => {
    const text = example(1);
    const f = computeDrift(text, v2Live.stack, v2Live.services);
    assert.deepEqual(f.map((x) => x.code), ['drift/healthcheck-removed', 'drift/update_config-removed', 'drift/rollback_config-removed']);
    assert.equal(at(text, f[0]!), 'numbers-api');
    assert.equal(at(text, f[1]!), 'deploy');
    assert.equal(at(text, f[2]!), 'deploy');
    assert.match(f[0]!.message, /driftrec_numbers-api has a healthcheck \(test: wget -q -O \/dev\/null http:\/\/localhost\/health, interval: 2s, timeout: 2s, retries: 2, start_period: 1s\)/);
    assert.deepEqual(f[1]!.changes, [
      { field: 'delay', live: '2s', next: '0s' },
      { field: 'failure_action', live: 'rollback', next: 'pause' },
      { field: 'monitor', live: '10s', next: '5s' },
      { field: 'order', live: 'start-first', next: 'stop-first' },
    ]);
    assert.deepEqual(f[2]!.changes, [{ field: 'order', live: 'start-first', next: 'stop-first' }]);
    assert.ok(f.every((x) => x.severity === 'warning' && x.service === 'numbers-api'));
  });

  it('stack-v2 and v3 against the live v2: nothing is lost', () => {
    assert.deepEqual(computeDrift(example(2), v2Live.stack, v2Live.services), []);
    assert.deepEqual(computeDrift(example(3), v2Live.stack, v2Live.services), []);
  });

  it('against the live v1 (no healthcheck, default policies): no drift for any file', () => {
    for (const v of [1, 2, 3]) assert.deepEqual(computeDrift(example(v), v1Live.stack, v1Live.services), [], `v${v}`);
  });

  it('a stack that is not deployed, or another stack name: no findings', () => {
    assert.deepEqual(computeDrift(example(1), 'other', v2Live.services), []);
    assert.deepEqual(stackServices(v2Live.services, 'driftre').size, 0);
  });

  it('fields left out of a present key are reverted, on that key', () => {
    const text = example(2).replace('        order: start-first\n        failure_action: rollback\n', '').replace('      interval: 2s\n', '');
    const f = computeDrift(text, v2Live.stack, v2Live.services);
    assert.deepEqual(f.map((x) => [x.code, at(text, x)]), [['drift/healthcheck-reverted', 'healthcheck'], ['drift/update_config-reverted', 'update_config']]);
    assert.deepEqual(f[0]!.changes, [{ field: 'interval', live: '2s', next: '30s' }]);
    assert.deepEqual(f[1]!.changes.map((c) => c.field), ['failure_action', 'order']);
  });

  it('a disabled healthcheck is a decision, not drift', () => {
    const text = example(2).replace(/ {4}healthcheck:\n( {6}.*\n)+/, '    healthcheck:\n      disable: true\n');
    assert.deepEqual(computeDrift(text, v2Live.stack, v2Live.services).map((x) => x.code), []);
  });

  it('with prune: a live service the file lacks would be removed', () => {
    const text = example(2).replace(/numbers-api:\n/, 'other-api:\n');
    const f = computeDrift(text, v2Live.stack, v2Live.services, { prune: true });
    assert.deepEqual(f.map((x) => [x.code, at(text, x)]), [['drift/service-pruned', 'services']]);
    assert.deepEqual(computeDrift(text, v2Live.stack, v2Live.services), []);
  });

  it('Go durations', () => {
    assert.deepEqual([0, 2e9, 90e9, 3600e9, 5e8, 1500e6, 1e3, 7].map(goDuration), ['0s', '2s', '1m30s', '1h0m0s', '500ms', '1.5s', '1µs', '7ns']);
  });
});

describe('compare with live: the live stack as a stack file', () => {
  it('renders the live v2 back into the keys of stack-v2.yml', () => {
    const yaml = renderLiveStack(v2Live.stack, v2Live.services, ['numbers-api']);
    const live = parse(yaml) as { services: Record<string, unknown> };
    const file = parse(example(2)) as { services: Record<string, Record<string, unknown>> };
    const fileSvc = file.services['numbers-api']!;
    // the file writes rollback delay 0s, which the engine does not store: the only difference
    delete (fileSvc.deploy as { rollback_config: Record<string, unknown> }).rollback_config.delay;
    assert.deepEqual(live.services['numbers-api'], { ...fileSvc, deploy: { ...(fileSvc.deploy as object), rollback_config: { ...(fileSvc.deploy as { rollback_config: object }).rollback_config, failure_action: 'pause' } } });
  });

  it('lists services the file has and the stack lacks as comments', () => {
    const yaml = renderLiveStack(v2Live.stack, v2Live.services, ['numbers-api', 'worker']);
    assert.match(yaml, /^# worker: not deployed \(the next deploy creates driftrec_worker\)$/m);
    assert.match(renderLiveStack('nothing', v2Live.services), /The stack "nothing" is not deployed/);
  });
});
