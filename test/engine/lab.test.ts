// Engine tier, 3 nodes: a swarm of three dockerd in network namespaces (scripts/lab/, from recipes/swarm-lab).
// Deploy numbers v1 (3 replicas, one per node), stop node 3's dockerd: the model (connected to the manager n1)
// shows labn3 down, its task folded under the slot as "node down", and the slot running again on another node.
// A SwarmWatcher connected to n3 (a worker) shows the worker role, goes unreachable when n3 stops, and reconnects
// by itself when n3 comes back. The lab is torn down in after(), whatever happened.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DockerodeEngine } from '../../client/src/engine/engine';
import { SwarmWatcher } from '../../client/src/views/refresh';
import { inCI, requirePrereq } from '../helpers/prereq';
import { ModelProbe, REPO, docker, localConnection, localSwarmPrereqs, waitFor } from '../helpers/swarm';

const run = promisify(execFile);
const LAB = path.join(REPO, 'scripts', 'lab');
const N1 = 'unix:///run/lab-n1.sock';
const N3 = 'unix:///run/lab-n3.sock';
const STACK = `srlab${process.pid}`;
const SVC = `${STACK}_numbers-api`;

async function lab(script: string, ...args: string[]): Promise<string> {
  const t0 = Date.now();
  const { stdout, stderr } = await run('bash', [path.join(LAB, script), ...args], {
    timeout: 90_000, env: { ...process.env, HEARTBEAT: '1s' }, maxBuffer: 16 << 20,
  });
  const out = `${stdout}${stderr}`;
  const last = out.trim().split('\n').filter((l) => /lab (up|down)|stopped/.test(l)).pop();
  console.log(`      ${script} ${args.join(' ')}: ${((Date.now() - t0) / 1000).toFixed(1)} s${last ? ` (${last.trim()})` : ''}`);
  return out;
}

describe('engine: 3-node swarm in network namespaces (scripts/lab)', function () {
  this.timeout(120_000);
  let up = false;
  let probe: ModelProbe | undefined;
  let watcher: SwarmWatcher | undefined;

  before(async function () {
    this.timeout(120_000);
    const root = process.getuid?.() === 0;
    requirePrereq(this, root, 'the lab needs root (network namespaces, bridge, iptables)');
    const missing = ['ip', 'iptables', 'unshare', 'nsenter', 'setsid', 'dockerd'].filter((c) =>
      !(process.env.PATH ?? '').split(':').some((d) => fs.existsSync(path.join(d, c))));
    requirePrereq(this, missing.length === 0, `missing ${missing.join(', ')} (npm run setup)`);
    const [ok, why] = await localSwarmPrereqs(); // the images come from the default engine
    requirePrereq(this, ok, why);
    if (fs.existsSync('/run/lab-n1.sock') && !inCI && process.env.LAB_TEST_REUSE !== '1') {
      // someone's lab is up: start from a clean one (it is ours to tear down only if we started it)
      await lab('lab-down.sh');
    }
    up = true;
    await lab('lab-up.sh');
    probe = await new ModelProbe(localConnection(N1)).init();
  });

  after(async function () {
    this.timeout(90_000);
    watcher?.stop();
    probe?.dispose();
    if (up) await lab('lab-down.sh');
  });

  it('a stopped node: the model shows it down and its task rescheduled; a watcher on it reconnects when it returns', async function () {
    this.timeout(100_000);
    await docker(['stack', 'deploy', '--resolve-image', 'never', '-c', path.join(REPO, 'examples', 'numbers', 'stack-v1.yml'), STACK], N1);
    const t0 = Date.now();
    const spread = await waitFor('3/3 on three nodes', 40_000, async () => {
      const s = await probe!.service(SVC);
      const nodes = new Set(s?.slots.filter((x) => x.current.state === 'running').map((x) => x.current.nodeName));
      return s && s.replicas === '3/3' && nodes.size === 3 ? s : undefined;
    });
    console.log(`      deployed: ${spread.replicas} on ${spread.slots.map((x) => `${x.name}@${x.current.nodeName}`).join(', ')} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const lostSlot = spread.slots.find((x) => x.current.nodeName === 'labn3')!;
    const lostTask = lostSlot.current.id;

    // a watcher on the worker n3
    watcher = new SwarmWatcher(() => new DockerodeEngine(localConnection(N3)), { retryMinMs: 300, retryMaxMs: 1000, idlePollMs: 2000 });
    const states: string[] = [];
    watcher.onChange((st) => {
      const k = st.kind === 'ok' ? `ok:${st.snapshot.role}` : st.kind;
      if (states[states.length - 1] !== k) states.push(k);
    });
    watcher.start();
    await waitFor('the watcher on n3 to connect', 10_000, async () => watcher!.current.kind === 'ok');
    assert.equal(watcher.snapshot?.role, 'worker');
    assert.equal(watcher.snapshot?.stacks.length, 0, 'a worker lists no services');

    const t1 = Date.now();
    await lab('lab-node.sh', 'stop', '3');
    await waitFor('the watcher on n3 to see it unreachable', 10_000, async () => watcher!.current.kind === 'unreachable');
    const moved = await waitFor('labn3 down and its task rescheduled', 40_000, async () => {
      const snap = await probe!.snapshot();
      const s = snap.stacks.find((x) => x.name === STACK)?.services[0];
      const n3 = snap.nodes.find((n) => n.hostname === 'labn3');
      const slot = s?.slots.find((x) => x.key === lostSlot.key);
      return n3?.state === 'down' && slot && slot.current.state === 'running'
        && slot.current.nodeName !== 'labn3' && slot.history.some((h) => h.id === lostTask) ? { snap, s, slot } : undefined;
    }, 300);
    probe!.record('lab-rescheduled');
    const old = moved.slot.history.find((h) => h.id === lostTask)!;
    console.log(`      n3 stopped → rescheduled in ${((Date.now() - t1) / 1000).toFixed(1)} s: ${moved.slot.name} now on ${moved.slot.current.nodeName}; the lost task: ${old.state} (desired ${old.desiredState}) on ${old.nodeName}, nodeDown=${old.nodeDown}`);
    assert.equal(old.nodeDown, true);
    assert.equal(old.nodeName, 'labn3');
    assert.equal(old.desiredState, 'shutdown');
    assert.equal(moved.s!.converging, false, 'a task on a down node does not keep the service converging');
    // the server still counts the lost task as running (docker service ls says 4/3): the model says the same, and why
    const cli = (await docker(['service', 'ls', '--filter', `name=${SVC}`, '--format', '{{.Replicas}}'], N1)).trim();
    console.log(`      REPLICAS: model ${moved.s!.replicas}, docker service ls ${cli}; onDownNodes=${moved.s!.onDownNodes}`);
    assert.equal(moved.s!.replicas, cli);
    assert.equal(moved.s!.onDownNodes, 1);
    assert.deepEqual(moved.snap.nodes.map((n) => `${n.hostname}:${n.role}:${n.state}`), ['labn1:manager:ready', 'labn2:worker:ready', 'labn3:worker:down']);

    const t2 = Date.now();
    await lab('lab-node.sh', 'start', '3');
    await waitFor('the watcher to reconnect to n3', 20_000, async () => watcher!.current.kind === 'ok');
    console.log(`      n3 back: watcher reconnected ${((Date.now() - t2) / 1000).toFixed(1)} s after the restart began; states ${states.join(' → ')}`);
    assert.equal(watcher.snapshot?.role, 'worker');
    assert.ok(states.includes('unreachable'));
    await waitFor('labn3 ready again in the model', 20_000, async () =>
      (await probe!.snapshot()).nodes.find((n) => n.hostname === 'labn3')?.state === 'ready');
  });
});
