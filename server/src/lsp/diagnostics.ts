// When to validate: right away on open and on every change, never with a stale text, and never on the thread
// that answers requests (the check runs in the validator worker).
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../core';
import { toDiagnostic } from './convert';
import { stackDocuments } from './documents';
import type { SettingsStore } from './settings';
import { Validator, type ValidateResult } from './validator';

export class DiagnosticsScheduler {
  private readonly validator: Validator;
  /** The findings last published per document, with their version: quick fixes start from them. */
  private readonly published = new Map<string, { version: number; findings: Finding[] }>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly settings: SettingsStore,
    workerScript: string,
  ) {
    this.validator = new Validator(workerScript, (r) => this.publish(r), (m) => connection.console.error(m));
  }

  /**
   * Open and change both land here (TextDocuments reports an open as a first content change). No debounce: a
   * newer edit replaces the older text while it waits for the worker, and a stale result is dropped.
   */
  contentChanged(doc: TextDocument): void {
    void this.submit(doc);
  }

  /** Settings changed: every open document is checked again. */
  revalidate(docs: readonly TextDocument[]): void {
    for (const doc of docs) void this.submit(doc);
  }

  closed(uri: string): void {
    this.validator.cancel(uri);
    this.published.delete(uri);
    this.settings.forget(uri);
    stackDocuments.forget(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** The findings published for exactly this version, if any. */
  findingsFor(doc: TextDocument): Finding[] | undefined {
    const p = this.published.get(doc.uri);
    return p && p.version === doc.version ? p.findings : undefined;
  }

  dispose(): void {
    this.validator.dispose();
  }

  private async submit(doc: TextDocument): Promise<void> {
    const version = doc.version;
    const settings = await this.settings.forDocument(doc.uri);
    // A newer edit arrived while the settings were fetched: its own submit carries the newer text.
    if (this.documents.get(doc.uri)?.version !== version) return;
    this.validator.submit({ uri: doc.uri, version, text: doc.getText(), settings });
  }

  private publish(r: ValidateResult): void {
    const doc = this.documents.get(r.uri);
    if (!doc || doc.version !== r.version) return; // closed, or edited since: a newer result is on its way
    this.published.set(r.uri, { version: r.version, findings: r.findings });
    void this.connection.sendDiagnostics({
      uri: r.uri,
      version: r.version,
      diagnostics: r.findings.map((f) => toDiagnostic(doc, f)),
    });
  }
}
