// Completion: what the core offers at each kind of spot, from fixtures that mark the cursor with `|`.
import * as assert from 'assert';
import { complete, hover, parseStack, type CompletionEntry } from '../../server/src/core';
import { allKeys } from '../../server/src/core/model';
import { cursorContext } from '../../server/src/core/position';
import { generateStack, lineOf, middleService } from '../../bench/generate';
import { caret, svc } from '../helpers/caret';

function at(marked: string): { items: CompletionEntry[]; labels: string[]; text: string; offset: number } {
  const { text, offset } = caret(marked);
  const items = complete(parseStack(text), offset).sort((a, b) => (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0));
  return { items, labels: items.map((i) => i.label), text, offset };
}

const HC = '    healthcheck:\n      test: ["CMD", "true"]\n      interval: 10s\n      timeout: 5s\n      retries: 3\n      start_period: 30s\n';

describe('core: completion', () => {
  it('keys under deploy: the ones not yet present, likely ones first, each with docs, default and link', () => {
    const { items, labels } = at(svc('    deploy:\n      mode: replicated\n      |\n      replicas: 2\n'));
    assert.ok(!labels.includes('mode') && !labels.includes('replicas'), labels.join());
    for (const k of ['update_config', 'rollback_config', 'restart_policy', 'resources', 'placement', 'endpoint_mode', 'labels']) assert.ok(labels.includes(k), k);
    assert.ok(labels.indexOf('update_config') < labels.indexOf('endpoint_mode'), 'common keys sort first');
    const uc = items.find((i) => i.label === 'update_config')!;
    assert.strictEqual(uc.kind, 'property');
    assert.match(uc.documentation!, /rolled out/);
    assert.match(uc.documentation!, /https:\/\/docs\.docker\.com\/.*#update_config/);
    assert.strictEqual(uc.insert, 'update_config:\n        $0', 'a mapping key opens an indented line');
    const em = items.find((i) => i.label === 'endpoint_mode')!;
    assert.match(em.detail!, /vip \| dnsrr · default vip/);
    assert.strictEqual(em.insert, 'endpoint_mode: ${1|vip,dnsrr|}');
  });

  it('keys under update_config, rollback_config, restart_policy, placement, resources, healthcheck, a service and the top level', () => {
    const cases: Array<[string, string[], string[]]> = [
      [svc('    deploy:\n      update_config:\n        delay: 5s\n        |\n'), ['parallelism', 'failure_action', 'monitor', 'order', 'max_failure_ratio'], ['delay']],
      [svc('    deploy:\n      rollback_config:\n        |\n'), ['parallelism', 'monitor', 'failure_action'], []],
      [svc('    deploy:\n      restart_policy:\n        |\n'), ['condition', 'delay', 'max_attempts', 'window'], []],
      [svc('    deploy:\n      placement:\n        |\n'), ['constraints', 'preferences', 'max_replicas_per_node'], []],
      [svc('    deploy:\n      resources:\n        |\n'), ['limits', 'reservations'], []],
      [svc('    deploy:\n      resources:\n        limits:\n          |\n'), ['cpus', 'memory'], ['pids']],
      [svc('    healthcheck:\n      test: ["CMD", "true"]\n      |\n'), ['interval', 'timeout', 'retries', 'start_period', 'disable'], ['test', 'start_interval']],
      [svc('    |\n'), ['deploy', 'healthcheck', 'environment', 'ports'], ['image', 'build', 'restart', 'profiles', 'container_name']],
      ['version: "3.8"\n|\n', ['services', 'networks', 'volumes', 'secrets', 'configs'], ['version', 'name', 'include']],
    ];
    for (const [fixture, want, not] of cases) {
      const { labels } = at(fixture);
      for (const w of want) assert.ok(labels.includes(w), `${w} missing at ${JSON.stringify(fixture)}: ${labels.join()}`);
      for (const n of not) assert.ok(!labels.includes(n), `${n} offered at ${JSON.stringify(fixture)}`);
    }
  });

  it('keys newer than the file version are not offered', () => {
    assert.ok(!at(svc('    deploy:\n      |\n', '3.3')).labels.includes('rollback_config'));
    assert.ok(!at(svc('    deploy:\n      update_config:\n        |\n', '3.3')).labels.includes('order'));
    assert.ok(at(svc('    deploy:\n      |\n')).labels.includes('rollback_config'));
  });

  it('every key the model offers anywhere is a key of the one table (no second list)', () => {
    const names = new Set(allKeys().map((k) => k.spec.name));
    for (const f of [svc('    |\n'), svc('    deploy:\n      |\n'), 'version: "3.8"\n|\n']) {
      for (const i of at(f).items.filter((x) => x.kind === 'property')) assert.ok(names.has(i.label), i.label);
    }
  });

  it('enum values: failure_action offers rollback under update_config but not under rollback_config', () => {
    assert.deepStrictEqual(at(svc(`${HC}    deploy:\n      update_config:\n        failure_action: |\n`)).labels, ['pause', 'continue', 'rollback']);
    assert.deepStrictEqual(at(svc('    deploy:\n      rollback_config:\n        failure_action: |\n')).labels, ['pause', 'continue']);
    assert.deepStrictEqual(at(svc('    deploy:\n      mode: |\n')).labels, ['replicated', 'global', 'replicated-job', 'global-job']);
    assert.deepStrictEqual(at(svc('    deploy:\n      restart_policy:\n        condition: |\n')).labels, ['none', 'on-failure', 'any']);
    assert.deepStrictEqual(at(svc('    deploy:\n      update_config:\n        order: |\n')).labels, ['stop-first', 'start-first']);
  });

  it('a value being typed is replaced as a whole word', () => {
    const { items, text } = at(svc('    deploy:\n      update_config:\n        failure_action: ro|llb  # why\n'));
    const r = items.find((i) => i.label === 'rollback')!;
    assert.strictEqual(text.slice(r.replace[0], r.replace[1]), 'rollb');
  });

  it('booleans, durations (monitor first fits the healthcheck), sizes, CPUs, the healthcheck test, versions', () => {
    assert.deepStrictEqual(at(svc('    init: |\n')).labels, ['true', 'false']);
    const mon = at(svc(`${HC}    deploy:\n      update_config:\n        monitor: |\n`));
    assert.strictEqual(mon.labels[0], '1m15s', '30s + 3 × (10s + 5s)');
    assert.ok(mon.labels.includes('5s') && mon.labels.includes('30s'));
    assert.ok(at(svc('    healthcheck:\n      interval: |\n')).labels.includes('30s'));
    assert.ok(at(svc('    deploy:\n      resources:\n        limits:\n          memory: |\n')).labels.includes('512M'));
    assert.ok(at(svc('    deploy:\n      resources:\n        limits:\n          cpus: |\n')).labels.includes("'0.5'"));
    assert.ok(at(svc('    deploy:\n      resources:\n        limits:\n          cpus: "|"\n')).labels.includes('0.5'));
    const test = at(svc('    healthcheck:\n      test: |\n'));
    assert.match(test.items[0]!.insert, /^\["CMD", /);
    assert.strictEqual(at('version: |\n').labels[0], '3.14');
  });

  it('placement constraints: attributes, then operators, then node.role == manager|worker', () => {
    const base = svc('    deploy:\n      placement:\n        constraints:\n          - X\n');
    const attrs = at(base.replace('X', '|')).labels;
    for (const a of ['node.role == manager', 'node.role == worker', 'node.role', 'node.hostname', 'node.labels.', 'engine.labels.']) assert.ok(attrs.includes(a), a);
    const ops = at(base.replace('X', 'node.role |'));
    assert.deepStrictEqual(ops.labels, ['==', '!=']);
    const eqTyped = at(base.replace('X', 'node.role =|'));
    assert.deepStrictEqual(eqTyped.labels, ['==', '!=']);
    assert.strictEqual(eqTyped.text.slice(eqTyped.items[0]!.replace[0], eqTyped.items[0]!.replace[1]), '=');
    const vals = at(base.replace('X', 'node.role == wo|'));
    assert.deepStrictEqual(vals.labels, ['manager', 'worker']);
    assert.strictEqual(vals.text.slice(vals.items[1]!.replace[0], vals.items[1]!.replace[1]), 'wo');
    // The same inside a flow sequence.
    const flow = at(svc('    deploy:\n      placement:\n        constraints: ["node.role == |"]\n'));
    assert.deepStrictEqual(flow.labels, ['manager', 'worker']);
  });

  it('names of networks, secrets, configs and volumes defined in the file', () => {
    const tail = 'networks:\n  front:\n  back:\nsecrets:\n  db_pw:\n    file: ./pw\nconfigs:\n  nginx_conf:\n    file: ./n.conf\nvolumes:\n  data:\n';
    assert.deepStrictEqual(at(svc('    networks:\n      - |\n') + tail).labels.slice(0, 2).sort(), ['back', 'front']);
    assert.deepStrictEqual(at(svc('    networks: [front, |]\n') + tail).labels.sort(), ['back', 'front']);
    assert.deepStrictEqual(at(svc('    networks:\n      front:\n      |\n') + tail).labels, ['back']);
    assert.ok(at(svc('    secrets:\n      - |\n') + tail).labels.includes('db_pw'));
    assert.ok(at(svc('    secrets:\n      - source: |\n') + tail).labels.includes('db_pw'));
    assert.ok(at(svc('    configs:\n      - |\n') + tail).labels.includes('nginx_conf'));
    const vol = at(svc('    volumes:\n      - |\n') + tail).items.find((i) => i.label === 'data')!;
    assert.strictEqual(vol.insert, 'data:/${1:path}');
  });

  it('works on an empty line, after `key: `, inside flow sequences and mappings, and in a file with errors elsewhere', () => {
    assert.deepStrictEqual(at('|').labels.slice(0, 2), ['version', 'services']);
    assert.ok(at(svc('    healthcheck: {interval: 10s, |}\n')).labels.includes('timeout'));
    assert.ok(!at(svc('    healthcheck: {interval: 10s, |}\n')).labels.includes('interval'));
    assert.ok(at(svc('    healthcheck: {interval: 10s, retries: 3, test: ["CMD", "true"], timeout: |}\n')).labels.includes('30s'));
    // An unclosed flow sequence above, a tab-indented line below, a duplicate key: completion still answers.
    const broken = svc('    command: [sh, -c\n    deploy:\n      |\n      mode: global\n\tbad: tab\n    deploy: {}\n');
    assert.ok(parseStack(caret(broken).text).readFindings.length > 0, 'the fixture has syntax errors');
    const b = at(broken).labels;
    assert.ok(b.includes('update_config') && !b.includes('mode'), b.join());
    // A half-typed key.
    const half = at(svc('    deploy:\n      upd|\n'));
    assert.ok(half.labels.includes('update_config'));
    assert.strictEqual(half.text.slice(half.items[0]!.replace[0], half.items[0]!.replace[1]), 'upd');
  });

  it('nothing inside comments and block scalars', () => {
    assert.deepStrictEqual(at(svc('    # deploy: |\n')).labels, []);
    assert.deepStrictEqual(at(svc('    command: ||\n      echo |\n')).labels, []);
  });

  it('snippets at a service and under deploy, only for missing blocks, never a 0 for replicas, parallelism or retries', () => {
    const s = at(svc('    |\n')).items.filter((i) => i.kind === 'snippet');
    assert.deepStrictEqual(s.map((i) => i.filterText).sort(), ['deploy', 'healthcheck']);
    const d = at(svc(`${HC}    deploy:\n      |\n`)).items.filter((i) => i.kind === 'snippet');
    assert.deepStrictEqual(d.map((i) => i.filterText).sort(), ['placement', 'resources', 'update_config']);
    const roll = d.find((i) => i.filterText === 'update_config')!;
    assert.match(roll.insert, /monitor: \$\{\d+:1m15s\}/);
    for (const i of [...s, ...d]) assert.doesNotMatch(i.insert, /(replicas|parallelism|retries): (\$\{\d+:)?0\b/);
    assert.ok(!at(svc('    deploy:\n      resources: {}\n      |\n')).items.some((i) => i.filterText === 'resources' && i.kind === 'snippet'));
  });

  it('never throws, at any offset of valid, broken and odd texts', () => {
    const texts = [
      svc('    command: [sh, -c\n    deploy:\n      \n      mode: global\n\tbad: tab\n    deploy: {}\n'),
      svc('    healthcheck: {test: ["CMD", "a"], interval: 1s}\n    deploy:\n      placement:\n        constraints: [node.role == manager, "x"]\n'),
      'x: &a\n  b: 1\n<<: *a\n- - a: |\n    block\n  \'q\': "v\n---\n? k\n: v\n#c\n\r\n',
      svc('    ports:\n      - target: 80\n        published: 8080\n      - "8443:443"\n    secrets:\n      - source: s\n        target: t\n'),
    ];
    for (const t of texts) {
      const doc = parseStack(t);
      for (let o = 0; o <= t.length; o++) {
        complete(doc, o);
        hover(doc, o);
      }
    }
  });

  it('the cursor context costs nothing like a parse on the 2,000-service file', () => {
    const stack = generateStack(2000);
    const line = lineOf(middleService(2000), 'deploy') + 1;
    const lines = stack.text.split('\n');
    lines.splice(line, 0, '      ');
    const text = lines.join('\n');
    const offset = lines.slice(0, line).join('\n').length + 1 + 6;
    const doc = parseStack(text);
    complete(doc, offset);
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) complete(doc, offset);
    const ms = (performance.now() - t0) / 20;
    const labels = complete(doc, offset).map((i) => i.label);
    assert.ok(labels.includes('rollback_config') && !labels.includes('update_config'), labels.join());
    assert.ok(ms < 10, `${ms.toFixed(2)} ms per completion`);
    assert.deepStrictEqual(cursorContext(text, offset)?.path, ['services', `svc${middleService(2000) + 1}`, 'deploy']);
  });
});
