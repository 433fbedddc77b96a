// When to validate: right away on open, shortly after the last keystroke on change, and never with a stale text.
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { validate } from '../core';
import { toDiagnostic } from './convert';

/** Typing produces a burst of changes; validating each one would only delay the last. */
const CHANGE_DEBOUNCE_MS = 60;

export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly connection: Connection) {}

  private readonly seen = new Set<string>();

  /** Open and change both land here (TextDocuments reports an open as a first content change). */
  contentChanged(doc: TextDocument): void {
    const first = !this.seen.has(doc.uri);
    this.seen.add(doc.uri);
    this.schedule(doc, first ? 0 : CHANGE_DEBOUNCE_MS);
  }

  closed(uri: string): void {
    this.cancel(uri);
    this.seen.delete(uri);
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
      this.publish(doc);
    }, delay));
  }

  private cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
  }

  private publish(doc: TextDocument): void {
    const { findings } = validate(doc.getText());
    void this.connection.sendDiagnostics({
      uri: doc.uri,
      version: doc.version,
      diagnostics: findings.map((f) => toDiagnostic(doc, f)),
    });
  }
}
