// The operations (client/src/operations/ops.ts) against a fake Engine that records the calls: what is sent to the
// engine (spec, version, rollback flag), the retry on a concurrent write, and the refusals with their reasons.
import { strict as assert } from 'node:assert';
import type { Engine, ServiceInspect } from '../../client/src/engine/engine';
import { forceUpdateService, removeStack, rollbackService, scaleService, whyNoRollback } from '../../client/src/operations/ops';

interface Call { op: string; args: unknown[] }
function fakeEngine(svc: ServiceInspect, opts: { conflictOnce?: boolean; objects?: Array<{ kind: 'network' | 'secret' | 'config'; id: string; name: string }> } = {}): { engine: Engine; calls: Call[] } {
  const calls: Call[] = [];
  let conflict = opts.conflictOnce ?? false;
  const engine = {
    inspectService: async (id: string, o?: object) => { calls.push({ op: 'inspect', args: [id, o] }); return structuredClone(svc); },
    updateService: async (id: string, version: number, spec: object, o?: object) => {
      calls.push({ op: 'update', args: [id, version, spec, o] });
      if (conflict) { conflict = false; throw new Error('rpc error: code = Unknown desc = update out of sequence'); }
      return { Warnings: null };
    },
    removeService: async (id: string) => { calls.push({ op: 'rmService', args: [id] }); },
    stackObjects: async (stack: string) => { calls.push({ op: 'objects', args: [stack] }); return opts.objects ?? []; },
    removeObject: async (kind: string, id: string) => { calls.push({ op: 'rm', args: [kind, id] }); },
  } as unknown as Engine;
  return { engine, calls };
}
const spec = (image: string, mode: object = { Replicated: { Replicas: 3 } }) => ({ Name: 'st_api', Mode: mode, TaskTemplate: { ContainerSpec: { Image: image } } });

describe('operations on a fake engine', () => {
  it('rollback sends the current spec with ?rollback=previous and the version read', async () => {
    const { engine, calls } = fakeEngine({ ID: 's1', Version: { Index: 42 }, Spec: spec('x:3@sha256:abc'), PreviousSpec: spec('x:2'), UpdateStatus: { State: 'completed' } });
    const r = await rollbackService(engine, 's1');
    assert.deepEqual(r, { ok: true, message: 'st_api: rolling back x:3 → x:2', warnings: undefined });
    const up = calls.find((c) => c.op === 'update')!;
    assert.equal(up.args[1], 42);
    assert.deepEqual(up.args[3], { rollback: true });
  });

  it('rollback without a previous spec says why: after a rollback, or never updated', async () => {
    const after = { ID: 's1', Spec: spec('x:2'), UpdateStatus: { State: 'rollback_completed', Message: 'rollback completed' } };
    const r = await rollbackService(fakeEngine(after).engine, 's1');
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.why : '', /no previous spec: it was just rolled back \(rollback completed\)/);
    assert.match(whyNoRollback({ ID: 's2', Spec: spec('x:1') }) ?? '', /not been updated since it was created/);
    assert.equal(whyNoRollback({ ID: 's3', Spec: spec('x:2'), PreviousSpec: spec('x:1') }), undefined);
  });

  it('scale writes Replicas, retries once on "update out of sequence", refuses a global service', async () => {
    const { engine, calls } = fakeEngine({ ID: 's1', Version: { Index: 7 }, Spec: spec('x:1') }, { conflictOnce: true });
    const r = await scaleService(engine, 's1', 5);
    assert.ok(r.ok, JSON.stringify(r));
    const ups = calls.filter((c) => c.op === 'update');
    assert.equal(ups.length, 2, 'retried after the conflict');
    assert.deepEqual((ups[1].args[2] as { Mode: unknown }).Mode, { Replicated: { Replicas: 5 } });
    const g = await scaleService(fakeEngine({ ID: 'g', Spec: spec('x:1', { Global: {} }) }).engine, 'g', 2);
    assert.equal(g.ok, false);
    assert.match(!g.ok ? g.why : '', /Global service: only replicated services can be scaled/);
    assert.equal((await scaleService(engine, 's1', -1)).ok, false);
  });

  it('force update increments TaskTemplate.ForceUpdate; a job is refused', async () => {
    const s = spec('x:1') as ReturnType<typeof spec> & { TaskTemplate: { ForceUpdate?: number } };
    s.TaskTemplate.ForceUpdate = 2;
    const { engine, calls } = fakeEngine({ ID: 's1', Version: { Index: 9 }, Spec: s });
    assert.ok((await forceUpdateService(engine, 's1')).ok);
    assert.equal((calls.find((c) => c.op === 'update')!.args[2] as { TaskTemplate: { ForceUpdate: number } }).TaskTemplate.ForceUpdate, 3);
    const job = await forceUpdateService(fakeEngine({ ID: 'j', Spec: spec('x:1', { ReplicatedJob: {} }) }).engine, 'j');
    assert.equal(job.ok, false);
  });

  it('remove stack: services first, then secrets, configs, networks', async () => {
    const { engine, calls } = fakeEngine({ ID: 's1' }, { objects: [
      { kind: 'network', id: 'n1', name: 'st_default' }, { kind: 'config', id: 'c1', name: 'st_cfg' }, { kind: 'secret', id: 'x1', name: 'st_sec' }] });
    const r = await removeStack(engine, 'st', [{ id: 's1', name: 'st_api' }]);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.removed, ['service st_api', 'secret st_sec', 'config st_cfg', 'network st_default']);
    assert.deepEqual(calls.map((c) => c.op), ['rmService', 'objects', 'rm', 'rm', 'rm']);
  });
});
