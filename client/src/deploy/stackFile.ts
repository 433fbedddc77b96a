// What the deploy and drift code needs from a stack file's text: its services, read by the language server's core
// (the same parse and alias/merge resolution as the diagnostics). Pure.
import { parseStack } from '../../../server/src/core/document';
import { StackView, type Entry } from '../../../server/src/core/rules/stackView';

export interface StackFileServices {
  view: StackView;
  /** Services in file order (x- keys and non-mappings left out). */
  services: Entry[];
}

export function readServices(text: string): StackFileServices {
  const view = new StackView(parseStack(text));
  return { view, services: view.services };
}

/** The names of the services a set of files defines together (first appearance order, no duplicates). */
export function serviceNamesOf(texts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const t of texts) for (const s of readServices(t).services) out.add(s.name);
  return [...out];
}
