// Completion: core/complete.ts decides what fits at the cursor; this maps it to LSP items.
import {
  CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind,
  type ClientCapabilities, type CompletionItem, type CompletionList, type CompletionParams,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { complete, expandSnippet, type CompletionKind } from '../core';
import { stackDocuments } from './documents';

/** Typed characters that open a completion: a new key, a value, a list item, a constraint operator. */
export const COMPLETION_TRIGGERS = [':', ' ', '-', '=', '[', ',', '.'];

const KIND: Record<CompletionKind, CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  keyword: CompletionItemKind.Keyword,
  reference: CompletionItemKind.Reference,
  snippet: CompletionItemKind.Snippet,
  operator: CompletionItemKind.Operator,
};

export interface CompletionSupport {
  snippets: boolean;
  markdown: boolean;
}

export function completionSupport(caps: ClientCapabilities): CompletionSupport {
  const item = caps.textDocument?.completion?.completionItem;
  return { snippets: !!item?.snippetSupport, markdown: !!item?.documentationFormat?.includes(MarkupKind.Markdown) };
}

export function completion(doc: TextDocument, params: CompletionParams, support: CompletionSupport): CompletionList {
  const offset = doc.offsetAt(params.position);
  const entries = complete(stackDocuments.get(doc), offset);
  const items = entries.map((e): CompletionItem => {
    const snippet = e.snippet && support.snippets;
    const text = e.snippet && !support.snippets ? expandSnippet(e.insert) : e.insert;
    const item: CompletionItem = {
      label: e.label,
      kind: KIND[e.kind],
      sortText: e.sortText,
      textEdit: { range: { start: doc.positionAt(e.replace[0]), end: doc.positionAt(e.replace[1]) }, newText: text },
      insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    };
    if (text.includes('\n')) item.insertTextMode = InsertTextMode.asIs; // the core indents every line itself
    if (e.filterText) item.filterText = e.filterText;
    if (e.detail) item.detail = e.detail;
    if (e.documentation) item.documentation = support.markdown ? { kind: MarkupKind.Markdown, value: e.documentation } : e.documentation;
    return item;
  });
  return { isIncomplete: false, items };
}
