// The service and stack operations, on the Engine interface only (no vscode): the tree's commands, the palette and
// the engine tests call the same functions. Each returns what happened or why it could not (never throws for an
// expected refusal: no previous spec, a global service to scale…).
//  - rollback = `docker service update --rollback`: an update with ?rollback=previous; the engine swaps in
//    PreviousSpec. Only possible while PreviousSpec exists (the engine clears it after any rollback).
//  - scale = Spec.Mode.Replicated.Replicas; force update = TaskTemplate.ForceUpdate + 1 (`--force`).
//  - every update sends the spec as read (no insertDefaults) with the Version.Index read with it; a conflicting
//    write ("update out of sequence") is re-read and retried once.
//  - remove stack = `docker stack rm`: services, then secrets, configs and networks with the stack's label.
import type { Engine, ServiceInspect, StackObjectKind } from '../engine/engine';
import { stripDigest } from '../engine/snapshot';

export type OpResult = { ok: true; message: string; warnings?: string[] } | { ok: false; why: string };

const imageOf = (spec: { TaskTemplate?: { ContainerSpec?: { Image?: string } } } | null | undefined) => stripDigest(spec?.TaskTemplate?.ContainerSpec?.Image);
const nameOf = (s: ServiceInspect) => s.Spec?.Name ?? s.ID.slice(0, 12);
const short = (image: string) => image.slice(image.lastIndexOf('/') + 1);

function errText(e: unknown): string {
  const err = e as { json?: { message?: string }; reason?: string; message?: string; statusCode?: number };
  return err?.json?.message ?? err?.message ?? String(e);
}

/** Reads the spec, lets `change` edit it, writes it back with the version; retries once on a concurrent write. */
async function updateWith(engine: Engine, id: string, change: (svc: ServiceInspect) => OpResult | undefined): Promise<OpResult> {
  for (let attempt = 0; ; attempt++) {
    let svc: ServiceInspect;
    try { svc = await engine.inspectService(id); } catch (e) { return { ok: false, why: errText(e) }; }
    const refused = change(svc);
    if (refused && !refused.ok) return refused;
    try {
      const res = await engine.updateService(id, svc.Version?.Index ?? 0, svc.Spec ?? {});
      return { ok: true, message: refused?.ok ? refused.message : `${nameOf(svc)} updated`, warnings: res.Warnings ?? undefined };
    } catch (e) {
      if (attempt === 0 && /out of sequence/i.test(errText(e))) continue;
      return { ok: false, why: errText(e) };
    }
  }
}

/** Why a manual rollback is impossible, in the user's words (undefined: it is possible). */
export function whyNoRollback(svc: ServiceInspect): string | undefined {
  if (svc.PreviousSpec) return undefined;
  const name = nameOf(svc);
  const st = svc.UpdateStatus?.State;
  if (st === 'rollback_completed' || st === 'rollback_started' || st === 'rollback_paused') {
    return `${name} has no previous spec: it was just rolled back (${svc.UpdateStatus?.Message ?? st}), and the engine keeps no spec to go back to after a rollback. Deploy the version you want instead.`;
  }
  if (!svc.UpdateStatus) return `${name} has no previous spec: it has not been updated since it was created.`;
  return `${name} has no previous spec to roll back to.`;
}

/** `docker service update --rollback`. */
export async function rollbackService(engine: Engine, id: string): Promise<OpResult> {
  for (let attempt = 0; ; attempt++) {
    let svc: ServiceInspect;
    try { svc = await engine.inspectService(id); } catch (e) { return { ok: false, why: errText(e) }; }
    const why = whyNoRollback(svc);
    if (why) return { ok: false, why };
    const from = imageOf(svc.Spec);
    const to = imageOf(svc.PreviousSpec);
    try {
      const res = await engine.updateService(id, svc.Version?.Index ?? 0, svc.Spec ?? {}, { rollback: true });
      const what = from !== to ? `${short(from)} → ${short(to)}` : 'to the previous spec';
      return { ok: true, message: `${nameOf(svc)}: rolling back ${what}`, warnings: res.Warnings ?? undefined };
    } catch (e) {
      if (attempt === 0 && /out of sequence/i.test(errText(e))) continue;
      return { ok: false, why: errText(e) };
    }
  }
}

/** `docker service scale NAME=N` (replicated services only). */
export async function scaleService(engine: Engine, id: string, replicas: number): Promise<OpResult> {
  if (!Number.isInteger(replicas) || replicas < 0) return { ok: false, why: `replicas must be a whole number ≥ 0, not ${replicas}` };
  return updateWith(engine, id, (svc) => {
    const mode = svc.Spec?.Mode as { Replicated?: { Replicas?: number } } | undefined;
    if (!mode?.Replicated) {
      const kind = Object.keys(mode ?? {})[0] ?? 'unknown';
      return { ok: false, why: `${nameOf(svc)} is a ${kind} service: only replicated services can be scaled` };
    }
    const before = mode.Replicated.Replicas ?? 1;
    mode.Replicated.Replicas = replicas;
    return { ok: true, message: `${nameOf(svc)}: scaled from ${before} to ${replicas}` };
  });
}

/** `docker service update --force`: new tasks with the same spec. */
export async function forceUpdateService(engine: Engine, id: string): Promise<OpResult> {
  return updateWith(engine, id, (svc) => {
    const mode = svc.Spec?.Mode as Record<string, unknown> | undefined;
    if (mode?.ReplicatedJob || mode?.GlobalJob) return { ok: false, why: `${nameOf(svc)} is a job: run it again by deploying it, a job has no rolling update` };
    const tt = ((svc.Spec ??= {}) as { TaskTemplate?: { ForceUpdate?: number } }).TaskTemplate ??= {};
    tt.ForceUpdate = (tt.ForceUpdate ?? 0) + 1;
    return { ok: true, message: `${nameOf(svc)}: force update (ForceUpdate ${tt.ForceUpdate})` };
  });
}

export interface RemoveStackResult { removed: string[]; errors: string[] }

/** `docker stack rm`: the services first, then secrets, configs and networks labelled with the stack. */
export async function removeStack(engine: Engine, stack: string, serviceIds: Array<{ id: string; name: string }>): Promise<RemoveStackResult> {
  const removed: string[] = [];
  const errors: string[] = [];
  for (const s of serviceIds) {
    try { await engine.removeService(s.id); removed.push(`service ${s.name}`); } catch (e) { errors.push(`service ${s.name}: ${errText(e)}`); }
  }
  let objects: Array<{ kind: StackObjectKind; id: string; name: string }> = [];
  try { objects = await engine.stackObjects(stack); } catch (e) { errors.push(errText(e)); }
  const rank: Record<StackObjectKind, number> = { secret: 0, config: 1, network: 2 };
  objects.sort((a, b) => rank[a.kind] - rank[b.kind]);
  for (const o of objects) {
    // a network can stay busy for a moment while the tasks' containers stop
    let last: unknown;
    for (let i = 0; i < (o.kind === 'network' ? 10 : 1); i++) {
      try { await engine.removeObject(o.kind, o.id); last = undefined; break; } catch (e) {
        last = e;
        if (!/in use|has active endpoints/i.test(errText(e))) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    if (last) errors.push(`${o.kind} ${o.name}: ${errText(last)}`); else removed.push(`${o.kind} ${o.name}`);
  }
  return { removed, errors };
}

/** The spec with the engine's defaults, as `docker service inspect` prints it (a JSON array of one). */
export async function inspectServiceJson(engine: Engine, id: string): Promise<string> {
  const svc = await engine.inspectService(id, { insertDefaults: true });
  return `${JSON.stringify([svc], null, 4)}\n`;
}
