// The rollout panel's script (runs in the webview, bundled by esbuild into client/out/webview/rollout.js).
// It only renders what the extension posts ({ type: 'state' }) and posts back button clicks; every text goes
// through textContent (no HTML from the engine is ever parsed).
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import type { FromPanel, PanelAction, ToPanel } from '../messages';
import type { SlotRow } from '../progress';

interface VsCodeApi { postMessage(m: unknown): void; setState(s: unknown): void; getState(): unknown }
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();


type Child = Node | string | undefined | false;
function h(tag: string, attrs: Record<string, string | number | boolean | undefined> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v); else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== undefined && c !== false) el.append(c);
  return el;
}
const icon = (name: string, cls = '') => h('span', { class: `codicon codicon-${name} ${cls}`.trim(), 'aria-hidden': 'true' });
const short = (image: string | undefined) => (image ? image.slice(image.lastIndexOf('/') + 1) : '');
const cssName = (s: string) => s.replace(/\s+/g, '-');

const PHASE_ICON: Record<string, string> = {
  updating: 'sync', converging: 'loading', completed: 'pass-filled', 'rolling back': 'discard', 'rolled back': 'discard', paused: 'debug-pause', failed: 'error',
};
const STATUS_ICON: Record<string, string> = {
  updated: 'pass-filled', new: 'add', complete: 'check', updating: 'sync', pending: 'clock', unchanged: 'circle-outline', failed: 'error', 'rolled back': 'discard',
};

function phaseChip(phase: string, outcome?: string): HTMLElement {
  return h('span', { class: `phase phase-${cssName(phase)} ${outcome ?? ''}`, 'data-phase': phase }, icon(PHASE_ICON[phase] ?? 'circle'), phase + (outcome === 'failure' && phase === 'rolled back' ? ' — update failed' : ''));
}

function imageCell(r: SlotRow): HTMLElement {
  if (r.from) return h('td', {}, h('span', { class: 'img-from' }, short(r.from)), h('span', { class: 'img-arrow' }, '→'), short(r.image));
  if (r.image !== r.target) return h('td', {}, short(r.image), h('span', { class: 'img-arrow' }, '→'), h('span', { class: 'muted' }, short(r.target)));
  return h('td', {}, short(r.image));
}

function row(r: SlotRow): HTMLElement {
  const state = r.desiredState !== r.state && r.desiredState !== 'running' ? `${r.state} → ${r.desiredState}` : r.state;
  const health = r.health === 'starting' ? 'waiting for healthcheck' : r.health === 'none' ? '—' : r.health;
  return h('tr', { 'data-slot': r.name, 'data-status': r.status },
    h('td', {}, r.name),
    imageCell(r),
    h('td', {}, state, r.oldRunning ? h('span', { class: 'muted' }, ' (old task still running)') : undefined),
    h('td', { class: `h-${r.health}` }, health),
    h('td', {}, h('span', { class: `status st-${cssName(r.status)}` }, icon(STATUS_ICON[r.status] ?? 'circle'), r.status)),
    h('td', { class: 'muted' }, r.node ?? ''),
    h('td', { class: 'error' }, r.error ?? ''));
}

function render(msg: ToPanel): void {
  const v = msg.view;
  const root = document.getElementById('root')!;
  const header = h('header', {},
    h('h1', {}, icon('layers'), `Stack ${v.stack}`, v.services.length ? phaseChip(v.phase, v.outcome) : undefined,
      h('vscode-button', { secondary: true, 'data-action': 'openFile', title: 'Open the stack file' }, 'Open stack file')),
    h('div', { class: 'overall' },
      h('span', { class: 'overall-count' }, `${v.done} of ${v.total}`),
      h('vscode-progress-bar', { value: v.done, max: Math.max(1, v.total), 'aria-label': 'overall progress' }),
      h('span', { class: 'muted' }, msg.connection ? `${msg.connection} · ` : '', `updated ${new Date(v.takenAt).toLocaleTimeString([], { hour12: false })}`)));
  if (msg.error) header.append(h('div', { class: 'banner warning' }, icon('debug-disconnect'), msg.error));
  const body: HTMLElement[] = [header];
  if (v.missing) body.push(h('div', { class: 'empty muted' }, `No stack named "${v.stack}" on this engine (removed, or not deployed yet).`));
  for (const s of v.services) {
    const sec = h('section', { class: 'service', 'data-service': s.shortName, 'data-phase': s.phase, 'data-outcome': s.outcome ?? '' },
      h('h2', {}, s.shortName, h('span', { class: 'muted' }, s.mode),
        s.from ? h('span', {}, h('span', { class: 'img-from' }, short(s.from)), h('span', { class: 'img-arrow' }, '→'), short(s.to)) : h('span', {}, short(s.to)),
        phaseChip(s.phase, s.outcome), h('span', { class: 'progress-text' }, s.progressText),
        h('span', { class: 'actions' },
          h('vscode-button', { secondary: true, 'data-action': 'logs', 'data-service': s.id, title: 'Follow the service logs' }, 'Logs'),
          h('vscode-button', { secondary: true, 'data-action': 'inspect', 'data-service': s.id, title: 'The spec with the engine defaults' }, 'Inspect'),
          h('vscode-button', { secondary: true, 'data-action': 'rollback', 'data-service': s.id, title: 'docker service update --rollback' }, 'Rollback'))),
      h('div', { class: 'meta' },
        h('span', { class: 'muted' }, 'engine: ', h('span', { class: 'update-message' }, s.updateState === 'none' ? 'no update status' : `${s.updateState}${s.message ? ` — “${s.message}”` : ''}`))));
    if (s.ended && s.outcome === 'failure') sec.append(h('div', { class: 'banner failure reason' }, icon('error'), h('span', {}, h('b', {}, `${s.phase === 'rolled back' ? 'Automatic rollback: the update failed' : 'Failed'}. `), s.reason ?? '')));
    else if (s.reason) sec.append(h('div', { class: 'banner warning reason' }, icon('warning'), s.reason));
    if (s.note) sec.append(h('div', { class: `banner ${/not trusted/.test(s.note) ? 'warning' : 'success'} note` }, icon(/not trusted/.test(s.note) ? 'warning' : 'info'), s.note));
    const table = h('table', {}, h('thead', {}, h('tr', {}, ...['slot', 'image', 'state', 'health', 'rollout', 'node', 'error'].map((c) => h('th', {}, c)))),
      h('tbody', {}, ...s.rows.map(row)));
    sec.append(table);
    body.push(sec);
  }
  const t0 = v.timeline[0]?.at ?? v.takenAt;
  body.push(h('section', { class: 'timeline' }, h('h2', {}, icon('history'), 'Timeline'),
    h('ol', {}, ...[...v.timeline].reverse().map((e) => h('li', { class: e.kind },
      h('span', { class: 'muted' }, new Date(e.at).toLocaleTimeString([], { hour12: false })),
      h('span', { class: 'muted' }, `+${((e.at - t0) / 1000).toFixed(1)} s`),
      h('span', {}, e.service),
      h('span', { class: 'text' }, e.text))))));
  root.replaceChildren(...body);
  document.body.dataset.phase = v.phase;
  document.body.dataset.ended = String(v.ended);
}

document.addEventListener('click', (ev) => {
  const el = (ev.target as HTMLElement).closest('[data-action]') as HTMLElement | null;
  if (!el) return;
  const msg: FromPanel = { type: 'action', action: el.dataset.action as PanelAction, service: el.dataset.service };
  vscode.postMessage(msg);
});
window.addEventListener('message', (ev: MessageEvent<ToPanel>) => {
  if (ev.data?.type === 'state') { render(ev.data); vscode.setState(ev.data); }
});
const saved = vscode.getState() as ToPanel | undefined;
if (saved?.type === 'state') render(saved);
vscode.postMessage({ type: 'ready' } satisfies FromPanel);
