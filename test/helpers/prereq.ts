// A tier whose prerequisite is missing says "skipped: <why>" locally and fails under CI=true,
// so a green CI run always means every tier really ran.
import type { Context } from 'mocha';

export const inCI = process.env.CI === 'true';

/** Call from a `before()` hook: skips the suite locally, fails it in CI. */
export function requirePrereq(ctx: Context, ok: boolean, why: string): void {
  if (ok) return;
  if (inCI) throw new Error(`prerequisite missing under CI=true: ${why}`);
  console.log(`      skipped: ${why}`);
  ctx.skip();
}
