// Agreement with the real loader: `docker stack config -c FILE` (offline) on the corpus real files and on the
// project's own rule fixtures. We give an Error iff the CLI rejects the file, except for findings whose codes are
// documented engine refusals: `docker stack config` accepts the file, but `docker stack deploy` (its conversion
// step) or the engine refuses it. That list is kept here, explicitly, with the reason for each code.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { decodeText, validate } from '../../server/src/core';
import { CORPUS, REPO, corpusPresent } from '../helpers/corpus';
import { requirePrereq } from '../helpers/prereq';

/** Codes whose Error means "deploy fails" although `docker stack config` accepts the file. */
export const ENGINE_REFUSALS: Readonly<Record<string, string>> = {
  'swarm/replicas-with-global': 'docker/cli convert convertDeployMode: "replicas can only be used with replicated or replicated-job mode"',
  'swarm/test-and-disable': 'docker/cli convert convertHealthcheck: "test and disable can\'t be set at the same time"',
  'swarm/job-update-config': 'swarmkit controlapi validateJob: "Jobs may not have an update config"',
  'swarm/dnsrr-ingress': 'swarmkit controlapi validateEndpointSpec: "port published with ingress mode can\'t be used with dnsrr mode"',
  'ref/undefined-network': 'docker/cli convert convertServiceNetworks: undefined network',
  'ref/undefined-secret': 'docker/cli convert convertServiceSecrets: undefined secret',
  'ref/undefined-config': 'docker/cli convert convertServiceConfigObjs: undefined config',
  'ref/undefined-volume': 'docker/cli convert convertVolumeToMount: undefined volume',
  'placement/syntax': 'swarmkit controlapi validatePlacement → constraint.Parse',
};

const FIXTURES = path.join(REPO, 'test', 'fixtures');

function dockerCli(): boolean {
  const r = spawnSync('docker', ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

function tsv(file: string): Array<Record<string, string>> {
  const [head, ...rows] = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const cols = head!.split('\t');
  return rows.map((r) => Object.fromEntries(cols.map((c, i) => [c, r.split('\t')[i] ?? ''])));
}

/** Runs `docker stack config` on a temp copy with the given variables and empty stub env_files. */
function cliAccepts(src: string, env: Record<string, string>, stubs: string[], tmp: string): { ok: boolean; err: string } {
  const dir = fs.mkdtempSync(path.join(tmp, 'f-'));
  const file = path.join(dir, path.basename(src));
  fs.copyFileSync(src, file);
  for (const s of stubs) {
    const p = path.resolve(dir, s);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, '');
  }
  // A clean environment: variables of this shell (HOSTNAME, USER…) must not fill the file's ${…}.
  const clean: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp, DOCKER_CONFIG: path.join(tmp, '.docker'), ...env };
  const r = spawnSync('docker', ['stack', 'config', '-c', file], { cwd: dir, env: clean, encoding: 'utf8', timeout: 30_000 });
  return { ok: r.status === 0, err: (r.stderr || r.error?.message || '').trim().split('\n')[0] ?? '' };
}

interface Case {
  name: string;
  file: string;
  env: Record<string, string>;
  stubs: string[];
}

function cases(): Case[] {
  const out: Case[] = [];
  if (corpusPresent()) {
    for (const row of tsv(path.join(CORPUS, 'ORACLE.tsv'))) {
      const env: Record<string, string> = {};
      if (row.env_placeholders && row.env_placeholders !== '-') {
        for (const kv of row.env_placeholders.split(';')) {
          const i = kv.indexOf('=');
          if (i > 0) env[kv.slice(0, i)] = kv.slice(i + 1);
        }
      }
      const stubs = row.stub_env_files && row.stub_env_files !== '-' ? row.stub_env_files.split(';').filter(Boolean) : [];
      out.push({ name: `real/${row.file!}`, file: path.join(CORPUS, 'real', row.file!), env, stubs });
    }
  }
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) out.push({ name: path.relative(REPO, p), file: p, env: {}, stubs: [] });
    }
  };
  if (fs.existsSync(FIXTURES)) walk(FIXTURES);
  return out;
}

describe('core: agreement with docker stack config (the CLI itself)', function () {
  this.timeout(300_000);
  before(function () {
    requirePrereq(this, dockerCli(), 'the docker CLI is not installed (docker stack config is the oracle)');
  });

  it('an Error from us iff the CLI rejects, except documented engine refusals', function () {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'swarm-rollout-oracle-'));
    const problems: string[] = [];
    let agree = 0;
    let accepted = 0;
    let rejected = 0;
    let refusalOnly = 0;
    const all = cases();
    try {
      for (const c of all) {
        const text = decodeText(fs.readFileSync(c.file));
        const errors = validate(text).findings.filter((f) => f.severity === 'error');
        const cli = cliAccepts(c.file, c.env, c.stubs, tmp);
        const ours = errors.filter((f) => !(f.code in ENGINE_REFUSALS));
        if (cli.ok) {
          accepted++;
          if (ours.length > 0) problems.push(`${c.name}: the CLI accepts it but we give ${ours.map((f) => `${f.code} (${f.message})`).join(' | ')}`);
          else {
            agree++;
            if (errors.length > 0) refusalOnly++;
          }
        } else {
          rejected++;
          if (ours.length === 0) problems.push(`${c.name}: the CLI rejects it ("${cli.err}") but we give no Error${errors.length ? ` outside the engine-refusal list (${errors.map((f) => f.code).join(', ')})` : ''}`);
          else agree++;
        }
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    console.log(`      ${agree}/${all.length} agree (CLI: ${accepted} accepted, ${rejected} rejected; ${refusalOnly} accepted files carry only documented engine-refusal Errors)`);
    assert.ok(all.length >= 60, `only ${all.length} files`);
    assert.deepStrictEqual(problems, []);
  });
});
