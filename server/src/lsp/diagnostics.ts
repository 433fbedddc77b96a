// When to validate: right away on open, shortly after the last keystroke on change, and never with a stale text.
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { validate } from '../core';
import { toDiagnostic } from './convert';
import { stackDocuments } from './documents';
import type { SettingsStore } from './settings';

/**
 * No debounce: a full check of a 40k-line file takes tens of milliseconds, less than any useful debounce. A
 * zero timer still lets changes already queued behind this one replace it (a newer edit cancels the older
 * run before it starts), and lets pending requests run first.
 */
const CHANGE_DELAY_MS = 0;

export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly seen = new Set<string>();

  constructor(private readonly connection: Connection, private readonly settings: SettingsStore) {}

  /** Open and change both land here (TextDocuments reports an open as a first content change). */
  contentChanged(doc: TextDocument): void {
    this.seen.add(doc.uri);
    this.schedule(doc, CHANGE_DELAY_MS);
  }

  /** Settings changed: every open document is checked again. */
  revalidate(docs: readonly TextDocument[]): void {
    for (const doc of docs) this.schedule(doc, 0);
  }

  closed(uri: string): void {
    this.cancel(uri);
    this.seen.delete(uri);
    this.settings.forget(uri);
    stackDocuments.forget(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private schedule(doc: TextDocument, delay: number): void {
    this.cancel(doc.uri);
    // setTimeout (not synchronous work in the notification handler) lets queued requests run first.
    this.timers.set(doc.uri, setTimeout(() => {
      this.timers.delete(doc.uri);
      void this.publish(doc, doc.version);
    }, delay));
  }

  private cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
  }

  private async publish(doc: TextDocument, version: number): Promise<void> {
    const settings = await this.settings.forDocument(doc.uri);
    // A newer edit arrived while the settings were fetched: its own run will publish.
    if (doc.version !== version || !this.seen.has(doc.uri)) return;
    const { findings } = validate(stackDocuments.get(doc), settings);
    void this.connection.sendDiagnostics({
      uri: doc.uri,
      version,
      diagnostics: findings.map((f) => toDiagnostic(doc, f)),
    });
  }
}
