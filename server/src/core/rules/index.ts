// Every rule family, in the order they run.
import type { RuleFamily } from './rule';
import { schemaFamily } from './schema';
import { crossKeyFamily } from './crossKey';
import { rolloutFamily } from './rollout';
import { interpFamily } from './interp';

export const RULE_FAMILIES: readonly RuleFamily[] = [schemaFamily, crossKeyFamily, rolloutFamily, interpFamily];

/** Families that judge one file on its own text (its version, its values), even when it is deployed with others. */
export const perFileFamilies: readonly RuleFamily[] = [schemaFamily, interpFamily];
/** Families that look across keys and services: with several -c files they run on the merged stack. */
export const crossFileFamilies: readonly RuleFamily[] = [crossKeyFamily, rolloutFamily];
