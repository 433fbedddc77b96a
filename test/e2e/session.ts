// One e2e suite's workbench, set up and torn down the same way for every suite: the prerequisites (the local swarm
// too when the suite names a stack), code-server with the packaged .vsix, headless chromium on the workbench; a
// failure report (screenshot, browser errors, code-server's logs) for a failed hook or test; and afterwards
// everything stopped and removed, the stack included (code-server's temp dir is kept after a failure, for its logs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { requirePrereq } from '../helpers/prereq';
import { localSwarmPrereqs, removeStackAndWait } from '../helpers/swarm';
import { CHROMIUM, CodeServer, REPO, VSIX, requireWorkbench } from './codeServer';
import { launchBrowser, openWorkbench, reportFailure, type Browser } from './workbench';

export interface WorkbenchOptions {
  /** Names the failure screenshot: out/screenshots/<name>-failure.png. */
  name: string;
  /** The folder to open, or a function that makes it (called after the prerequisites; removed afterwards). */
  workspace: string | (() => string);
  /** A stack the suite deploys: the local swarm becomes a prerequisite, and the stack is removed afterwards. */
  stack?: string;
  /** Runs after the prerequisites, before code-server starts (deploy the stack the view should show). */
  prepare?: () => Promise<void>;
  /** Runs once the workbench is open (wait until the engine shows what the suite needs). */
  ready?: () => Promise<void>;
}

export class Workbench {
  cs: CodeServer | undefined;
  browser: Browser | undefined;
  get page(): Page {
    return this.browser!.page;
  }
}

/** Registers the suite's before/afterEach/after hooks; call it inside describe(). */
export function useWorkbench(opts: WorkbenchOptions): Workbench {
  const wb = new Workbench();
  const failureShot = path.join(REPO, 'out', 'screenshots', `${opts.name}-failure.png`);
  let failed = false;
  let prereqsMet = false;
  let made: string | undefined;
  const report = async (why: string) => {
    failed = true;
    await reportFailure(why, failureShot, wb.browser, wb.cs);
  };

  before(async function () {
    this.timeout(180_000);
    const version = requireWorkbench(this);
    if (opts.stack) {
      const [ok, why] = await localSwarmPrereqs();
      requirePrereq(this, ok, why);
    }
    prereqsMet = true;
    try {
      await opts.prepare?.();
      const workspace = typeof opts.workspace === 'string' ? opts.workspace : (made = opts.workspace());
      const t0 = Date.now();
      wb.cs = await CodeServer.start({ workspaceFixture: workspace, vsix: VSIX });
      wb.browser = await launchBrowser(CHROMIUM, wb.cs.tmp);
      await openWorkbench(wb.browser.page, wb.cs.folderUrl);
      console.log(`      code-server ${version} on ${wb.cs.url}, workbench ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      await opts.ready?.();
    } catch (e) {
      await report('before');
      throw e;
    }
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await report(this.currentTest.title);
  });

  after(async function () {
    this.timeout(120_000);
    await wb.browser?.close().catch(() => undefined);
    await wb.cs?.stop();
    if (wb.cs && !failed) wb.cs.cleanup();
    if (made) fs.rmSync(made, { recursive: true, force: true });
    if (prereqsMet && opts.stack) await removeStackAndWait(opts.stack);
  });

  return wb;
}
