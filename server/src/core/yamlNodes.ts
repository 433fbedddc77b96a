// The yaml package's node predicates, read once. esbuild wraps the package's CommonJS build in getters, so every
// `isMap(…)` imported straight from 'yaml' costs a getter call: measurable on a walk over 100k nodes.
import * as yaml from 'yaml';

export const isAlias = yaml.isAlias;
export const isMap = yaml.isMap;
export const isPair = yaml.isPair;
export const isScalar = yaml.isScalar;
export const isSeq = yaml.isSeq;
