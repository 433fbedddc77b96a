// The one entry point every consumer calls: the LSP server, the CLI, the tests and the benchmarks.
import { parseStack, type StackDoc } from './document';
import { RULE_FAMILIES } from './rules';
import type { RuleFamily } from './rules/rule';
import { applyDisableComments, applySettings, DEFAULT_SETTINGS, type Settings } from './settings';
import type { Finding } from './types';

export interface Validation {
  doc: StackDoc;
  findings: Finding[];
}

/** Checks a text, or a document parsed already (the language server shares one parse per version). */
export function validate(input: string | StackDoc, settings: Settings = DEFAULT_SETTINGS, families: readonly RuleFamily[] = RULE_FAMILIES): Validation {
  const doc = typeof input === 'string' ? parseStack(input) : input;
  const text = doc.text;
  let findings = [...doc.readFindings];
  // A document with syntax errors has no reliable structure: further rules would only add guesses.
  if (!findings.some((f) => f.severity === 'error')) {
    for (const family of families) findings.push(...family.check(doc));
  }
  findings = applySettings(applyDisableComments(text, findings), settings);
  findings.sort((a, b) => a.start - b.start || a.end - b.end);
  return { doc, findings };
}
