// Hover: core/hover.ts writes the markdown; this maps it to an LSP Hover.
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { hover } from '../core';
import { stackDocuments } from './documents';

export function hoverAt(doc: TextDocument, params: HoverParams): Hover | null {
  const h = hover(stackDocuments.get(doc), doc.offsetAt(params.position));
  if (!h) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: h.markdown },
    range: { start: doc.positionAt(h.start), end: doc.positionAt(h.end) },
  };
}
