// Outline and folding: core/symbols.ts computes them; this maps them to LSP types.
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { documentSymbols, foldingRanges, type StackSymbol, type SymbolKind as CoreKind } from '../core';
import { stackDocuments } from './documents';

const KIND: Record<CoreKind, SymbolKind> = {
  namespace: SymbolKind.Namespace,
  class: SymbolKind.Class,
  object: SymbolKind.Object,
  property: SymbolKind.Property,
  variable: SymbolKind.Variable,
  constant: SymbolKind.Constant,
};


export function symbols(doc: TextDocument): DocumentSymbol[] {
  const convert = (s: StackSymbol): DocumentSymbol => {
    const out: DocumentSymbol = {
      name: s.name,
      kind: KIND[s.kind],
      range: { start: doc.positionAt(s.start), end: doc.positionAt(s.end) },
      selectionRange: { start: doc.positionAt(s.selectionStart), end: doc.positionAt(s.selectionEnd) },
    };
    if (s.detail !== undefined) out.detail = s.detail;
    if (s.children.length > 0) out.children = s.children.map(convert);
    return out;
  };
  return documentSymbols(stackDocuments.get(doc)).map(convert);
}

export function folding(doc: TextDocument): FoldingRange[] {
  return foldingRanges(stackDocuments.get(doc)).map((f) => {
    const r: FoldingRange = { startLine: f.startLine, endLine: f.endLine };
    if (f.kind === 'comment') r.kind = FoldingRangeKind.Comment;
    return r;
  });
}
