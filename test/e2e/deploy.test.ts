// End-to-end: Deploy Stack from the command palette in the packaged extension (code-server + chromium) on the
// local swarm, then drift: the v1 file of the same folder gets the "would remove the healthcheck" warnings.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from './codeServer';
import { useWorkbench } from './session';
import { openFile, openProblems, problemRows, runCommand, saveScreenshot, waitFor } from './workbench';

// the folder the files are in names the default stack
const STACK = `sre2e${process.pid}`;

describe('e2e: Deploy Stack and drift in a real VS Code', function () {
  this.timeout(180_000);
  const wb = useWorkbench({
    name: 'deploy',
    stack: STACK,
    workspace: () => {
      const fixture = fs.mkdtempSync(path.join(os.tmpdir(), 'sr-e2e-deploy-'));
      const dir = path.join(fixture, STACK);
      fs.mkdirSync(dir);
      fs.mkdirSync(path.join(fixture, '.vscode'));
      for (const v of [1, 2]) fs.copyFileSync(path.join(REPO, `examples/numbers/stack-v${v}.yml`), path.join(dir, `stack-v${v}.yml`));
      // the example images are in no registry
      fs.writeFileSync(path.join(fixture, '.vscode', 'settings.json'), JSON.stringify({ 'swarmRollout.deploy.resolveImage': 'never' }));
      return fixture;
    },
  });

  it('deploys stack-v2 from the palette with the default name, then warns in stack-v1 what that deploy would remove', async () => {
    const page = wb.page;
    await openFile(page, 'stack-v2.yml');
    await runCommand(page, 'Swarm Rollout: Deploy Stack');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    assert.equal(await input.inputValue(), STACK, 'the default name comes from the folder');
    // the name is validated as the user types
    await input.fill('my stack');
    await waitFor('the validation message', async () => (await page.locator('.quick-input-widget').innerText()).includes('cannot contain a space'));
    await input.fill(STACK);
    await page.keyboard.press('Enter');
    await waitFor('the "deployed" notification', async () => {
      const texts = await page.locator('.notifications-toasts').allInnerTexts();
      return texts.some((t) => t.includes(`Stack "${STACK}" deployed`));
    }, 90_000);

    await openFile(page, 'stack-v1.yml');
    await openProblems(page);
    const rows = await waitFor('the drift warnings in the Problems panel', async () => {
      const r = await problemRows(page);
      return r.filter((x) => x.includes('swarm-rollout drift')).length >= 3 ? r : undefined;
    }, 45_000);
    await saveScreenshot(page, 'deploy-drift', false);
    console.log(`      ${rows.filter((x) => x.includes('drift')).join('\n      ')}`);
    assert.ok(rows.some((x) => /has a healthcheck .* that this file lacks/.test(x) && x.includes('drift/healthcheck-removed')));
    assert.ok(rows.some((x) => x.includes('drift/update_config-removed')));
    assert.ok(rows.some((x) => x.includes('drift/rollback_config-removed')));
  });
});
