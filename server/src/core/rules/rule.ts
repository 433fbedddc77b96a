// A rule family checks a parsed stack document and reports findings with stable codes.
import type { StackDoc } from '../document';
import type { Finding } from '../types';

/**
 * The contract validate.ts relies on to check a big file one service at a time (and to reuse an unchanged
 * service's findings): what a family reports about a service depends only on that service and the top level
 * (version, networks, secrets, configs, volumes, x- anchors), never on another service. A rule that compares
 * services would need its own pass over the whole file.
 */
export interface RuleFamily {
  /** Short name for the family, e.g. `yaml`, `schema`. */
  name: string;
  check(doc: StackDoc): Finding[];
}
