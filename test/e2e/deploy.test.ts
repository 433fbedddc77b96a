// End-to-end: Deploy Stack from the command palette in the packaged extension (code-server + chromium) on the
// local swarm, then drift: the v1 file of the same folder gets the "would remove the healthcheck" warnings.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requirePrereq } from '../helpers/prereq';
import { localSwarmPrereqs, removeStackAndWait } from '../helpers/swarm';
import { CHROMIUM, CODE_SERVER, CodeServer, REPO, VSIX, codeServerVersion } from './codeServer';
import { launchBrowser, openFile, openProblems, openWorkbench, problemRows, runCommand, waitFor, type Browser } from './workbench';

// the folder the files are in names the default stack
const STACK = `sre2e${process.pid}`;
const SCREENSHOT = path.join(REPO, 'out', 'screenshots', 'deploy-drift.png');
const FAILURE_SCREENSHOT = path.join(REPO, 'out', 'screenshots', 'deploy-failure.png');

describe('e2e: Deploy Stack and drift in a real VS Code', function () {
  this.timeout(180_000);
  let cs: CodeServer | undefined;
  let browser: Browser | undefined;
  let fixture: string | undefined;
  let deployed = false;

  before(async function () {
    this.timeout(180_000);
    requirePrereq(this, fs.existsSync(CHROMIUM), `chromium not found at ${CHROMIUM}`);
    requirePrereq(this, codeServerVersion() !== undefined, `code-server not installed at ${CODE_SERVER} (run: bash scripts/code-server.sh)`);
    requirePrereq(this, fs.existsSync(VSIX), `${path.relative(REPO, VSIX)} missing (run: npm run package)`);
    const [ok, why] = await localSwarmPrereqs();
    requirePrereq(this, ok, why);
    fixture = fs.mkdtempSync(path.join(os.tmpdir(), 'sr-e2e-deploy-'));
    const dir = path.join(fixture, STACK);
    fs.mkdirSync(dir);
    fs.mkdirSync(path.join(fixture, '.vscode'));
    for (const v of [1, 2]) fs.copyFileSync(path.join(REPO, `examples/numbers/stack-v${v}.yml`), path.join(dir, `stack-v${v}.yml`));
    // the example images are in no registry
    fs.writeFileSync(path.join(fixture, '.vscode', 'settings.json'), JSON.stringify({ 'swarmRollout.deploy.resolveImage': 'never' }));
    cs = await CodeServer.start({ workspaceFixture: fixture, vsix: VSIX });
    browser = await launchBrowser(CHROMIUM, cs.tmp);
    await openWorkbench(browser.page, cs.folderUrl);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && browser) {
      fs.mkdirSync(path.dirname(FAILURE_SCREENSHOT), { recursive: true });
      await browser.page.screenshot({ path: FAILURE_SCREENSHOT }).catch(() => undefined);
      console.log(`      failure screenshot: ${FAILURE_SCREENSHOT}`);
      if (cs) console.log(cs.diagnostics());
    }
  });

  after(async function () {
    this.timeout(120_000);
    await browser?.close().catch(() => undefined);
    await cs?.stop();
    if (deployed) await removeStackAndWait(STACK);
    if (fixture) fs.rmSync(fixture, { recursive: true, force: true });
  });

  it('deploys stack-v2 from the palette with the default name, then warns in stack-v1 what that deploy would remove', async () => {
    const page = browser!.page;
    await openFile(page, 'stack-v2.yml');
    await runCommand(page, 'Swarm Rollout: Deploy Stack');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    assert.equal(await input.inputValue(), STACK, 'the default name comes from the folder');
    // the name is validated as the user types
    await input.fill('my stack');
    await waitFor('the validation message', async () => (await page.locator('.quick-input-widget').innerText()).includes('cannot contain a space'));
    await input.fill(STACK);
    deployed = true;
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
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    console.log(`      ${rows.filter((x) => x.includes('drift')).join('\n      ')}`);
    assert.ok(rows.some((x) => /has a healthcheck .* that this file lacks/.test(x) && x.includes('drift/healthcheck-removed')));
    assert.ok(rows.some((x) => x.includes('drift/update_config-removed')));
    assert.ok(rows.some((x) => x.includes('drift/rollback_config-removed')));
  });
});
