// PURE: raw Engine API JSON (GET /info, /services?status=true, /tasks, /nodes) → the swarm model the views render.
// No vscode, no dockerode, no I/O, no clock: `now` comes in with the raw snapshot. Tests feed it snapshots recorded
// from a real engine (test/fixtures/snapshots/).
//
// Counting follows the docker CLI (knowledge/swarm-engine-and-ops-anchors.md §3, §3b):
//  - REPLICAS = ServiceStatus{RunningTasks, DesiredTasks, CompletedTasks} from the server (API ≥ 1.41), formatted
//    like `docker service ls`; without ServiceStatus (API < 1.41) the old client-side fallback.
//  - slots: replicated tasks by Slot, global tasks by NodeID; the current task of a slot is the one with the lowest
//    DesiredState, ties broken by the lowest State (the progress algorithm's choice); the others are its history.
//  - health comes from the task: `starting` = waiting for the healthcheck; failed with "unhealthy container" =
//    unhealthy. Tasks carry no health field, and container health is visible only on the container's own node.

// ---------- raw API shapes (only the fields we read; everything optional, as recorded JSON may lack them) ----------

export interface RawInfo {
  ID?: string;
  Name?: string;
  ServerVersion?: string;
  Swarm?: {
    NodeID?: string;
    NodeAddr?: string;
    LocalNodeState?: string;
    ControlAvailable?: boolean;
    Error?: string;
    Nodes?: number;
    Managers?: number;
  };
}

export interface RawHealthcheck { Test?: string[] }
export interface RawContainerSpec { Image?: string; Healthcheck?: RawHealthcheck }

export interface RawService {
  ID: string;
  Version?: { Index?: number };
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec?: {
    Name?: string;
    Labels?: Record<string, string>;
    Mode?: {
      Replicated?: { Replicas?: number };
      Global?: object;
      ReplicatedJob?: { MaxConcurrent?: number; TotalCompletions?: number };
      GlobalJob?: object;
    };
    TaskTemplate?: { ContainerSpec?: RawContainerSpec; Placement?: { MaxReplicas?: number } };
    /** Monitor in ns (rollout panel: the verify window). */
    UpdateConfig?: { Monitor?: number };
  };
  PreviousSpec?: { TaskTemplate?: { ContainerSpec?: RawContainerSpec } } | null;
  UpdateStatus?: { State?: string; StartedAt?: string; CompletedAt?: string; Message?: string };
  ServiceStatus?: { RunningTasks?: number; DesiredTasks?: number; CompletedTasks?: number };
  JobStatus?: { JobIteration?: { Index?: number }; LastExecution?: string };
}

export interface RawTask {
  ID: string;
  ServiceID?: string;
  NodeID?: string;
  Slot?: number;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec?: { ContainerSpec?: RawContainerSpec };
  Status?: {
    Timestamp?: string;
    State?: string;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; PID?: number; ExitCode?: number };
  };
  DesiredState?: string;
  JobIteration?: { Index?: number };
}

export interface RawNode {
  ID: string;
  Description?: { Hostname?: string; Engine?: { EngineVersion?: string } };
  Spec?: { Role?: string; Availability?: string; Labels?: Record<string, string> };
  Status?: { State?: string; Addr?: string; Message?: string };
  ManagerStatus?: { Leader?: boolean; Reachability?: string; Addr?: string };
}

/** What one refresh fetched: /info always; the lists only on a swarm manager. */
export interface RawSnapshot {
  info: RawInfo;
  services?: RawService[];
  tasks?: RawTask[];
  nodes?: RawNode[];
}

// ---------- the model ----------

export type SwarmState = 'inactive' | 'pending' | 'active' | 'error' | 'locked' | 'unknown';
export type NodeRoleView = 'manager' | 'worker' | 'inactive';
export type ServiceMode = 'replicated' | 'global' | 'replicated-job' | 'global-job';
/** UpdateStatus.State as the engine says it (or 'none' when the service has no UpdateStatus). */
export type UpdateState = 'none' | 'updating' | 'paused' | 'completed' | 'rollback_started' | 'rollback_paused' | 'rollback_completed';
/** One word for the icon: what a user must notice first. */
export type ServiceBadge = 'ok' | 'partial' | 'down' | 'updating' | 'paused' | 'rolling-back' | 'rolled-back' | 'unhealthy' | 'job-running' | 'job-complete';
export type TaskHealth = 'starting' | 'healthy' | 'unhealthy' | 'none';

export interface TaskModel {
  id: string;
  serviceId: string;
  /** "numbers-api.2" (replicated) or "numbers-api.<hostname>" (global), as `docker service ps` names it. */
  name: string;
  slot?: number;
  nodeId?: string;
  nodeName?: string;
  state: string;
  desiredState: string;
  /** Status.Err ("task: non-zero exit (143): dockerexec: unhealthy container"), else undefined. */
  error?: string;
  message?: string;
  /** Status.Timestamp in ms since the epoch (when the task reached its current state). */
  since: number;
  ageMs: number;
  /** Image without the @sha256 digest. */
  image: string;
  /** Health read from the task: starting = waiting for the healthcheck; unhealthy = failed "unhealthy container";
   * healthy = running with a healthcheck in its spec; none = running without one we know of (or not running). */
  health: TaskHealth;
  exitCode?: number;
  containerId?: string;
  /** The task's image is the service's current image. */
  upToDate: boolean;
  /** Its node is down: the state is the last one the node reported (the task was rescheduled elsewhere). */
  nodeDown: boolean;
}

export interface SlotModel {
  /** "1", "2"… or a node id (global). */
  key: string;
  name: string;
  current: TaskModel;
  /** Older tasks of the slot, newest first. */
  history: TaskModel[];
}

export interface ServiceModel {
  id: string;
  name: string;
  /** Name without the "<stack>_" prefix. */
  shortName: string;
  stack?: string;
  mode: ServiceMode;
  image: string;
  /** What `docker service ls` shows in REPLICAS: "3/3", "2/2 (3/5 completed)", "1/1 (max 1 per node)". */
  replicas: string;
  running: number;
  desired: number;
  completed?: number;
  totalCompletions?: number;
  update: { state: UpdateState; message?: string; startedAt?: number; completedAt?: number };
  /** PreviousSpec exists: a manual rollback is possible. */
  canRollback: boolean;
  /** PreviousSpec's image (what a manual rollback returns to). */
  previousImage?: string;
  /** Version.Index: changes with every spec update. */
  specVersion?: number;
  /** UpdateConfig.Monitor in ms (the engine's default 5 s when unset). */
  monitorMs: number;
  /** The spec defines a healthcheck (one from the image is invisible here). */
  hasHealthcheck: boolean;
  /** Current tasks running the current image (rolling-update progress). */
  updated: number;
  /** Tasks that failed as "unhealthy container" (current or history). */
  unhealthyFailures: number;
  /** Tasks currently waiting for their healthcheck. */
  starting: number;
  /** Tasks last reported running by a node that is now down: `docker service ls` still counts them (4/3). */
  onDownNodes: number;
  badge: ServiceBadge;
  /** The engine is still moving this service (update running or tasks not at their desired state). */
  converging: boolean;
  slots: SlotModel[];
}

export interface StackModel {
  name: string;
  services: ServiceModel[];
  running: number;
  desired: number;
  badge: ServiceBadge;
}

export interface NodeModel {
  id: string;
  hostname: string;
  role: string;
  availability: string;
  state: string;
  addr?: string;
  message?: string;
  leader: boolean;
  reachability?: string;
  engineVersion?: string;
  /** The node this connection talks to. */
  self: boolean;
  /** Tasks in state running on this node. */
  runningTasks: number;
}

export interface SwarmSnapshot {
  takenAt: number;
  engineName?: string;
  engineVersion?: string;
  swarm: SwarmState;
  /** manager / worker / inactive: the role of the node we are connected to. */
  role: NodeRoleView;
  nodeId?: string;
  swarmError?: string;
  stacks: StackModel[];
  /** Services without the com.docker.stack.namespace label. */
  looseServices: ServiceModel[];
  nodes: NodeModel[];
  /** Anything converging: the refresher polls tasks while this is true (the engine sends no task events). */
  converging: boolean;
  counts: { services: number; tasks: number; nodes: number };
}

// ---------- helpers ----------

const STACK_LABEL = 'com.docker.stack.namespace';
/** Task state order (swarmkit api/types.proto TaskState). */
const STATE_ORDER: Record<string, number> = {
  new: 1, allocated: 2, pending: 3, assigned: 4, accepted: 5, preparing: 6, ready: 7, starting: 8, running: 9,
  complete: 10, shutdown: 11, failed: 12, rejected: 13, remove: 14, orphaned: 15,
};
const order = (s: string | undefined): number => STATE_ORDER[s ?? ''] ?? 0;
const RUNNING = STATE_ORDER.running;
const UNHEALTHY_RE = /unhealthy container/;

export function stripDigest(image: string | undefined): string {
  if (!image) return '';
  const at = image.indexOf('@');
  return at < 0 ? image : image.slice(0, at);
}

function time(s: string | undefined): number {
  if (!s) return 0;
  const t = Date.parse(s);
  return Number.isNaN(t) ? 0 : t;
}

function modeOf(s: RawService): ServiceMode {
  const m = s.Spec?.Mode ?? {};
  if (m.Global) return 'global';
  if (m.ReplicatedJob) return 'replicated-job';
  if (m.GlobalJob) return 'global-job';
  return 'replicated';
}

function hasHealthcheck(spec: RawContainerSpec | undefined): boolean {
  const test = spec?.Healthcheck?.Test;
  return !!test && test.length > 0 && test[0] !== 'NONE';
}

function swarmStateOf(info: RawInfo): SwarmState {
  const s = info.Swarm?.LocalNodeState ?? '';
  return (['inactive', 'pending', 'active', 'error', 'locked'] as const).find((x) => x === s) ?? 'unknown';
}

function updateStateOf(s: RawService): UpdateState {
  const st = s.UpdateStatus?.State ?? '';
  return (['updating', 'paused', 'completed', 'rollback_started', 'rollback_paused', 'rollback_completed'] as const)
    .find((x) => x === st) ?? 'none';
}

// ---------- build ----------

export function buildSnapshot(raw: RawSnapshot, now: number): SwarmSnapshot {
  const info = raw.info;
  const swarm = swarmStateOf(info);
  const role: NodeRoleView = swarm !== 'active' ? 'inactive' : info.Swarm?.ControlAvailable ? 'manager' : 'worker';
  const nodeId = info.Swarm?.NodeID || undefined;

  const rawNodes = raw.nodes ?? [];
  const nodeName = new Map<string, string>();
  const downNodes = new Set<string>();
  for (const n of rawNodes) {
    nodeName.set(n.ID, n.Description?.Hostname ?? n.ID.slice(0, 12));
    if (n.Status?.State === 'down') downNodes.add(n.ID);
  }

  // tasks per service (ignoring tasks of removed services and tasks being removed)
  const tasksBySvc = new Map<string, RawTask[]>();
  const runningPerNode = new Map<string, number>();
  for (const t of raw.tasks ?? []) {
    if (!t.ServiceID || t.DesiredState === 'remove' || t.DesiredState === 'orphaned') continue;
    let list = tasksBySvc.get(t.ServiceID);
    if (!list) tasksBySvc.set(t.ServiceID, (list = []));
    list.push(t);
    if (t.Status?.State === 'running' && t.NodeID) runningPerNode.set(t.NodeID, (runningPerNode.get(t.NodeID) ?? 0) + 1);
  }

  const services = (raw.services ?? []).map((s) => buildService(s, tasksBySvc.get(s.ID) ?? [], nodeName, downNodes, now));
  services.sort((a, b) => a.name.localeCompare(b.name));

  const byStack = new Map<string, ServiceModel[]>();
  const looseServices: ServiceModel[] = [];
  for (const s of services) {
    if (s.stack === undefined) { looseServices.push(s); continue; }
    let list = byStack.get(s.stack);
    if (!list) byStack.set(s.stack, (list = []));
    list.push(s);
  }
  const stacks: StackModel[] = [...byStack.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, svcs]) => ({
      name,
      services: svcs,
      running: svcs.reduce((n, s) => n + s.running, 0),
      desired: svcs.reduce((n, s) => n + s.desired, 0),
      badge: worstBadge(svcs.map((s) => s.badge)),
    }));

  const nodes: NodeModel[] = rawNodes.map((n) => ({
    id: n.ID,
    hostname: n.Description?.Hostname ?? n.ID.slice(0, 12),
    role: n.Spec?.Role ?? 'unknown',
    availability: n.Spec?.Availability ?? 'unknown',
    state: n.Status?.State ?? 'unknown',
    addr: n.Status?.Addr || n.ManagerStatus?.Addr || undefined,
    message: n.Status?.Message || undefined,
    leader: n.ManagerStatus?.Leader === true,
    reachability: n.ManagerStatus?.Reachability,
    engineVersion: n.Description?.Engine?.EngineVersion,
    self: n.ID === nodeId,
    runningTasks: runningPerNode.get(n.ID) ?? 0,
  }));
  nodes.sort((a, b) => Number(b.role === 'manager') - Number(a.role === 'manager') || a.hostname.localeCompare(b.hostname));

  return {
    takenAt: now,
    engineName: info.Name,
    engineVersion: info.ServerVersion,
    swarm,
    role,
    nodeId,
    swarmError: info.Swarm?.Error || undefined,
    stacks,
    looseServices,
    nodes,
    converging: services.some((s) => s.converging),
    counts: { services: services.length, tasks: raw.tasks?.length ?? 0, nodes: nodes.length },
  };
}

const BADGE_RANK: Record<ServiceBadge, number> = {
  down: 9, unhealthy: 8, 'rolled-back': 7, paused: 6, 'rolling-back': 5, partial: 4, updating: 3, 'job-running': 2, ok: 1, 'job-complete': 0,
};
export function worstBadge(badges: ServiceBadge[]): ServiceBadge {
  return badges.reduce<ServiceBadge>((w, b) => (BADGE_RANK[b] > BADGE_RANK[w] ? b : w), 'ok');
}

function buildTask(t: RawTask, svc: { shortName: string; image: string; healthcheck: boolean }, global: boolean,
  nodeName: Map<string, string>, downNodes: Set<string>, now: number): TaskModel {
  const state = t.Status?.State ?? 'unknown';
  const err = t.Status?.Err || undefined;
  const image = stripDigest(t.Spec?.ContainerSpec?.Image);
  // The task carries the spec it was created from: a v1 task keeps no healthcheck while v2 rolls out with one.
  const taskHc = hasHealthcheck(t.Spec?.ContainerSpec);
  let health: TaskHealth = 'none';
  if (err && UNHEALTHY_RE.test(err)) health = 'unhealthy';
  else if (state === 'starting') health = 'starting';
  else if (state === 'running' && taskHc) health = 'healthy';
  const since = time(t.Status?.Timestamp) || time(t.UpdatedAt) || time(t.CreatedAt);
  const node = t.NodeID ? nodeName.get(t.NodeID) ?? t.NodeID.slice(0, 12) : undefined;
  return {
    id: t.ID,
    serviceId: t.ServiceID ?? '',
    name: global ? `${svc.shortName}.${node ?? '?'}` : `${svc.shortName}.${t.Slot ?? '?'}`,
    slot: t.Slot || undefined,
    nodeId: t.NodeID || undefined,
    nodeName: node,
    state,
    desiredState: t.DesiredState ?? 'unknown',
    error: err,
    message: t.Status?.Message || undefined,
    since,
    ageMs: since ? Math.max(0, now - since) : 0,
    image,
    health,
    exitCode: t.Status?.ContainerStatus?.ExitCode,
    containerId: t.Status?.ContainerStatus?.ContainerID || undefined,
    upToDate: image === svc.image,
    nodeDown: !!t.NodeID && downNodes.has(t.NodeID),
  };
}

function buildService(s: RawService, rawTasks: RawTask[], nodeName: Map<string, string>, downNodes: Set<string>, now: number): ServiceModel {
  const name = s.Spec?.Name ?? s.ID.slice(0, 12);
  const stack = s.Spec?.Labels?.[STACK_LABEL];
  const shortName = stack && name.startsWith(`${stack}_`) ? name.slice(stack.length + 1) : name;
  const mode = modeOf(s);
  const global = mode === 'global' || mode === 'global-job';
  const job = mode === 'replicated-job' || mode === 'global-job';
  const cspec = s.Spec?.TaskTemplate?.ContainerSpec;
  const image = stripDigest(cspec?.Image);
  const healthcheck = hasHealthcheck(cspec);

  // jobs: only the current iteration counts
  const iteration = s.JobStatus?.JobIteration?.Index;
  const relevant = job && iteration !== undefined
    ? rawTasks.filter((t) => t.JobIteration?.Index === undefined || t.JobIteration.Index === iteration)
    : rawTasks;
  const tasks = relevant.map((t) => buildTask(t, { shortName, image, healthcheck }, global, nodeName, downNodes, now));

  // slots: replicated by Slot, global by node
  const bySlot = new Map<string, TaskModel[]>();
  for (const t of tasks) {
    const key = global ? t.nodeId ?? '?' : String(t.slot ?? '?');
    let list = bySlot.get(key);
    if (!list) bySlot.set(key, (list = []));
    list.push(t);
  }
  const slots: SlotModel[] = [];
  for (const [key, list] of bySlot) {
    // current = lowest desired state, then lowest state, then newest (the CLI's choice per slot)
    const sorted = [...list].sort((a, b) =>
      order(a.desiredState) - order(b.desiredState) || order(a.state) - order(b.state) || b.since - a.since);
    const current = sorted[0];
    const history = sorted.slice(1).sort((a, b) => b.since - a.since);
    slots.push({ key, name: current.name, current, history });
  }
  slots.sort((a, b) => global ? a.name.localeCompare(b.name) : (a.current.slot ?? 0) - (b.current.slot ?? 0));

  // REPLICAS as `docker service ls` computes it
  const st = s.ServiceStatus;
  let running: number;
  let desired: number;
  let completed: number | undefined;
  let totalCompletions: number | undefined;
  if (st && st.RunningTasks !== undefined && st.DesiredTasks !== undefined) {
    running = st.RunningTasks;
    desired = st.DesiredTasks;
    completed = job ? st.CompletedTasks ?? 0 : undefined;
  } else {
    // API < 1.41: the CLI's old client-side count (AppendServiceStatus)
    running = tasks.filter((t) => t.state === 'running' && !(t.nodeId && downNodes.has(t.nodeId))).length;
    desired = mode === 'replicated' ? s.Spec?.Mode?.Replicated?.Replicas ?? 0
      : mode === 'replicated-job' ? s.Spec?.Mode?.ReplicatedJob?.MaxConcurrent ?? 1
        : tasks.filter((t) => t.desiredState !== 'shutdown').length;
    completed = job ? tasks.filter((t) => t.state === 'complete').length : undefined;
  }
  let replicas = `${running}/${desired}`;
  if (mode === 'replicated') {
    const max = s.Spec?.TaskTemplate?.Placement?.MaxReplicas ?? 0;
    if (max > 0) replicas += ` (max ${max} per node)`;
  } else if (mode === 'replicated-job') {
    totalCompletions = s.Spec?.Mode?.ReplicatedJob?.TotalCompletions ?? s.Spec?.Mode?.ReplicatedJob?.MaxConcurrent ?? 1;
    replicas += ` (${completed ?? 0}/${totalCompletions} completed)`;
  } else if (mode === 'global-job') {
    totalCompletions = desired + (completed ?? 0);
    replicas += ` (${completed ?? 0}/${totalCompletions} completed)`;
  }

  const updState = updateStateOf(s);
  const currents = slots.map((sl) => sl.current);
  const updated = currents.filter((t) => t.upToDate && t.state === 'running').length;
  const unhealthyFailures = tasks.filter((t) => t.health === 'unhealthy').length;
  const starting = currents.filter((t) => t.health === 'starting').length;
  const onDownNodes = tasks.filter((t) => t.nodeDown && t.state === 'running').length;
  // a current task that should run but failed unhealthy and has not been replaced yet
  // …or whose replacement is not running yet while the slot's last task failed unhealthy
  const unhealthyNow = currents.some((t) => t.health === 'unhealthy' && order(t.desiredState) <= RUNNING)
    || slots.some((sl) => sl.current.state !== 'running' && order(sl.current.desiredState) <= RUNNING && sl.history[0]?.health === 'unhealthy');
  // settled: at the desired state, stopped for good, or on a down node (whose state will never change)
  const tasksSettled = currents.every((t) => t.state === t.desiredState || t.nodeDown
    || (order(t.desiredState) > RUNNING && order(t.state) > RUNNING));

  let converging: boolean;
  // tasks a down node last reported as running are counted by the server but run nowhere
  const live = Math.max(0, running - onDownNodes);
  if (job) converging = (completed ?? 0) < (totalCompletions ?? 0) || running > 0;
  else converging = updState === 'updating' || updState === 'rollback_started' || live !== desired || !tasksSettled;

  let badge: ServiceBadge;
  if (updState === 'rollback_started') badge = 'rolling-back';
  else if (updState === 'rollback_completed') badge = 'rolled-back';
  else if (updState === 'paused' || updState === 'rollback_paused') badge = 'paused';
  else if (updState === 'updating') badge = 'updating';
  else if (job) badge = converging ? 'job-running' : 'job-complete';
  else if (unhealthyNow) badge = 'unhealthy';
  else if (desired > 0 && live === 0) badge = 'down';
  else if (live < desired) badge = 'partial';
  else badge = 'ok';

  return {
    id: s.ID,
    name,
    shortName,
    stack,
    mode,
    image,
    replicas,
    running,
    desired,
    completed,
    totalCompletions,
    update: {
      state: updState,
      message: s.UpdateStatus?.Message || undefined,
      startedAt: time(s.UpdateStatus?.StartedAt) || undefined,
      completedAt: time(s.UpdateStatus?.CompletedAt) || undefined,
    },
    canRollback: s.PreviousSpec !== undefined && s.PreviousSpec !== null,
    previousImage: stripDigest(s.PreviousSpec?.TaskTemplate?.ContainerSpec?.Image) || undefined,
    specVersion: s.Version?.Index,
    monitorMs: s.Spec?.UpdateConfig?.Monitor ? s.Spec.UpdateConfig.Monitor / 1e6 : 5000,
    hasHealthcheck: healthcheck,
    updated,
    unhealthyFailures,
    starting,
    onDownNodes,
    badge,
    converging,
    slots,
  };
}

/** "4s", "3m", "2h", "5d": the age column of `docker service ps`, short. */
export function shortAge(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** Looks a service up by id or by name in a snapshot. */
export function findService(snap: SwarmSnapshot, idOrName: string): ServiceModel | undefined {
  for (const st of snap.stacks) for (const s of st.services) if (s.id === idOrName || s.name === idOrName) return s;
  return snap.looseServices.find((s) => s.id === idOrName || s.name === idOrName);
}
