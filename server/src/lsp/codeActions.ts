// Quick fixes: the core computes them (core/fixes.ts) for the findings the editor sends back as diagnostics;
// this file only matches diagnostics to findings and turns edits into a WorkspaceEdit.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fixesFor, validate, type Finding, type Validation } from '../core';
import { SOURCE } from './convert';
import { stackDocuments } from './documents';

export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix];

/** The last validation per document version (on the shared parse): an editor asks for actions on every cursor move. */
let last: { uri: string; version: number; validation: Validation } | undefined;

function validationOf(doc: TextDocument, published: Finding[] | undefined): Validation {
  if (last && last.uri === doc.uri && last.version === doc.version) return last.validation;
  // The worker's findings for this version, when they have arrived; a check in this thread otherwise.
  const validation = published ? { doc: stackDocuments.get(doc), findings: published } : validate(stackDocuments.get(doc));
  last = { uri: doc.uri, version: doc.version, validation };
  return validation;
}

export function codeActions(doc: TextDocument, params: CodeActionParams, published?: Finding[]): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === CodeActionKind.Empty)) return [];
  const ours = params.context.diagnostics.filter((d) => d.source === SOURCE && typeof d.code === 'string');
  if (ours.length === 0) return [];
  const v = validationOf(doc, published);
  const actions: CodeAction[] = [];
  for (const d of ours) {
    const f = matching(doc, v.findings, d);
    if (!f) continue;
    for (const fix of fixesFor(v.doc, f)) {
      const action: CodeAction = {
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: {
          changes: {
            [doc.uri]: fix.edits.map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.newText })),
          },
        },
      };
      if (fix.isPreferred) action.isPreferred = true;
      actions.push(action);
    }
  }
  return actions;
}

function matching(doc: TextDocument, findings: readonly Finding[], d: Diagnostic): Finding | undefined {
  const start = doc.offsetAt(d.range.start);
  const end = doc.offsetAt(d.range.end);
  return findings.find((f) => f.code === d.code && f.start === start && f.end === end);
}
