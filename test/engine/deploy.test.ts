// Engine tier: deploy examples/numbers/stack-v1.yml with the real docker CLI on the local swarm, check what the
// engine made of it through the API (dockerode), then remove the stack and check nothing is left.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { requirePrereq } from '../helpers/prereq';

const run = promisify(execFile);
const docker = new Docker();
const STACK = `srtest${process.pid}`;
const SERVICE = `${STACK}_numbers-api`;
const IMAGE = 'swarm-rollout/numbers-api';
const V1_FILE = path.resolve(__dirname, '../../examples/numbers/stack-v1.yml');
const stackLabel = { label: [`com.docker.stack.namespace=${STACK}`] };

async function dockerCli(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, { timeout: 60_000 });
  return stdout;
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function stackIsGone(): Promise<boolean> {
  const [services, containers, networks] = await Promise.all([
    docker.listServices({ filters: stackLabel }),
    docker.listContainers({ all: true, filters: stackLabel }),
    docker.listNetworks({ filters: { name: [`${STACK}_default`] } }),
  ]);
  return services.length === 0 && containers.length === 0 && networks.length === 0;
}

async function removeStack(): Promise<void> {
  await dockerCli('stack', 'rm', STACK);
  // stack rm only asks for removal: services, task containers and the network go away asynchronously
  await waitFor(`stack ${STACK} to be gone`, 60_000, stackIsGone);
}

async function prereqs(): Promise<[boolean, string]> {
  try {
    await dockerCli('version', '--format', '{{.Client.Version}}');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [false, 'no docker CLI on PATH (npm run setup)'];
    // the CLI exists; `version` fails when only the engine is unreachable, which the next check reports
  }
  let info;
  try {
    info = await docker.info();
  } catch (e) {
    return [false, `Docker engine not reachable (${(e as Error).message}); run npm run setup`];
  }
  if (info.Swarm?.LocalNodeState !== 'active' || !info.Swarm?.ControlAvailable) {
    return [false, 'the engine is not a swarm manager (npm run setup runs docker swarm init)'];
  }
  for (const tag of ['v1', 'v2', 'v3']) {
    try {
      await docker.getImage(`${IMAGE}:${tag}`).inspect();
    } catch {
      return [false, `image ${IMAGE}:${tag} missing (npm run images)`];
    }
  }
  return [true, ''];
}

describe('engine: deploy a stack file on the local swarm', function () {
  this.timeout(120_000);
  let deployed = false;

  before(async function () {
    const [ok, why] = await prereqs();
    requirePrereq(this, ok, why);
  });

  after(async function () {
    if (deployed) await removeStack();
  });

  it('deploys numbers v1 as 3 running replicas, and removes it completely', async function () {
    deployed = true;
    // --resolve-image never: the image is in no registry, so the CLI must not look up a digest
    await dockerCli('stack', 'deploy', '--resolve-image', 'never', '-c', V1_FILE, STACK);

    const services = await docker.listServices({ filters: stackLabel });
    assert.deepEqual(services.map((s) => s.Spec?.Name), [SERVICE]);
    const spec = services[0].Spec!;
    assert.equal(spec.Mode?.Replicated?.Replicas, 3);
    const image = (spec.TaskTemplate as Docker.ContainerTaskSpec | undefined)?.ContainerSpec?.Image ?? '';
    assert.equal(image.split('@')[0], `${IMAGE}:v1`);

    await waitFor('3 running tasks', 60_000, async () => {
      const tasks = await docker.listTasks({ filters: { service: [SERVICE], 'desired-state': ['running'] } });
      return tasks.filter((t) => t.Status?.State === 'running').length === 3;
    });

    await removeStack();
    deployed = false;
  });
});
