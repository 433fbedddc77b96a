// End-to-end: the packaged extension (out/swarm-rollout.vsix) in a real VS Code (code-server 4.100.3, installed
// by scripts/code-server.sh) driven by headless chromium. Opening a stack file with a YAML syntax error must
// put a "swarm-rollout" row in the Problems panel, at the real position, and an error squiggle in the editor.
// This test does not build the extension: `npm test` packages it first; on your own run `npm run package`.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { useWorkbench } from './session';
import { openFile, openProblems, problemRows, runCommand, saveScreenshot, waitFor, waitForSelector } from './workbench';

const FIXTURE = path.join(__dirname, 'workspace');
const STACK_FILE = 'docker-stack.yml';
// test/e2e/workspace/docker-stack.yml line 6 is `    ports: [80`: a flow sequence that is never closed. The yaml
// parser notices only on line 7 (`deploy:`); the server reports it where the user has to fix it: the `[` itself.
// The start of the message (the explanation after it is still being worded; the full row is logged).
const EXPECTED_MESSAGE = 'This [ is never closed with ]';
const EXPECTED_CODE = 'yaml/syntax';
const EXPECTED_LINE = 6;
const EXPECTED_COL = 12;

describe('e2e: the packaged extension in a real VS Code (code-server + headless chromium)', function () {
  this.timeout(120_000);
  const wb = useWorkbench({ name: 'problems', workspace: FIXTURE });

  it('shows the YAML syntax error as a "swarm-rollout" problem and an error squiggle', async function () {
    const page = wb.page;
    await openFile(page, STACK_FILE);
    await openProblems(page);

    // The language server starts with the extension; the first diagnostics can take a few seconds on 2 cores.
    const row = await waitFor('a row from source "swarm-rollout" in the Problems panel',
      async () => (await problemRows(page)).find((r) => r.includes('swarm-rollout')), 60_000);
    const rows = await problemRows(page);
    console.log(`      Problems panel: ${rows.map((r) => JSON.stringify(r)).join(' | ')}`);

    assert.ok(row.startsWith(EXPECTED_MESSAGE), `message: expected the row to start with ${JSON.stringify(EXPECTED_MESSAGE)}: ${JSON.stringify(row)}`);
    assert.ok(row.includes(`[Ln ${EXPECTED_LINE}, Col ${EXPECTED_COL}]`),
      `position: expected [Ln ${EXPECTED_LINE}, Col ${EXPECTED_COL}] in ${JSON.stringify(row)}`);
    assert.ok(row.includes(`swarm-rollout ${EXPECTED_CODE}`), `source and code: expected "swarm-rollout ${EXPECTED_CODE}" in ${JSON.stringify(row)}`);
    assert.equal(rows.filter((r) => r.includes('swarm-rollout')).length, 1, 'exactly one swarm-rollout problem');
    assert.ok(rows.some((r) => r.startsWith(STACK_FILE)), `a file row for ${STACK_FILE} in ${JSON.stringify(rows)}`);

    // The Problems panel row is marked as an error (codicon-error), not a warning.
    const marker = page.locator('.markers-panel .monaco-list-row', { hasText: 'swarm-rollout' }).first();
    assert.equal(await marker.locator('.codicon-error').count(), 1, 'the problem has the error icon');

    // The editor shows an error squiggle, on that line.
    const squiggle = page.locator('.editor-instance .monaco-editor .squiggly-error').first();
    await waitForSelector(page, '.editor-instance .monaco-editor .squiggly-error', 'an error squiggle in the editor', 20_000);
    const lineNumber = page.locator('.editor-instance .monaco-editor .margin-view-overlays .line-numbers')
      .filter({ hasText: new RegExp(`^\\s*${EXPECTED_LINE}\\s*$`) }).first();
    const [sq, ln] = await Promise.all([squiggle.boundingBox(), lineNumber.boundingBox()]);
    assert.ok(sq && ln, 'squiggle and line number are laid out');
    assert.ok(Math.abs(sq.y - ln.y) < ln.height, `squiggle (y=${sq.y}) is on line ${EXPECTED_LINE} (y=${ln.y})`);

    // Keep the picture (Problems panel + squiggle) in out/; UPDATE_SCREENSHOTS=1 also refreshes the README's.
    // Without the side bar the Problems row has room for the whole message.
    await runCommand(page, 'View: Close Primary Side Bar');
    await waitFor('the side bar to close', async () => !(await page.locator('#workbench\\.parts\\.sidebar').isVisible()), 10_000);
    await page.mouse.move(5, 5);
    await page.waitForTimeout(300);
    await saveScreenshot(page, 'problems', true);

    // Hovering the squiggle shows the same message.
    // (the squiggle is a decoration under the text layer, so move the mouse there rather than locator.hover())
    const at = await squiggle.boundingBox(); // again: closing the side bar moved it
    assert.ok(at, 'squiggle is laid out');
    await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
    await waitFor('the hover over the squiggle to show the message',
      async () => (await page.locator('.monaco-hover:not(.hidden)').allInnerTexts()).find((t) => t.includes(EXPECTED_MESSAGE)), 15_000);

    // Clicking the problem selects its range in the editor: the selection must start at the reported position.
    await page.mouse.move(5, 5);
    await marker.click();
    const selection = await waitFor(`the editor selection to start at Ln ${EXPECTED_LINE}, Col ${EXPECTED_COL} after clicking the problem`, async () => {
      const t = await page.locator('#status\\.editor\\.selection').innerText();
      // "Ln 6, Col 13 (1 selected)": the cursor sits at the end of the selected range
      const m = /Ln (\d+), Col (\d+)(?: \((\d+) selected\))?/.exec(t);
      return m && Number(m[1]) === EXPECTED_LINE && Number(m[2]) - Number(m[3] ?? 0) === EXPECTED_COL ? t : undefined;
    }, 15_000);
    console.log(`      after clicking the problem: ${selection}`);

    const status = await page.locator('#status\\.problems').getAttribute('aria-label');
    console.log(`      status bar: ${status}`);
  });
});
