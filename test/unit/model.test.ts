import * as assert from 'assert';
import { allKeys, lookup, mappingAt, SUPPORTED_VERSIONS, LATEST_MINOR } from '../../server/src/core/model';

describe('core: the knowledge model', () => {
  const keys = allKeys();

  it('has every section the loader knows', () => {
    for (const p of [
      ['version'], ['services'], ['networks'], ['volumes'], ['secrets'], ['configs'],
      ['services', 'web', 'deploy', 'update_config', 'monitor'],
      ['services', 'web', 'deploy', 'rollback_config', 'failure_action'],
      ['services', 'web', 'deploy', 'resources', 'limits', 'memory'],
      ['services', 'web', 'deploy', 'restart_policy', 'condition'],
      ['services', 'web', 'deploy', 'placement', 'max_replicas_per_node'],
      ['services', 'web', 'healthcheck', 'start_period'],
      ['networks', 'front', 'attachable'], ['volumes', 'data', 'driver'], ['secrets', 's', 'file'], ['configs', 'c', 'template_driver'],
      ['services', 'web', 'ports', '[]', 'published'],
    ]) assert.ok(lookup(p), `no entry for ${p.join('.')}`);
    assert.strictEqual(lookup(['services', 'web', 'deploy', 'nope']), undefined);
    assert.ok(mappingAt(['services', 'web', 'deploy'])?.keys?.update_config);
  });

  it('every entry has docs in a sentence, a docs link and a sane since', () => {
    assert.ok(keys.length > 120, `only ${keys.length} keys`);
    for (const { path, spec } of keys) {
      const where = path.join('.');
      assert.ok(spec.doc.length >= 8 && /[.)]$/.test(spec.doc), `${where}: doc "${spec.doc}"`);
      assert.match(spec.link, /^https:\/\/docs\.docker\.com\/reference\//, `${where}: link`);
      assert.ok(spec.since >= 0 && spec.since <= LATEST_MINOR, `${where}: since ${spec.since}`);
      if (spec.triage && spec.triage.kind !== 'supported') assert.ok(spec.triage.fix.length > 5, `${where}: fix text`);
    }
  });

  it('every enum is non-empty and has no duplicates', () => {
    let n = 0;
    for (const { path, spec } of keys) {
      const e = spec.value.enum;
      if (!e) continue;
      n++;
      assert.ok(e.values.length > 0, path.join('.'));
      assert.strictEqual(new Set(e.values).size, e.values.length, path.join('.'));
    }
    assert.ok(n >= 6, `only ${n} enums`);
  });

  it('knows the defaults the engine really applies', () => {
    const d = (...p: string[]) => lookup(['services', 'web', ...p])?.engineDefault ?? '';
    assert.match(d('deploy', 'update_config', 'monitor'), /^5s/);
    assert.match(d('deploy', 'rollback_config', 'monitor'), /^5s/);
    assert.strictEqual(d('deploy', 'update_config', 'parallelism'), '1');
    assert.strictEqual(d('deploy', 'update_config', 'failure_action'), 'pause');
    assert.strictEqual(d('deploy', 'update_config', 'order'), 'stop-first');
    assert.strictEqual(d('deploy', 'update_config', 'max_failure_ratio'), '0');
    assert.match(d('deploy', 'restart_policy', 'delay'), /^5s/);
    assert.strictEqual(d('deploy', 'restart_policy', 'condition'), 'any');
    assert.strictEqual(d('healthcheck', 'interval'), '30s');
    assert.strictEqual(d('healthcheck', 'timeout'), '30s');
    assert.strictEqual(d('healthcheck', 'retries'), '3');
    assert.strictEqual(d('healthcheck', 'start_period'), '0s');
    assert.strictEqual(d('stop_grace_period'), '10s');
  });

  it('update and rollback share fields but rollback has no useful failure_action rollback', () => {
    const u = lookup(['services', 'w', 'deploy', 'update_config', 'failure_action'])!.value.enum!;
    const r = lookup(['services', 'w', 'deploy', 'rollback_config', 'failure_action'])!.value.enum!;
    assert.deepStrictEqual([...u.values], ['pause', 'continue', 'rollback']);
    assert.deepStrictEqual([...r.values], ['pause', 'continue']);
    assert.ok(r.misleading?.rollback);
    assert.deepStrictEqual([...lookup(['services', 'w', 'deploy', 'mode'])!.value.enum!.values], ['replicated', 'global', 'replicated-job', 'global-job']);
  });

  it('records the version each key appeared in, and the stack-deploy triage', () => {
    assert.strictEqual(lookup(['services', 'w', 'deploy', 'rollback_config'])!.since, 7);
    assert.strictEqual(lookup(['services', 'w', 'deploy', 'placement', 'max_replicas_per_node'])!.since, 8);
    assert.strictEqual(lookup(['services', 'w', 'healthcheck', 'start_period'])!.since, 4);
    assert.strictEqual(lookup(['services', 'w', 'build'])!.triage?.kind, 'ignored');
    assert.strictEqual(lookup(['services', 'w', 'container_name'])!.triage?.kind, 'deprecated');
    assert.strictEqual(lookup(['services', 'w', 'mem_limit'])!.triage?.kind, 'forbidden');
    assert.strictEqual(lookup(['services', 'w', 'profiles'])!.triage?.kind, 'compose-only');
    assert.strictEqual(lookup(['services', 'w', 'depends_on'])!.triage?.kind, 'unused');
    assert.strictEqual(lookup(['name'])!.triage?.kind, 'compose-only');
    // docker/cli types.go: 16 unsupported, 2 deprecated, 8 forbidden
    const svc = keys.filter((k) => k.path.length === 3 && k.path[0] === 'services');
    const count = (kind: string) => svc.filter((k) => k.spec.triage?.kind === kind).length;
    assert.strictEqual(count('ignored'), 16);
    assert.strictEqual(count('deprecated'), 2);
    assert.strictEqual(count('forbidden'), 8);
    assert.deepStrictEqual(SUPPORTED_VERSIONS.slice(0, 2), ['3.0', '3.1']);
  });
});
