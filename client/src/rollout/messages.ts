// The messages between the rollout panel (panel.ts) and its webview script (webview/rollout.ts).
import type { RolloutView } from './progress';

export type ToPanel = { type: 'state'; view: RolloutView; connection?: string; error?: string };
export type PanelAction = 'rollback' | 'logs' | 'inspect' | 'openFile';
export type FromPanel = { type: 'ready' } | { type: 'action'; action: PanelAction; service?: string };
