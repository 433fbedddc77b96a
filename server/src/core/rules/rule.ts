// A rule family checks a parsed stack document and reports findings with stable codes.
import type { StackDoc } from '../document';
import type { Finding } from '../types';

export interface RuleFamily {
  /** Short name for the family, e.g. `yaml`, `schema`. */
  name: string;
  check(doc: StackDoc): Finding[];
}
