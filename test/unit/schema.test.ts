import * as assert from 'assert';
import { validate, type Finding } from '../../server/src/core';

/** Text with the expected range marked «like this»; returns the clean text and the range. */
function marked(src: string): { text: string; start: number; end: number } {
  const start = src.indexOf('«');
  const end = src.indexOf('»') - 1;
  assert.ok(start >= 0 && end >= start, 'fixture needs «…»');
  return { text: src.replace('«', '').replace('»', ''), start, end };
}

function findings(text: string, code?: string): Finding[] {
  return validate(text).findings.filter((f) => !code || f.code === code);
}

/** Asserts that `code` fires with `severity` exactly on the marked range. */
function fires(code: string, severity: Finding['severity'], src: string, message?: RegExp): void {
  const { text, start, end } = marked(src);
  const all = findings(text);
  const hit = all.find((f) => f.code === code && f.start === start && f.end === end);
  assert.ok(hit, `${code} expected at ${start}-${end} ("${text.slice(start, end)}"), got ${JSON.stringify(all.map((f) => [f.code, f.start, f.end, text.slice(f.start, f.end)]))}`);
  assert.strictEqual(hit.severity, severity, hit.message);
  if (message) assert.match(hit.message, message);
}

function quiet(text: string, code?: string): void {
  const bad = findings(text).filter((f) => (code ? f.code === code : f.severity === 'error' || f.severity === 'warning'));
  assert.deepStrictEqual(bad.map((f) => `${f.code}: ${f.message}`), []);
}

const svc = (body: string, version = '"3.8"') => `version: ${version}\nservices:\n  web:\n    image: nginx\n${body}`;

describe('core: schema rules', () => {
  it('a complete valid swarm service is quiet', () => {
    quiet(svc(`    deploy:
      mode: replicated
      replicas: 2
      endpoint_mode: vip
      update_config: {parallelism: 1, delay: 10s, failure_action: rollback, monitor: 2m30s, max_failure_ratio: 0.2, order: start-first}
      rollback_config: {parallelism: 0, failure_action: pause}
      restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3, window: 2m}
      resources:
        limits: {cpus: '0.5', memory: 512M}
        reservations: {cpus: '0.25', memory: 256M}
      placement:
        constraints: [node.role == manager]
        preferences: [{spread: node.labels.zone}]
        max_replicas_per_node: 1
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost"]
      interval: 30s
      timeout: 5s
      retries: 3
      start_period: 40s
    ports: ["8080:80", {target: 81, published: 8081, mode: ingress}]
    environment: {A: "1", B: 2, C: null}
    x-note: hello
x-top: 1
networks:
  front: {driver: overlay, attachable: true}
volumes:
  data:
secrets:
  s: {file: ./s.txt}
`));
  });

  it('schema/unknown-key names the closest key, or where the key belongs', () => {
    fires('schema/unknown-key', 'error', svc('    deploy:\n      «updateconfig»:\n        parallelism: 1\n'), /did you mean update_config\?/);
    fires('schema/unknown-key', 'error', svc('    «depoly»:\n      replicas: 1\n'), /did you mean deploy\?/);
    fires('schema/unknown-key', 'error', svc('    «update_config»:\n      parallelism: 1\n'), /belongs at services\.<service>\.deploy\.update_config/);
    fires('schema/unknown-key', 'error', svc('    deploy:\n      «x-note»: 1\n'), /not allowed in deploy/);
    quiet(svc('    deploy:\n      update_config:\n        parallelism: 1\n'));
  });

  it('schema/type: the CLI refuses quoted numbers, unquoted durations, bare strings for lists', () => {
    fires('schema/type', 'error', svc('    deploy:\n      replicas: «"4"»\n'), /must be an integer.*remove the quotes/);
    fires('schema/type', 'error', svc('    deploy:\n      replicas: «2.5»\n'));
    fires('schema/type', 'error', svc('    deploy:\n      update_config:\n        monitor: «90»\n'), /"90s"/);
    fires('schema/type', 'error', svc('    deploy:\n      placement:\n        constraints: «node.role == manager»\n'), /must be a list/);
    fires('schema/type', 'error', svc('    deploy:\n      resources:\n        limits:\n          cpus: «0.50»\n'), /quote it/);
    fires('schema/type', 'error', svc('    environment:\n      DEBUG: «yes»\n'), /boolean/);
    fires('schema/type', 'error', 'version: «3.8»\nservices: {}\n', /quotes/);
    quiet(svc('    deploy:\n      replicas: 4\n    environment:\n      DEBUG: "yes"\n'));
    quiet(svc('    deploy:\n      resources:\n        limits:\n          cpus: 0.5\n', '"3.1"'));
  });

  it('schema/enum: errors where somebody refuses the value, warnings where it is silently wrong', () => {
    fires('schema/enum', 'error', svc('    deploy:\n      mode: «Replicated»\n'), /case-sensitive: use replicated/);
    fires('schema/enum', 'error', svc('    deploy:\n      restart_policy:\n        condition: «always»\n'));
    fires('schema/enum', 'error', svc('    deploy:\n      update_config:\n        order: «random»\n'));
    fires('schema/enum', 'error', svc('    deploy:\n      update_config:\n        failure_action: «Rollback»\n'));
    fires('schema/enum', 'warning', svc('    deploy:\n      rollback_config:\n        failure_action: «rollback»\n'), /never rolled back/);
    fires('schema/enum', 'warning', svc('    deploy:\n      endpoint_mode: «round-robin»\n'));
    fires('schema/enum', 'warning', svc('    healthcheck:\n      test: [«curl», "-f", "http://x"]\n'), /CMD/);
    fires('schema/enum', 'warning', svc('    healthcheck:\n      test: «CMD curl -f http://x»\n'));
    quiet(svc('    deploy:\n      mode: global-job\n      endpoint_mode: VIP\n    healthcheck:\n      test: curl -f http://x\n'));
  });

  it('schema/duration: Go durations only', () => {
    fires('schema/duration', 'error', svc('    healthcheck:\n      interval: «5 s»\n'), /Did you mean 5s\?/);
    fires('schema/duration', 'error', svc('    stop_grace_period: «1m30»\n'), /1m30s/);
    fires('schema/duration', 'error', svc('    healthcheck:\n      timeout: «20sec»\n'));
    quiet(svc('    stop_grace_period: 1m30s\n    healthcheck:\n      interval: 1h2m3.5s\n      timeout: 500ms\n      start_period: "0"\n'));
    fires('schema/type', 'error', svc('    healthcheck:\n      start_period: «0»\n'));
  });

  it('schema/bytes and schema/bytes-unitless', () => {
    fires('schema/bytes', 'error', svc('    deploy:\n      resources:\n        limits:\n          memory: «512 megs»\n'));
    fires('schema/bytes-unitless', 'warning', svc('    deploy:\n      resources:\n        limits:\n          memory: «"536870912"»\n'), /bytes/);
    quiet(svc('    deploy:\n      resources:\n        limits:\n          memory: 1.5g\n        reservations:\n          memory: 512M\n'));
  });

  it('schema/range: negatives, ratios, engine minimums', () => {
    fires('schema/range', 'error', svc('    deploy:\n      update_config:\n        parallelism: «-1»\n'));
    fires('schema/range', 'error', svc('    deploy:\n      update_config:\n        max_failure_ratio: «10»\n'), /0\.1 means 10%/);
    fires('schema/range', 'error', svc('    deploy:\n      update_config:\n        monitor: «-90s»\n'));
    fires('schema/range', 'error', svc('    deploy:\n      resources:\n        reservations:\n          memory: «\'512\'»\n'), /4MiB/);
    fires('schema/range', 'warning', svc('    deploy:\n      resources:\n        reservations:\n          cpus: «\'0.0001\'»\n'));
    quiet(svc('    deploy:\n      replicas: 0\n      update_config:\n        parallelism: 0\n        max_failure_ratio: 1\n'));
  });

  it('schema/cpus', () => {
    fires('schema/cpus', 'error', svc('    deploy:\n      resources:\n        limits:\n          cpus: «half»\n'));
    quiet(svc('    deploy:\n      resources:\n        limits:\n          cpus: "2"\n'));
  });

  it('schema/too-new: keys newer than the file version', () => {
    fires('schema/too-new', 'error', svc('    deploy:\n      «rollback_config»:\n        parallelism: 1\n', '"3.6"'), /"3\.7"/);
    fires('schema/too-new', 'error', `version: "3.3"\n«x-logging»: {}\nservices: {}\n`, /"3\.4"/);
    fires('schema/too-new', 'error', svc('    «x-note»: 1\n', '"3.6"'));
    quiet(svc('    deploy:\n      rollback_config:\n        parallelism: 1\n', '"3.7"'));
    quiet(svc('    deploy:\n      rollback_config:\n        parallelism: 1\n', '"3"'));
    quiet(svc('    deploy:\n      rollback_config:\n        parallelism: 1\n').replace('version: "3.8"\n', ''));
  });

  it('schema/version: only 3.x', () => {
    fires('schema/version', 'error', 'version: «"2.4"»\nservices: {}\n', /2\.4/);
    quiet('version: "3.14"\nservices: {}\n');
  });

  it('schema/duplicate-item', () => {
    fires('schema/duplicate-item', 'error', svc('    ports:\n      - "80:80"\n      - «"80:80"»\n'));
    quiet(svc('    command: [a, a]\n'));
  });

  it('stack triage: ignored, deprecated, forbidden, compose-only, unused', () => {
    fires('stack/ignored', 'warning', svc('    «restart»: always\n'), /restart_policy/);
    fires('stack/ignored', 'warning', svc('    «build»: .\n'));
    fires('stack/deprecated', 'warning', svc('    «container_name»: web\n'));
    fires('stack/forbidden', 'error', svc('    «mem_limit»: 512m\n'), /deploy\.resources\.limits\.memory/);
    fires('stack/forbidden', 'error', svc('    «extends»: base\n'));
    fires('stack/compose-only', 'error', svc('    «profiles»: [debug]\n'));
    fires('stack/compose-only', 'error', svc('    depends_on:\n      «db: {condition: service_healthy}»\n'), /plain list/);
    fires('stack/compose-only', 'error', `«name»: app\nservices: {}\n`);
    fires('stack/unused', 'warning', svc('    «depends_on»: [db]\n'));
    fires('stack/unused', 'warning', svc('    «tmpfs»: /run\n'));
    quiet(svc('    volumes:\n      - type: tmpfs\n        target: /run\n'));
  });

  it('resolves aliases and << merges, and points at the alias', () => {
    const text = `version: "3.8"
x-deploy: &dep
  replicas: "2"
x-base: &base
  image: nginx
  restart: always
services:
  a:
    <<: «*base»
    deploy: *dep
`;
    fires('stack/ignored', 'warning', text);
    const { text: t2 } = marked(text);
    const typeErr = findings(t2, 'schema/type')[0]!;
    assert.strictEqual(t2.slice(typeErr.start, typeErr.end), '*dep');
    // keys written in the mapping win over merged ones
    quiet(`version: "3.8"\nx-base: &base\n  image: nginx\n  deploy: {replicas: "x"}\nservices:\n  a:\n    <<: *base\n    deploy: {replicas: 1}\n`);
  });

  it('stays quiet where interpolation makes a value unknowable', () => {
    quiet(svc('    deploy:\n      replicas: ${REPLICAS:-2}\n      update_config:\n        monitor: ${MON}\n        order: ${ORDER?need}\n      resources:\n        limits:\n          memory: $MEM\n    healthcheck:\n      retries: ${R}\n'));
    fires('schema/duration', 'error', svc('    stop_grace_period: «$$10»\n'));
  });

  it('stops on an alias bomb within the visit budget, quickly', () => {
    let t = 'version: "3.8"\nx-a0: &a0 [{image: x}]\n';
    for (let i = 1; i < 20; i++) t += `x-a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}]\n`;
    t += 'services:\n  web:\n    image: nginx\n    command: *a19\n';
    const t0 = Date.now();
    const f = findings(t);
    assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
    assert.ok(f.some((x) => x.code === 'schema/budget' || x.code === 'schema/type'));
  });
});
