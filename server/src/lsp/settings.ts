// Settings are pulled per document (workspace/configuration) when the editor supports it, else taken from
// the last didChangeConfiguration push; either way they pass through the core's normalizeSettings.
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from '../core';

export const SECTION = 'swarmRollout';

export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  private pushed: Settings = DEFAULT_SETTINGS;
  canPull = false;

  constructor(private readonly connection: Connection) {}

  /** A new configuration: forget what was pulled; keep a pushed one for editors that cannot be asked. */
  changed(pushedSettings: unknown): void {
    this.cache.clear();
    const section = pushedSettings && typeof pushedSettings === 'object' ? (pushedSettings as Record<string, unknown>)[SECTION] : undefined;
    if (section !== undefined) this.pushed = normalizeSettings(section);
  }

  forDocument(uri: string): Promise<Settings> {
    if (!this.canPull) return Promise.resolve(this.pushed);
    let s = this.cache.get(uri);
    if (!s) {
      s = this.connection.workspace.getConfiguration({ scopeUri: uri, section: SECTION })
        .then(normalizeSettings, () => this.pushed);
      this.cache.set(uri, s);
    }
    return s;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}
