// End-to-end: the rollout panel of the packaged extension in code-server (headless chromium) on the local engine,
// while numbers goes v1 → v2 → v3 (deployed with the docker CLI). The panel must show 3 of 3 on v1; the rolling
// update slot by slot (v1 → v2) and then "completed"; and v3's automatic rollback as a failure with the failed
// task's "unhealthy container" error. The tree's context menu of a service offers the operations.
// Screenshots: out/screenshots/panel-v1.png, panel-v2.png, panel-v3.png (copied to docs/ only with UPDATE_SCREENSHOTS=1).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { docker, waitFor as waitForEngine } from '../helpers/swarm';
import { REPO } from './codeServer';
import { useWorkbench } from './session';
import { runCommand, saveScreenshot, waitFor, waitForSelector } from './workbench';

const FIXTURE = path.join(__dirname, 'workspace');
const STACK = `srpanelui${process.pid}`;
const SIDEBAR_ROWS = '#workbench\\.parts\\.sidebar .monaco-list-row';
const IMG = 'numbers-api';
const deploy = (v: string) => docker(['stack', 'deploy', '--resolve-image', 'never', '-c', path.join(REPO, 'examples', 'numbers', `stack-${v}.yml`), STACK]);

describe('e2e: the rollout panel in a real VS Code while numbers rolls out v1 → v2 → v3', function () {
  this.timeout(180_000);
  const wb = useWorkbench({
    name: 'panel',
    workspace: FIXTURE,
    stack: STACK,
    prepare: () => deploy('v1').then(() => undefined),
    ready: () => waitForEngine('v1 3/3 running', 30_000, async () =>
      (await docker(['service', 'ls', '--filter', `name=${STACK}_numbers-api`, '--format', '{{.Replicas}}'])).trim() === '3/3').then(() => undefined),
  });

  const panel = (page: Page): FrameLocator => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const attr = async (page: Page, sel: string, name: string) => panel(page).locator(sel).first().getAttribute(name, { timeout: 2000 }).catch(() => null);
  const shot = async (page: Page, name: string) => {
    await page.mouse.move(1390, 850);
    await page.waitForTimeout(400);
    await saveScreenshot(page, name, true);
  };
  const rowTexts = async (page: Page) => (await panel(page).locator('section.service tbody tr').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());

  it('the tree offers the operations on a service; the panel opens from the palette and shows v1: 3 of 3, completed', async function () {
    const page = wb.page;
    await waitForSelector(page, '.activitybar .action-item a[aria-label^="Swarm Rollout"]', 'the Swarm Rollout activity-bar item', 60_000);
    await page.locator('.activitybar .action-item a[aria-label^="Swarm Rollout"]').first().click();
    const svcRow = page.locator(SIDEBAR_ROWS, { hasText: 'numbers-api' }).filter({ hasText: '3/3' }).first();
    await svcRow.waitFor({ timeout: 60_000 });
    await svcRow.click({ button: 'right' });
    const menu = await waitFor('the context menu of the service', async () => {
      const t = await page.locator('.context-view .monaco-menu').allInnerTexts();
      return t.length && /Rollback Service/.test(t.join('\n')) ? t.join('\n') : undefined;
    }, 15_000);
    for (const item of ['Open Rollout Panel', 'Show Service Logs', 'Inspect Service', 'Rollback Service', 'Scale Service…', 'Force Update Service']) {
      assert.ok(menu.includes(item), `"${item}" in the context menu: ${JSON.stringify(menu)}`);
    }
    await page.keyboard.press('Escape');
    await runCommand(page, 'View: Close Primary Side Bar');

    const t0 = Date.now();
    await runCommand(page, 'Swarm Rollout: Open Rollout Panel');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 20_000 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: STACK }).first().waitFor({ timeout: 30_000 });
    await input.fill(STACK);
    await page.keyboard.press('Enter');
    await waitFor('the panel to show numbers-api completed', async () =>
      (await attr(page, 'section.service[data-service="numbers-api"]', 'data-phase')) === 'completed', 60_000);
    console.log(`      panel showed v1 completed ${((Date.now() - t0) / 1000).toFixed(1)} s after the command`);
    const rows = await rowTexts(page);
    console.log(`      rows: ${rows.map((r) => JSON.stringify(r)).join(' | ')}`);
    assert.equal(rows.length, 3);
    for (const r of rows) assert.match(r, new RegExp(`^numbers-api\\.\\d ${IMG}:v1 running`));
    assert.equal(await panel(page).locator('.overall-count').innerText(), '3 of 3');
    assert.match(await page.locator('.tabs-container .tab.active').innerText(), new RegExp(`Rollout: ${STACK}`));
    await shot(page, 'panel-v1');
  });

  it('v2: the panel shows the rolling update slot by slot, then completed with v1 → v2 on every slot', async function () {
    const page = wb.page;
    const t0 = Date.now();
    await deploy('v2');
    // mid-update: one slot updated, another one's new task waiting for its healthcheck next to the old one
    await waitFor('a slot updated and another one updating', async () => {
      const st = await panel(page).locator('section.service tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-status")));
      return st.includes('updated') && st.includes('updating') ? st : undefined;
    }, 40_000, 150);
    const mid = await rowTexts(page);
    console.log(`      mid-update (${((Date.now() - t0) / 1000).toFixed(1)} s): ${mid.map((r) => JSON.stringify(r)).join(' | ')}`);
    assert.equal(await attr(page, 'section.service[data-service="numbers-api"]', 'data-phase'), 'updating');
    assert.ok(mid.some((r) => /waiting for healthcheck|updating/.test(r)), mid.join('\n'));
    await shot(page, 'panel-v2');
    await waitFor('numbers-api completed on v2', async () =>
      (await attr(page, 'section.service[data-service="numbers-api"]', 'data-phase')) === 'completed'
      && (await rowTexts(page)).every((r) => r.includes(`${IMG}:v1→${IMG}:v2`) || r.includes(`${IMG}:v1 → ${IMG}:v2`) || /updated/.test(r)), 60_000);
    const rows = await rowTexts(page);
    console.log(`      completed after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${rows.map((r) => JSON.stringify(r)).join(' | ')}`);
    for (const r of rows) assert.match(r, /running healthy\s*updated/);
    const tl = (await panel(page).locator('.timeline li').allInnerTexts()).join('\n');
    assert.match(tl, /engine: update completed/);
  });

  it('v3: the automatic rollback is shown as a failure with the failed task\'s error', async function () {
    const page = wb.page;
    const t0 = Date.now();
    await deploy('v3');
    await waitFor('numbers-api rolled back', async () =>
      (await attr(page, 'section.service[data-service="numbers-api"]', 'data-phase')) === 'rolled back'
      && (await attr(page, 'section.service[data-service="numbers-api"]', 'data-outcome')) === 'failure', 60_000);
    console.log(`      rolled back after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const reason = await panel(page).locator('section.service .banner.failure').innerText();
    console.log(`      banner: ${JSON.stringify(reason)}`);
    assert.match(reason, /Automatic rollback: the update failed/);
    assert.match(reason, /numbers-api:v3\): task: non-zero exit \(\d+\): dockerexec: unhealthy container/);
    const rows = await rowTexts(page);
    console.log(`      rows: ${rows.map((r) => JSON.stringify(r)).join(' | ')}`);
    assert.ok(rows.some((r) => /rolled back/.test(r) && /unhealthy container/.test(r)), rows.join('\n'));
    assert.match(await panel(page).locator('h1 .phase').innerText(), /rolled back — update failed/);
    // the progress notification said so too
    const toasts = await waitFor('an error notification about the rollout', async () => {
      const t = (await page.locator('.notifications-toasts .notification-toast').allInnerTexts()).join('\n');
      return /Rollout of stack .* failed/.test(t) ? t : undefined;
    }, 20_000).catch(() => '');
    console.log(`      notification: ${JSON.stringify(toasts.replace(/\s+/g, ' ').slice(0, 200))}`);
    await shot(page, 'panel-v3');
  });

  it('a manual rollback: after a scale to 4 (the engine keeps no previous spec after an automatic rollback), back to 3 as a success', async function () {
    const page = wb.page;
    const service = `${STACK}_numbers-api`;
    const phase = () => attr(page, 'section.service[data-service="numbers-api"]', 'data-phase');
    await docker(['service', 'scale', '--detach', `${service}=4`]);
    await waitFor('numbers-api scaled to 4 and completed', async () => (await phase()) === 'completed' && (await rowTexts(page)).length === 4, 60_000);
    const t0 = Date.now();
    await docker(['service', 'rollback', '--detach', service]);
    await waitFor('numbers-api rolled back by hand, as a success', async () =>
      (await phase()) === 'rolled back'
      && (await attr(page, 'section.service[data-service="numbers-api"]', 'data-outcome')) === 'success', 60_000);
    console.log(`      manual rollback shown after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    assert.equal(await panel(page).locator('section.service .banner.failure').count(), 0, 'no failure banner for a rollback the user asked for');
    await waitFor('3 of 3 back', async () => (await panel(page).locator('.overall-count').innerText()) === '3 of 3', 30_000);
    await shot(page, 'panel-rollback');
  });
});
