// Every rule family, in the order they run.
import type { RuleFamily } from './rule';

export const RULE_FAMILIES: readonly RuleFamily[] = [];
