// The core as the language server ships it: one esbuild bundle (the flags of `npm run build:server`), loaded
// with require. Measured through tsx instead, every call into another module goes through tsx's per-file
// export getters, which cost about a fifth of the time on the 2,000-service file: a cost no user pays.
import { buildSync } from 'esbuild';
import * as path from 'path';

type Core = typeof import('../server/src/core');

export const CORE_BUNDLE = path.join(__dirname, 'out', 'core.js');

/** Builds the bundle from the working tree (~0.2 s) when `build` is set, then loads it. */
export function loadCore(build: boolean): Core {
  if (build) {
    buildSync({
      entryPoints: [path.join(__dirname, '..', 'server', 'src', 'core', 'index.ts')],
      bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: CORE_BUNDLE, logLevel: 'warning',
    });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(CORE_BUNDLE) as Core;
}
