// Cross-key, reference, placement and interpolation rules: exact ranges and severities, and the fixture pairs.
import * as assert from 'assert';
import * as path from 'path';
import { validate, type Finding } from '../../server/src/core';
import { scanDollars } from '../../server/src/core/rules/interp';
import { parseConstraint } from '../../server/src/core/rules/placement';
import { REPO, yamlFiles } from '../helpers/corpus';

/** Text with the expected range marked «like this». */
function marked(src: string): { text: string; start: number; end: number } {
  const start = src.indexOf('«');
  const end = src.indexOf('»') - 1;
  assert.ok(start >= 0 && end >= start, 'fixture needs «…»');
  return { text: src.replace('«', '').replace('»', ''), start, end };
}

export function fires(code: string, severity: Finding['severity'], src: string, message?: RegExp): void {
  const { text, start, end } = marked(src);
  const all = validate(text).findings;
  const hit = all.find((f) => f.code === code && f.start === start && f.end === end);
  assert.ok(hit, `${code} expected at ${start}-${end} ("${text.slice(start, end)}"), got ${JSON.stringify(all.map((f) => [f.code, text.slice(f.start, f.end)]))}`);
  assert.strictEqual(hit.severity, severity, hit.message);
  if (message) assert.match(hit.message, message);
}

export function quiet(text: string, code: string): void {
  assert.deepStrictEqual(validate(text).findings.filter((f) => f.code === code).map((f) => f.message), []);
}

const HC = '    healthcheck:\n      test: ["CMD", "true"]\n';
const svc = (body: string, tail = '') => `version: "3.8"\nservices:\n  web:\n    image: nginx\n${HC}${body}${tail}`;

describe('core: cross-key rules', () => {
  it('swarm/replicas-with-global and swarm/job-update-config', () => {
    fires('swarm/replicas-with-global', 'error', svc('    deploy:\n      mode: global\n      «replicas»: 2\n'), /remove replicas/);
    fires('swarm/replicas-with-global', 'error', svc('    deploy:\n      mode: global-job\n      «replicas»: ${N}\n'));
    quiet(svc('    deploy:\n      mode: replicated-job\n      replicas: 2\n'), 'swarm/replicas-with-global');
    quiet(svc('    deploy:\n      mode: ${MODE}\n      replicas: 2\n'), 'swarm/replicas-with-global');
    fires('swarm/job-update-config', 'error', svc('    deploy:\n      mode: global-job\n      «update_config»: {parallelism: 1}\n'), /Jobs may not have an update config/);
    quiet(svc('    deploy:\n      mode: replicated\n      update_config: {parallelism: 1}\n'), 'swarm/job-update-config');
  });

  it('merged and aliased deploy sections are seen, and reported at the alias', () => {
    const text = `version: "3.8"
x-global: &global
  mode: global
  replicas: 2
services:
  web:
    image: nginx
${HC}    deploy:
      <<: «*global»
`;
    fires('swarm/replicas-with-global', 'error', text);
    fires('swarm/dnsrr-ingress', 'error', `version: "3.8"
x-dep: &dep {endpoint_mode: dnsrr}
services:
  web:
    image: nginx
${HC}    ports: ["80:80"]
    deploy: «*dep»
`);
  });

  it('swarm/test-and-disable, swarm/hc-shell-split, swarm/hc-cmd-one-word', () => {
    fires('swarm/test-and-disable', 'error', 'services:\n  web:\n    image: nginx\n    healthcheck:\n      test: curl -f http://x\n      «disable»: true\n');
    quiet('services:\n  web:\n    image: nginx\n    healthcheck:\n      test: []\n      disable: true\n', 'swarm/test-and-disable');
    quiet('services:\n  web:\n    image: nginx\n    healthcheck:\n      test: ["CMD", "true"]\n      disable: false\n', 'swarm/test-and-disable');
    fires('swarm/hc-shell-split', 'warning', 'services:\n  web:\n    image: nginx\n    healthcheck:\n      test: «["CMD-SHELL", "curl", "-f", "http://x"]»\n',
      /\["CMD-SHELL", "curl -f http:\/\/x"\]/);
    fires('swarm/hc-cmd-one-word', 'warning', 'services:\n  web:\n    image: nginx\n    healthcheck:\n      test: ["CMD", «"curl -f http://x"»]\n',
      /\["CMD", "curl", "-f", "http:\/\/x"\]/);
    quiet('services:\n  web:\n    image: nginx\n    healthcheck:\n      test: ["CMD-SHELL", "curl -f http://x"]\n', 'swarm/hc-cmd-one-word');
    quiet('services:\n  web:\n    image: nginx\n    healthcheck:\n      test: ["CMD", "${PROBE}"]\n', 'swarm/hc-cmd-one-word');
  });

  it('swarm/dnsrr-ingress and swarm/start-first-host-port', () => {
    fires('swarm/dnsrr-ingress', 'error', svc('    ports: ["8080:80"]\n    deploy:\n      endpoint_mode: «DNSRR»\n'), /mode: host/);
    fires('swarm/dnsrr-ingress', 'error', svc('    ports: [{target: 80}]\n    deploy:\n      endpoint_mode: «dnsrr»\n'));
    quiet(svc('    ports: [{target: 80, published: 80, mode: host}]\n    deploy:\n      endpoint_mode: dnsrr\n'), 'swarm/dnsrr-ingress');
    quiet(svc('    ports: [{target: 80, published: 80, mode: "${PM}"}]\n    deploy:\n      endpoint_mode: dnsrr\n'), 'swarm/dnsrr-ingress');
    fires('swarm/start-first-host-port', 'warning',
      svc('    ports: [{target: 80, published: 80, mode: host}]\n    deploy:\n      rollback_config:\n        order: «start-first»\n'), /rollback stalls/);
    quiet(svc('    ports: [{target: 80, mode: host}]\n    deploy:\n      update_config:\n        order: start-first\n'), 'swarm/start-first-host-port');
  });

  it('swarm/reservation-above-limit compares memory and cpus, quiet on unknowable or unlimited', () => {
    const res = (l: string, r: string) => svc(`    deploy:\n      resources:\n        limits: {${l}}\n        reservations: {${r}}\n`);
    fires('swarm/reservation-above-limit', 'warning', res("cpus: '0.5'", "cpus: «'1.5'»"), /reservations\.cpus/);
    fires('swarm/reservation-above-limit', 'warning', res('memory: 1G', 'memory: «1025M»'));
    quiet(res('memory: 1G', 'memory: 1024M'), 'swarm/reservation-above-limit');
    quiet(res('memory: ${MEM}', 'memory: 2G'), 'swarm/reservation-above-limit');
    quiet(res("memory: '0'", 'memory: 2G'), 'swarm/reservation-above-limit');
  });
});

describe('core: reference rules', () => {
  it('ref/undefined-* for networks (list and mapping), secrets, configs, volumes; default is always there', () => {
    fires('ref/undefined-network', 'error', svc('    networks: {«front»: {aliases: [w]}}\n', 'networks:\n  back:\n'));
    fires('ref/undefined-network', 'error', svc('    networks: [«app_net»]\n', 'networks:\n  app-net:\n'), /did you mean app-net\?/);
    quiet(svc('    networks: [default]\n'), 'ref/undefined-network');
    fires('ref/undefined-secret', 'error', svc('    secrets: [«s1»]\n'), /top-level secrets/);
    fires('ref/undefined-config', 'error', svc('    configs: [{source: «c1», target: /c}]\n', 'configs:\n  c2: {file: ./c}\n'));
    fires('ref/undefined-volume', 'error', svc('    volumes: [«"data:/data"»]\n'));
    fires('ref/undefined-volume', 'error', svc('    volumes: [{type: volume, source: «data», target: /data}]\n'));
    quiet(svc('    volumes: ["./a:/a", "/b:/b", "~/c:/c", "/anon", "C:\\\\x:C:\\\\y", "${V}:/v", {type: bind, source: x, target: /x}]\n'), 'ref/undefined-volume');
    quiet(svc('    secrets: ["${S}"]\n    networks: ["${N}"]\n'), 'ref/undefined-secret');
  });

  it('top-level names brought in by a merge count as declared', () => {
    quiet(`version: "3.8"
x-nets: &nets
  front: {}
services:
  web:
    image: nginx
${HC}    networks: [front]
networks:
  <<: *nets
`, 'ref/undefined-network');
  });
});

describe('core: placement rules', () => {
  it('parses constraints as swarmkit does', () => {
    assert.deepStrictEqual(parseConstraint('node.role==manager'), { key: 'node.role', op: '==', value: 'manager' });
    assert.deepStrictEqual(parseConstraint(' node.labels.a != b c '), { key: 'node.labels.a', op: '!=', value: 'b c' });
    assert.deepStrictEqual(parseConstraint('node.role = manager'), { error: 'constraint expected one operator from ==, !=' });
    assert.deepStrictEqual(parseConstraint('node.role == "manager"'), { error: 'value \'"manager"\' is invalid' });
    assert.deepStrictEqual(parseConstraint('== x'), { error: 'key \'\' is invalid' });
  });

  it('placement/syntax, placement/unknown-attribute, placement/never-matches', () => {
    const c = (s: string) => svc(`    deploy:\n      placement:\n        constraints:\n          - ${s}\n`);
    fires('placement/syntax', 'error', c('«node.role = manager»'), /Write node\.role == manager/);
    fires('placement/syntax', 'error', c('«node.role == "manager"»'), /Remove the quotes/);
    fires('placement/unknown-attribute', 'warning', c('«node.label.zone == east»'), /node\.labels\.zone/);
    fires('placement/unknown-attribute', 'warning', c('«node.rol == manager»'), /node\.role/);
    fires('placement/never-matches', 'warning', c('«node.role == manger»'), /Did you mean node\.role == manager\?/);
    fires('placement/never-matches', 'warning', c('«node.role != wroker»'), /matches every node/);
    fires('placement/never-matches', 'warning', c('«node.platform.os == linx»'), /linux/);
    for (const ok of ['node.role == MANAGER', 'node.ip != 10.0.0.0/8', 'engine.labels.x == y', 'node.platform.arch == aarch64', 'node.labels.${L} == x', 'node.hostname == ${H}']) {
      const t = c(ok);
      for (const code of ['placement/syntax', 'placement/unknown-attribute', 'placement/never-matches']) quiet(t, code);
    }
  });
});

describe('core: interpolation rules', () => {
  it('scans $ as docker/cli does', () => {
    const kinds = (s: string) => scanDollars(s).map((d) => d.kind);
    assert.deepStrictEqual(kinds('$$ $A ${B} ${C:-x} ${D?e} $E:-y'), ['escaped', 'named', 'braced', 'braced', 'braced', 'named']);
    assert.deepStrictEqual(kinds('$1'), ['invalid']);
    assert.deepStrictEqual(kinds('a$'), ['invalid']);
    assert.deepStrictEqual(kinds('${A'), ['invalid']);
    assert.deepStrictEqual(kinds('${A:+x}'), ['invalid']);
    assert.deepStrictEqual(kinds('${A:-${B}}'), ['braced']);
  });

  it('interp/invalid is an Error at the $, interp/unescaped-dollar a Warning', () => {
    fires('interp/invalid', 'error', svc('    command: echo «$1»\n'), /\$\$1/);
    fires('interp/invalid', 'error', svc('    labels: {a: "x«${»"}\n'));
    fires('interp/unescaped-dollar', 'warning', svc('    environment:\n      - PASS=«$apr1»$X$Y\n'), /\$\$apr1/);
    quiet(svc('    environment:\n      - A=$HOME\n      - B=${tag}\n      - C=$$apr1\n'), 'interp/unescaped-dollar');
    quiet(svc('    labels: {"$$x": "1"}\n'), 'interp/invalid');
  });
});

describe('core: rule fixtures (test/fixtures/rules)', () => {
  it('every rule fixture under test/fixtures/rules fires where marked, and its quiet twin stays quiet', function () {
    const dir = path.join(REPO, 'test', 'fixtures', 'rules');
    const files = yamlFiles(dir);
    const problems: string[] = [];
    const codes = new Set<string>();
    for (const [name, text] of files) {
      const m = /^([a-z]+)-(.+)\.(fires|quiet)\.yml$/.exec(name);
      if (!m) {
        problems.push(`${name}: not named <code-with-dashes>.fires.yml or .quiet.yml`);
        continue;
      }
      const code = `${m[1]}/${m[2]}`;
      codes.add(code);
      const hits = validate(text).findings.filter((f) => f.code === code);
      if (m[3] === 'quiet') {
        if (hits.length > 0) problems.push(`${name}: ${code} should stay quiet, got ${hits.map((f) => f.message).join(' | ')}`);
        continue;
      }
      const line = text.split('\n').findIndex((l) => l.includes('# fires')) + 1;
      if (!hits.some((f) => text.slice(0, f.start).split('\n').length === line)) {
        problems.push(`${name}: ${code} expected on line ${line}, got ${JSON.stringify(hits.map((f) => text.slice(0, f.start).split('\n').length))}`);
      }
    }
    for (const code of codes) {
      const base = code.replace('/', '-');
      for (const kind of ['fires', 'quiet']) {
        if (!files.some(([n]) => n === `${base}.${kind}.yml`)) problems.push(`${code}: no ${base}.${kind}.yml`);
      }
    }
    assert.deepStrictEqual(problems, []);
  });
});
