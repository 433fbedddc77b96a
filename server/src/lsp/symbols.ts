// Outline and folding: core/symbols.ts computes them; this maps them to LSP types.
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { documentSymbols, foldingRanges, parseStack, type StackDoc, type StackSymbol, type SymbolKind as CoreKind } from '../core';

const KIND: Record<CoreKind, SymbolKind> = {
  namespace: SymbolKind.Namespace,
  class: SymbolKind.Class,
  object: SymbolKind.Object,
  property: SymbolKind.Property,
  variable: SymbolKind.Variable,
  constant: SymbolKind.Constant,
};

let last: { uri: string; version: number; doc: StackDoc } | undefined;

function parsed(doc: TextDocument): StackDoc {
  if (last && last.uri === doc.uri && last.version === doc.version) return last.doc;
  const d = parseStack(doc.getText());
  last = { uri: doc.uri, version: doc.version, doc: d };
  return d;
}

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
  return documentSymbols(parsed(doc)).map(convert);
}

export function folding(doc: TextDocument): FoldingRange[] {
  return foldingRanges(parsed(doc)).map((f) => {
    const r: FoldingRange = { startLine: f.startLine, endLine: f.endLine };
    if (f.kind === 'comment') r.kind = FoldingRangeKind.Comment;
    return r;
  });
}
