// Every rule family, in the order they run.
import type { RuleFamily } from './rule';
import { schemaFamily } from './schema';
import { crossKeyFamily } from './crossKey';
import { rolloutFamily } from './rollout';
import { interpFamily } from './interp';

export const RULE_FAMILIES: readonly RuleFamily[] = [schemaFamily, crossKeyFamily, rolloutFamily, interpFamily];
