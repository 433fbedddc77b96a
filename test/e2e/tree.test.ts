// End-to-end: the Swarm view of the packaged extension in code-server (headless chromium) on the local engine.
// numbers v1 is deployed with the docker CLI; opening the "Swarm Rollout" activity-bar container must show the
// stack, the "numbers-api" service with 3/3, its three tasks and the node, and the status bar the swarm role.
// Screenshot: out/screenshots/tree.png (and docs/screenshot-tree.png only with UPDATE_SCREENSHOTS=1).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { docker, waitFor as waitForEngine } from '../helpers/swarm';
import { REPO } from './codeServer';
import { useWorkbench } from './session';
import { saveScreenshot, waitFor, waitForSelector } from './workbench';

const FIXTURE = path.join(__dirname, 'workspace');
const STACK = `srtree${process.pid}`;
const SIDEBAR_ROWS = '#workbench\\.parts\\.sidebar .monaco-list-row';

describe('e2e: the Swarm view in a real VS Code (code-server + headless chromium)', function () {
  this.timeout(150_000);
  const wb = useWorkbench({
    name: 'tree',
    workspace: FIXTURE,
    stack: STACK,
    prepare: async () => {
      await docker(['stack', 'deploy', '--resolve-image', 'never', '-c', path.join(REPO, 'examples', 'numbers', 'stack-v1.yml'), STACK]);
    },
    // the tasks should be running before the view opens, so the picture shows 3/3
    ready: () => waitForEngine('3/3 running', 30_000, async () =>
      (await docker(['service', 'ls', '--filter', `name=${STACK}_numbers-api`, '--format', '{{.Replicas}}'])).trim() === '3/3').then(() => undefined),
  });

  it('shows the stack, numbers-api 3/3, its tasks, the node, and the role in the status bar', async function () {
    const page = wb.page;
    const rows = async () => (await page.locator(SIDEBAR_ROWS).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());

    // the status bar item exists from activation on, before any Docker call (context only)
    await waitForSelector(page, '.activitybar .action-item a[aria-label^="Swarm Rollout"]', 'the Swarm Rollout activity-bar item', 60_000);
    const t0 = Date.now();
    await page.locator('.activitybar .action-item a[aria-label^="Swarm Rollout"]').first().click();
    const svcRow = await waitFor('a "numbers-api" row with 3/3 in the Swarm view',
      async () => (await rows()).find((r) => /^numbers-api\s*3\/3/.test(r)), 60_000);
    console.log(`      the tree showed ${JSON.stringify(svcRow)} ${((Date.now() - t0) / 1000).toFixed(1)} s after opening the view`);
    const all = await rows();
    assert.ok(all.some((r) => r.startsWith(STACK) && r.includes('1 service') && r.includes('3/3')), `stack row in ${JSON.stringify(all)}`);
    assert.ok(svcRow.includes('numbers-api:v1'), svcRow);
    assert.ok(all.some((r) => r.startsWith('Nodes')), 'a Nodes group');
    assert.ok(all.some((r) => r.includes('manager (leader)') && r.includes('this node')), `node row in ${JSON.stringify(all)}`);

    // expand the service: one row per slot, running
    await page.locator(SIDEBAR_ROWS, { hasText: 'numbers-api' }).filter({ hasText: '3/3' }).first().click();
    const taskRows = await waitFor('three task rows', async () => {
      const r = (await rows()).filter((x) => /^numbers-api\.\d/.test(x));
      return r.length === 3 ? r : undefined;
    }, 20_000);
    for (const r of taskRows) assert.match(r, /running \d+[smh]/);
    console.log(`      tasks: ${taskRows.map((r) => JSON.stringify(r)).join(' | ')}`);

    const statusItem = page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: /: (manager|worker|inactive)/ }).first();
    const status = await waitFor('the status bar to show the swarm role', async () => statusItem.innerText().catch(() => ''), 20_000);
    console.log(`      status bar: ${JSON.stringify(status)}`);
    assert.match(status, /default: manager/);

    // widen the side bar so the descriptions are not cut (drag its sash), then take the picture
    const bar = await page.locator('#workbench\\.parts\\.sidebar').boundingBox();
    if (bar) {
      await page.mouse.move(bar.x + bar.width - 1, bar.y + bar.height / 2);
      await page.mouse.down();
      await page.mouse.move(bar.x + 720, bar.y + bar.height / 2, { steps: 8 });
      await page.mouse.up();
    }
    await page.locator(SIDEBAR_ROWS, { hasText: 'numbers-api.1' }).first().click(); // move the selection off the service
    await page.mouse.move(1300, 600);
    await page.waitForTimeout(400);
    await saveScreenshot(page, 'tree', true);
  });

  it('follows the engine: scaling to 4 shows 4/4 without a manual refresh', async function () {
    const page = wb.page;
    const t0 = Date.now();
    await docker(['service', 'scale', '-d', `${STACK}_numbers-api=4`]);
    const row = await waitFor('numbers-api 4/4', async () =>
      (await page.locator(SIDEBAR_ROWS).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())
        .find((r) => /^numbers-api\s*4\/4/.test(r)), 30_000, 100);
    console.log(`      scale → ${JSON.stringify(row)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  });
});
