// Every rule family, in the order they run.
import type { RuleFamily } from './rule';
import { schemaFamily } from './schema';

export const RULE_FAMILIES: readonly RuleFamily[] = [schemaFamily];
