// Several -c files are one stack: cross-key rules see the merge, findings stay in their own file.
import * as assert from 'assert';
import { validateSet, validate } from '../../server/src/core';

const at = (text: string, code: string, r: { name: string; findings: Array<{ code: string; start: number }> }) =>
  r.findings.filter((f) => f.code === code).map((f) => text.slice(f.start, f.start + 20).split('\n')[0]);

describe('core: -c files merged as docker stack deploy merges them', () => {
  const base = 'version: "3.8"\nservices:\n  web:\n    image: nginx\n    networks: [front]\n';
  const nets = 'version: "3.8"\nnetworks:\n  front:\n    driver: overlay\n';

  it('a network defined in another -c file is defined', () => {
    assert.ok(validate(base).findings.some((f) => f.code === 'ref/undefined-network'), 'alone, the network is undefined');
    const [a, b] = validateSet([{ name: 'a.yml', text: base }, { name: 'b.yml', text: nets }]);
    assert.deepStrictEqual(a!.findings.filter((f) => f.severity === 'error'), []);
    assert.deepStrictEqual(b!.findings.filter((f) => f.severity === 'error'), []);
  });

  it('global in one file and replicas in the other is an error, reported in the file that has replicas', () => {
    const one = 'version: "3.8"\nservices:\n  web:\n    image: nginx\n    deploy:\n      replicas: 3\n';
    const two = 'version: "3.8"\nservices:\n  web:\n    deploy:\n      mode: global\n';
    assert.ok(!validate(one).findings.some((f) => f.code === 'swarm/replicas-with-global'));
    const [a, b] = validateSet([{ name: 'one.yml', text: one }, { name: 'two.yml', text: two }]);
    const all = [...a!.findings, ...b!.findings].filter((f) => f.code === 'swarm/replicas-with-global');
    assert.strictEqual(all.length, 1, JSON.stringify([a, b]));
    // every finding's offsets are inside its own file's text
    for (const [r, text] of [[a!, one], [b!, two]] as const) {
      for (const f of r.findings) assert.ok(f.end <= text.length, `${r.name}: ${f.code} at ${f.start}-${f.end}`);
    }
    const where = [...at(one, 'swarm/replicas-with-global', a!), ...at(two, 'swarm/replicas-with-global', b!)];
    assert.ok(where.some((w) => /replicas|mode|global/.test(w)), where.join());
  });

  it('an override file can add the healthcheck a rollout needs', () => {
    const app = 'version: "3.8"\nservices:\n  api:\n    image: x\n    deploy:\n      replicas: 2\n';
    const hc = 'version: "3.8"\nservices:\n  api:\n    healthcheck:\n      test: ["CMD", "true"]\n';
    assert.ok(validate(app).findings.some((f) => f.code === 'rollout/no-healthcheck'));
    const [a] = validateSet([{ name: 'app.yml', text: app }, { name: 'hc.yml', text: hc }]);
    assert.ok(!a!.findings.some((f) => f.code === 'rollout/no-healthcheck'), JSON.stringify(a));
  });

  it('each file keeps its own schema findings (its own version)', () => {
    const old = 'version: "3.3"\nservices:\n  web:\n    image: nginx\n    healthcheck:\n      test: ["CMD", "true"]\n      start_period: 5s\n';
    const [a, b] = validateSet([{ name: 'old.yml', text: old }, { name: 'b.yml', text: nets }]);
    assert.ok(a!.findings.some((f) => f.code === 'schema/too-new'));
    assert.ok(!b!.findings.some((f) => f.code === 'schema/too-new'));
  });

  it('a file with a syntax error is reported and not merged', () => {
    const [a, b] = validateSet([{ name: 'a.yml', text: base }, { name: 'bad.yml', text: 'services: [\n' }]);
    assert.ok(b!.findings.some((f) => f.code === 'yaml/syntax'));
    assert.ok(a!.findings.some((f) => f.code === 'ref/undefined-network'), 'a is judged alone');
  });
});
