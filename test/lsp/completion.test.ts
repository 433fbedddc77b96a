// Completion and hover over stdio, as an editor asks for them: capabilities, items with text edits, snippets
// (and their plain expansion for clients without snippet support), markdown hovers, a file with errors.
import * as assert from 'assert';
import { LspSession, requireBuiltServer } from './harness';
import { caret } from '../helpers/caret';

const uri = (name: string) => `file:///tmp/swarm-rollout-lsp/${name}`;

/** Line/character of an offset. */
function pos(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

const STACK = [
  'version: "3.8"',
  'services:',
  '  api:',
  '    image: nginx:1.27',
  '    healthcheck:',
  '      test: ["CMD", "curl", "-f", "http://localhost/"]',
  '      interval: 10s',
  '      timeout: 5s',
  '      retries: 3',
  '    deploy:',
  '      replicas: 3',
  '      update_config:',
  '        parallelism: 1',
  '        failure_action: |',
  '',
].join('\n');

describe('language server over stdio: completion and hover', function () {
  let s: LspSession;

  before(function () {
    requireBuiltServer(this);
  });
  afterEach(() => s.kill());

  it('announces completion (with trigger characters) and hover', async () => {
    s = new LspSession();
    const r = await s.initialize();
    assert.ok(r.capabilities.hoverProvider);
    for (const c of [':', ' ', '-', '=']) assert.ok(r.capabilities.completionProvider?.triggerCharacters?.includes(c), c);
  });

  it('enum values with a text edit replacing the partial word; rollback only under update_config', async () => {
    s = new LspSession();
    await s.initialize();
    const { text, offset } = caret(STACK.replace('failure_action: |', 'failure_action: ro|'));
    await s.open(uri('enum.yml'), text);
    const items = await s.completion(uri('enum.yml'), pos(text, offset));
    assert.deepStrictEqual(items.map((i) => i.label).sort(), ['continue', 'pause', 'rollback']);
    const rb = items.find((i) => i.label === 'rollback')!;
    const edit = rb.textEdit as { range: { start: { character: number }; end: { character: number } }; newText: string };
    assert.strictEqual(edit.newText, 'rollback');
    assert.deepStrictEqual([edit.range.start.character, edit.range.end.character], [24, 26]);
    assert.strictEqual(rb.kind, 20 /* EnumMember */);
    const t2 = caret(STACK.replace('      update_config:', '      rollback_config:'));
    await s.replace(uri('enum.yml'), 2, t2.text);
    const rbItems = await s.completion(uri('enum.yml'), pos(t2.text, t2.offset));
    assert.deepStrictEqual(rbItems.map((i) => i.label).sort(), ['continue', 'pause']);
  });

  it('keys on an empty line under deploy:, with markdown docs, detail and snippets; plain text for plain clients', async () => {
    const { text, offset } = caret(STACK.replace('        failure_action: |', '        failure_action: pause\n      |'));
    for (const plain of [false, true]) {
      s = new LspSession();
      await s.initialize({ plainCompletion: plain });
      await s.open(uri('keys.yml'), text);
      const items = await s.completion(uri('keys.yml'), pos(text, offset));
      const labels = items.map((i) => i.label);
      assert.ok(labels.includes('rollback_config') && labels.includes('placement') && !labels.includes('replicas'), labels.join());
      const rc = items.find((i) => i.label === 'rollback_config')!;
      assert.match(rc.detail!, /mapping/);
      const doc = rc.documentation as { kind: string; value: string } | string;
      if (plain) assert.strictEqual(typeof doc, 'string');
      else assert.strictEqual((doc as { kind: string }).kind, 'markdown');
      const snip = items.find((i) => i.label === 'placement constraint')!;
      assert.strictEqual(snip.insertTextFormat, plain ? 1 : 2);
      const newText = (snip.textEdit as { newText: string }).newText;
      if (plain) assert.strictEqual(newText, 'placement:\n        constraints:\n          - node.role == worker');
      else assert.match(newText, /\$\{1\|worker,manager\|\}/);
      if (!plain) s.kill(); // afterEach ends the last one
    }
  });

  it('completes in a file with a syntax error elsewhere', async () => {
    s = new LspSession();
    await s.initialize();
    const { text, offset } = caret('services:\n  web:\n    image: "unclosed\n    deploy:\n      mode: |\n  db:\n    ports: [80\n');
    const d = await s.open(uri('broken.yml'), text);
    assert.ok(d.diagnostics.some((x) => x.severity === 1));
    const items = await s.completion(uri('broken.yml'), pos(text, offset));
    assert.ok(items.map((i) => i.label).includes('global'), items.map((i) => i.label).join());
  });

  it('hover on update_config: markdown with defaults, detection time, rollout estimate and a docs link', async () => {
    s = new LspSession();
    await s.initialize();
    const { text, offset } = caret(STACK.replace('failure_action: |', 'failure_action: rollback').replace('      update_config:', '      update_c|onfig:'));
    await s.open(uri('hover.yml'), text);
    const h = await s.hover(uri('hover.yml'), pos(text, offset));
    assert.ok(h);
    const value = (h.contents as { kind: string; value: string }).value;
    assert.strictEqual((h.contents as { kind: string }).kind, 'markdown');
    assert.match(value, /\| monitor \| `5s` \(default\) \| `5s` \|/);
    assert.match(value, /0s \+ 3 × \(10s \+ 5s\) = \*\*45s\*\*/);
    assert.match(value, /Rollout estimate:\*\* 3 replicas/);
    assert.match(value, /docs\.docker\.com/);
    assert.deepStrictEqual(h.range, { start: { line: 11, character: 6 }, end: { line: 11, character: 19 } });
    assert.strictEqual(await s.hover(uri('hover.yml'), { line: 1, character: 20 }), null);
  });
});
