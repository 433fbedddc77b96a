// Drive a code-server workbench with playwright-core and the system's (Debian) chromium, headless.
// Every wait has its own timeout and fails with "timed out waiting for <what>".
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO } from './codeServer';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls fn until it returns something truthy; fails with "timed out waiting for <what>" and the last value. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false | null | ''>, timeout = 30_000, every = 200): Promise<T> {
  const end = Date.now() + timeout;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(every);
  }
  throw new Error(`timed out waiting for ${what} after ${timeout} ms (last: ${JSON.stringify(last)})`);
}

/** Waits for a selector with a clear error message. */
export async function waitForSelector(page: Page, selector: string, what: string, timeout = 30_000): Promise<void> {
  try {
    await page.locator(selector).first().waitFor({ state: 'visible', timeout });
  } catch {
    throw new Error(`timed out waiting for ${what} (${selector}) after ${timeout} ms`);
  }
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors seen so far, for failure reports. */
  errors: string[];
  close(): Promise<void>;
}

export async function launchBrowser(executablePath: string, tmpDir: string): Promise<Browser> {
  // A fresh profile per run; playwright rejects --user-data-dir in args, so use a persistent context.
  const profile = fs.mkdtempSync(path.join(tmpDir, 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage',
    ],
    viewport: { width: 1400, height: 860 },
    timeout: 60_000,
  });
  const page = context.pages()[0] ?? await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  let closed = false;
  return {
    context, page, errors,
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => undefined);
      // Delete the profile only after the browser is gone (deleting it earlier races: ENOTEMPTY).
      for (let i = 0; i < 5; i++) {
        try { fs.rmSync(profile, { recursive: true, force: true }); break; } catch { await sleep(200); }
      }
    },
  };
}

/** Opens the workbench at url and waits until the explorer shows the folder (remote FS up) and the status bar. */
export async function openWorkbench(page: Page, url: string, timeout = 60_000): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout });
  await waitForSelector(page, '.monaco-workbench', 'the workbench', timeout);
  await waitForSelector(page, '.explorer-folders-view .monaco-list-row', 'the explorer to list the workspace files', timeout);
  await waitForSelector(page, '#workbench\\.parts\\.statusbar', 'the status bar', timeout);
}

/** Opens a workspace file with Quick Open (Ctrl+P) and waits for its editor. */
export async function openFile(page: Page, name: string, timeout = 20_000): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  try {
    await input.waitFor({ state: 'visible', timeout });
  } catch {
    throw new Error(`timed out waiting for the Quick Open input after ${timeout} ms`);
  }
  await input.fill(name);
  try {
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout });
  } catch {
    throw new Error(`timed out waiting for ${name} in the Quick Open results after ${timeout} ms`);
  }
  await page.keyboard.press('Enter');
  await waitForSelector(page, `.tabs-container .tab.active[aria-label*="${name}"]`, `the editor tab of ${name}`, timeout);
  await waitForSelector(page, '.editor-instance .monaco-editor .view-lines', `the editor of ${name}`, timeout);
}

/** Runs a command from the command palette by its title. */
export async function runCommand(page: Page, title: string, timeout = 20_000): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  try {
    await input.waitFor({ state: 'visible', timeout });
  } catch {
    throw new Error(`timed out waiting for the command palette after ${timeout} ms`);
  }
  await input.fill(`>${title}`);
  try {
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout });
  } catch {
    throw new Error(`timed out waiting for command "${title}" in the palette after ${timeout} ms`);
  }
  await page.keyboard.press('Enter');
}

/** Opens the Problems panel (View: Focus Problems) and waits for it. */
export async function openProblems(page: Page, timeout = 20_000): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+M');
  await waitForSelector(page, '.markers-panel', 'the Problems panel', timeout);
}

/** Inner texts of the rows of the Problems panel (file rows and marker rows). */
export async function problemRows(page: Page): Promise<string[]> {
  const texts = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
  return texts.map((t) => t.replace(/\s+/g, ' ').trim());
}

/** What a failed e2e test leaves to look at: a screenshot of the workbench, browser errors, code-server's logs. */
export async function reportFailure(why: string, screenshot: string, browser: Browser | undefined, cs: { diagnostics(): string } | undefined): Promise<void> {
  console.log(`\n      ==== e2e failure report (${why}) ====`);
  if (browser) {
    fs.mkdirSync(path.dirname(screenshot), { recursive: true });
    await browser.page.screenshot({ path: screenshot }).then(
      () => console.log(`screenshot of the workbench: ${screenshot}`),
      (e: Error) => console.log(`(no screenshot: ${e.message})`));
    if (browser.errors.length) console.log(`---- browser errors ----\n${browser.errors.slice(-20).join('\n')}`);
  }
  if (cs) console.log(cs.diagnostics());
}

/**
 * Saves out/screenshots/<name>.png. With `readme`, UPDATE_SCREENSHOTS=1 also refreshes the README's copy,
 * docs/screenshot-<name>.png; otherwise a test run leaves the work tree clean.
 */
export async function saveScreenshot(page: Page, name: string, readme: boolean): Promise<string> {
  const file = path.join(REPO, 'out', 'screenshots', `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  const docs = path.join(REPO, 'docs', `screenshot-${name}.png`);
  const copy = readme && process.env.UPDATE_SCREENSHOTS === '1';
  if (copy) fs.copyFileSync(file, docs);
  console.log(`      screenshot: ${path.relative(REPO, file)}${copy ? ` (copied to ${path.relative(REPO, docs)})` : ''}`);
  return file;
}
