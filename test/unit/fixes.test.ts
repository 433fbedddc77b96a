// Quick fixes: every fix on every fixture is applied and the text validated again: the fixed diagnostic is gone
// and no new one appears. Then the preferred fixes are applied one after another until nothing is left to fix:
// the result has no error, and where the docker CLI is present `docker stack config` accepts it.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { applyEdits, fixesFor, parseStack, validate, type Finding, type Fix } from '../../server/src/core';

const DIR = path.resolve(__dirname, '../fixtures/fixes');
const FIXTURES = fs.readdirSync(DIR).filter((f) => f.endsWith('.yml')).sort();

/** The codes the issue names a fix for: each must get one somewhere in the fixtures. */
const REQUIRED = [
  'schema/unknown-key', 'schema/enum', 'schema/duration', 'schema/type', 'stack/ignored', 'stack/deprecated', 'stack/forbidden',
  'stack/compose-only', 'swarm/replicas-with-global', 'rollout/monitor-too-short', 'rollout/no-healthcheck',
  'rollout/rollback-without-healthcheck',
];

function counts(findings: readonly Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) m.set(f.code, (m.get(f.code) ?? 0) + 1);
  return m;
}

function fixesOf(text: string): Array<{ finding: Finding; fixes: Fix[] }> {
  const { doc, findings } = validate(text);
  return findings.map((finding) => ({ finding, fixes: fixesFor(doc, finding) })).filter((x) => x.fixes.length > 0);
}

/** Applies one fix and checks: the finding's code occurs once less, no code occurs more often than before. */
function checkFix(name: string, text: string, finding: Finding, fix: Fix): string {
  const before = counts(validate(text).findings);
  const fixed = applyEdits(text, fix.edits);
  assert.notStrictEqual(fixed, text, `${name}: "${fix.title}" changes nothing`);
  const afterFindings = validate(fixed).findings;
  const after = counts(afterFindings);
  const what = `${name}: "${fix.title}" for ${finding.code}\n--- fixed text:\n${fixed}\n--- findings after:\n${afterFindings.map((f) => `${f.code}: ${f.message}`).join('\n')}`;
  assert.ok((after.get(finding.code) ?? 0) < before.get(finding.code)!, `the diagnostic is still there: ${what}`);
  for (const [code, n] of after) assert.ok(n <= (before.get(code) ?? 0), `new ${code}: ${what}`);
  assert.ok(!afterFindings.some((f) => f.code.startsWith('yaml/')), `YAML broken: ${what}`);
  return fixed;
}

/** Preferred fix (or the first) of the first fixable finding, again and again. */
function fixAll(name: string, text: string): { text: string; applied: string[] } {
  const applied: string[] = [];
  for (let round = 0; round < 30; round++) {
    const next = fixesOf(text)[0];
    if (!next) return { text, applied };
    const fix = next.fixes.find((f) => f.isPreferred) ?? next.fixes[0]!;
    text = checkFix(name, text, next.finding, fix);
    applied.push(`${next.finding.code} → ${fix.title}`);
  }
  throw new Error(`${name}: fixes do not converge`);
}

const docker = spawnSync('docker', ['--version'], { encoding: 'utf8' }).status === 0;

function dockerAccepts(text: string): { ok: boolean; err: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sr-fix-'));
  try {
    const file = path.join(dir, 'stack.yml');
    fs.writeFileSync(file, text);
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, DOCKER_CONFIG: path.join(dir, '.docker') };
    const r = spawnSync('docker', ['stack', 'config', '-c', file], { cwd: dir, env, encoding: 'utf8', timeout: 30_000 });
    return { ok: r.status === 0, err: (r.stderr || r.error?.message || '').trim() };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('core: quick fixes', () => {
  const covered = new Set<string>();
  const titles: string[] = [];

  for (const file of FIXTURES) {
    for (const eol of ['\n', '\r\n']) {
      const label = `${file}${eol === '\r\n' ? ' (CRLF)' : ''}`;
      it(`${label}: every fix removes its diagnostic and adds none; all fixed, the file is valid`, function () {
        this.timeout(60_000);
        const text = fs.readFileSync(path.join(DIR, file), 'utf8').replace(/\n/g, eol);
        const declared = (/^# fix: (.*)$/m.exec(text)?.[1] ?? '').trim().split(/\s+/);
        const all = fixesOf(text);
        for (const code of declared) assert.ok(all.some((x) => x.finding.code === code), `${label}: no fix for ${code}`);
        for (const { finding, fixes } of all) {
          covered.add(finding.code);
          assert.ok(fixes.filter((f) => f.isPreferred).length <= 1, `${label}: more than one preferred fix for ${finding.code}`);
          for (const fix of fixes) {
            const fixed = checkFix(label, text, finding, fix);
            if (eol === '\r\n') assert.ok(!/[^\r]\n/.test(fixed), `${label}: "${fix.title}" wrote a bare LF`);
            if (eol === '\n') titles.push(`${finding.code} → ${fix.title}`);
          }
        }
        const { text: done } = fixAll(label, text);
        const left = validate(done).findings.filter((f) => f.severity === 'error');
        assert.deepStrictEqual(left.map((f) => f.code), [], `${label}: errors left after all fixes:\n${done}`);
        if (docker) {
          const r = dockerAccepts(done);
          assert.ok(r.ok, `${label}: docker stack config refuses the fixed file: ${r.err}\n${done}`);
        }
      });
    }
  }

  it('covers every fix the issue asks for', function () {
    if (process.env.SHOW_FIXES) console.log(titles.map((t) => `      ${t}`).join('\n'));
    for (const code of REQUIRED) assert.ok(covered.has(code), `no fixture exercises a fix for ${code}`);
  });

  it('moves keys in the file\'s indentation: mem_limit and cpus under deploy.resources.limits', () => {
    const text = fs.readFileSync(path.join(DIR, 'resources-4space.yml'), 'utf8');
    const { text: done } = fixAll('resources-4space', text);
    assert.ok(done.includes([
      '        deploy:',
      '            resources:',
      '                reservations:',
      "                    cpus: '0.25'",
      '                limits:',
      '                    cpus: "1.5"',
      '                    memory: 256M',
    ].join('\n')), done);
  });

  it('turns restart into deploy.restart_policy.condition with the swarm value', () => {
    const text = fs.readFileSync(path.join(DIR, 'restart.yml'), 'utf8');
    const { text: done } = fixAll('restart', text);
    assert.match(done, /      retries: 1\n    deploy:\n      replicas: 2\n      restart_policy:\n        condition: any\n  worker:/);
    assert.match(done, /      retries: 1\n    deploy:\n      restart_policy:\n        condition: on-failure\n  cron:/);
    assert.match(done, /      restart_policy:\n        delay: 10s\n        condition: none\n/);
  });

  it('sets monitor to the computed detection time and can add a matching rollback_config', () => {
    const text = fs.readFileSync(path.join(DIR, 'monitor.yml'), 'utf8');
    const { doc, findings } = validate(text);
    const f = findings.find((x) => x.code === 'rollout/monitor-too-short')!;
    const fixes = fixesFor(doc, f);
    assert.deepStrictEqual(fixes.map((x) => x.title), [
      'Set update_config.monitor to 1m5s',
      'Set update_config.monitor to 1m5s and add a rollback_config with the same monitor',
    ]);
    const withRollback = applyEdits(text, fixes[1]!.edits);
    assert.match(withRollback, /        monitor: 1m5s\n      rollback_config:\n        parallelism: 1\n        failure_action: pause\n        monitor: 1m5s\n  api:/);
  });

  it('offers no edit where the YAML is not plain block style (flow mapping, alias)', () => {
    const flow = 'services:\n  web: {image: nginx, mem_limit: 512m}\n';
    const doc = parseStack(flow);
    const f = validate(flow).findings.find((x) => x.code === 'stack/forbidden')!;
    assert.deepStrictEqual(fixesFor(doc, f), []);
    const alias = 'x-d: &d\n  mode: global\n  replicas: 2\nservices:\n  web:\n    image: nginx\n    deploy: *d\n';
    const v = validate(alias);
    const g = v.findings.find((x) => x.code === 'swarm/replicas-with-global')!;
    assert.deepStrictEqual(fixesFor(v.doc, g), []);
  });
});
