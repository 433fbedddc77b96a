// The last parse of each open document, per version: diagnostics, completion and hover share it, so a request
// after an edit costs no second parse of a 40k-line file. Entries go when the document closes.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseStack, type StackDoc } from '../core';

export class StackDocuments {
  private readonly cache = new Map<string, { version: number; doc: StackDoc }>();

  /** The parsed document for this version (parsed now if nobody has yet). */
  get(td: TextDocument): StackDoc {
    const c = this.cache.get(td.uri);
    if (c && c.version === td.version) return c.doc;
    const doc = parseStack(td.getText());
    this.cache.set(td.uri, { version: td.version, doc });
    return doc;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}

/** One cache for the whole server. */
export const stackDocuments = new StackDocuments();
