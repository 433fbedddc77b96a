// Engine tier: the `docker system dial-stdio` bridge that ssh:// endpoints use, exercised on the local socket
// (the same code path: every HTTP connection is a `docker -H … system dial-stdio` child), plus the API
// version negotiation against the real daemon.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { DockerodeEngine, compareApi, fetchRaw, type EngineEvent } from '../../client/src/engine/engine';
import { requirePrereq } from '../helpers/prereq';
import { IMAGE, docker, localConnection, localSwarmPrereqs, waitFor } from '../helpers/swarm';

describe('engine: connection through docker system dial-stdio, API negotiation', function () {
  this.timeout(60_000);
  let engine: DockerodeEngine | undefined;
  const NAME = `srdial${process.pid}`;

  before(async function () {
    const [ok, why] = await localSwarmPrereqs();
    requirePrereq(this, ok, why);
  });
  after(async () => {
    engine?.dispose();
    await docker(['service', 'rm', NAME]).catch(() => undefined);
  });

  it('negotiates the daemon\'s API version, reads a snapshot in 4 calls and streams events over the bridge', async function () {
    engine = new DockerodeEngine(localConnection(), { forceDialStdio: true });
    const v = await engine.negotiate();
    const cli = (await docker(['version', '--format', '{{.Server.APIVersion}}'])).trim();
    console.log(`      daemon API ${v.daemonApiVersion} (CLI says ${cli}), using ${v.apiVersion}, engine ${v.serverVersion}`);
    assert.equal(v.daemonApiVersion, cli);
    assert.ok(compareApi(v.apiVersion, v.daemonApiVersion) <= 0);
    const c0 = engine.calls;
    const raw = await fetchRaw(engine);
    assert.equal(engine.calls - c0, 4);
    assert.equal(raw.info.Swarm?.ControlAvailable, true);
    assert.ok(Array.isArray(raw.nodes) && raw.nodes.length >= 1);

    const events: EngineEvent[] = [];
    const sub = await engine.events((e) => events.push(e), () => undefined);
    try {
      await docker(['service', 'create', '-d', '--quiet', '--no-resolve-image', '--name', NAME, `${IMAGE}:v1`]);
      const ev = await waitFor('a service create event through the bridge', 10_000, async () =>
        events.find((e) => e.Type === 'service' && e.Action === 'create' && e.Actor?.Attributes?.name === NAME));
      assert.ok(ev.timeNano);
    } finally {
      sub.close();
    }
    // Disposing the engine ends every bridge process it started (a leak here kept the test run alive).
    engine.dispose();
    await waitFor('no docker system dial-stdio child left', 5_000, async () => dialChildren().length === 0 || undefined);
  });
});

/** Live child processes of this process running `docker … system dial-stdio`. */
function dialChildren(): number[] {
  const out: number[] = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dial-stdio')) out.push(Number(pid));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}
