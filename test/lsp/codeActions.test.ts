// Quick fixes, outline and folding over stdio, as an editor asks for them.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  CodeActionRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  type CodeAction,
  type DocumentSymbol,
  type Diagnostic,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { freshServerPerTest, LspSession } from './harness';

const FIXTURES = path.resolve(__dirname, '../fixtures/fixes');
const uri = (name: string) => `file:///tmp/swarm-rollout-lsp/${name}`;

describe('language server: quick fixes, outline, folding', function () {
  let s: LspSession;
  freshServerPerTest((x) => (s = x));

  const actionsFor = (u: string, diagnostics: Diagnostic[]) => Promise.all(diagnostics.map((d) => s.conn.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: u },
    range: d.range,
    context: { diagnostics: [d], only: ['quickfix'] },
  }) as Promise<CodeAction[]>));

  it('offers quick fixes with the diagnostic attached; applying them clears the diagnostics', async () => {
    const u = uri('docker-stack.yml');
    const text = fs.readFileSync(path.join(FIXTURES, 'resources.yml'), 'utf8');
    const pub = await s.open(u, text);
    const fixable = pub.diagnostics.filter((d) => d.code === 'stack/forbidden' || d.code === 'stack/compose-only');
    assert.strictEqual(fixable.length, 4, JSON.stringify(pub.diagnostics));
    const actions = await actionsFor(u, fixable);
    assert.deepStrictEqual(actions.map((a) => a.map((x) => x.title)), [
      ['Move mem_limit to deploy.resources.limits.memory'],
      ['Move cpus to deploy.resources.limits.cpus'],
      ['Move mem_reservation to deploy.resources.reservations.memory'],
      ['Move mem_limit to deploy.resources.limits.memory'],
    ]);
    for (let i = 0; i < actions.length; i++) {
      const a = actions[i]![0]!;
      assert.strictEqual(a.kind, 'quickfix');
      assert.strictEqual(a.isPreferred, true);
      assert.deepStrictEqual(a.diagnostics, [fixable[i]]);
    }
    // Apply the first action, then ask again on the new text until nothing is left: as a user would, one by one.
    let doc = TextDocument.create(u, 'dockercompose', 1, text);
    let current = pub;
    for (let round = 0; round < 10; round++) {
      const left = current.diagnostics.filter((d) => d.code === 'stack/forbidden' || d.code === 'stack/compose-only');
      if (left.length === 0) break;
      const [first] = await actionsFor(u, left.slice(0, 1));
      const edits = first![0]!.edit!.changes![u]!;
      doc = TextDocument.create(u, 'dockercompose', doc.version + 1, TextDocument.applyEdits(doc, edits));
      current = await s.replace(u, doc.version, doc.getText());
    }
    assert.deepStrictEqual(current.diagnostics.map((d) => d.code), []);
    assert.match(doc.getText(), /      resources:\n        limits:\n          memory: 512m\n          cpus: '0.5'\n        reservations:\n          memory: 256M\n/);
  });

  it('answers no action for diagnostics of another source or another kind', async () => {
    const u = uri('stack-other.yml');
    const pub = await s.open(u, fs.readFileSync(path.join(FIXTURES, 'global-replicas.yml'), 'utf8'));
    const d = pub.diagnostics.find((x) => x.code === 'swarm/replicas-with-global')!;
    const mine = await actionsFor(u, [d]);
    assert.deepStrictEqual(mine[0]!.map((a) => a.title), ['Remove replicas (a global service runs one task per node)', 'Change mode to replicated (keep replicas)']);
    const foreign = await s.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: u }, range: d.range, context: { diagnostics: [{ ...d, source: 'yaml' }] } });
    assert.deepStrictEqual(foreign, []);
    const refactor = await s.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d], only: ['refactor'] } });
    assert.deepStrictEqual(refactor, []);
  });

  it('returns the outline (services with mode and replicas) and folding ranges', async () => {
    const u = uri('outline-stack.yml');
    await s.open(u, 'services:\n  web:\n    image: nginx\n    deploy:\n      replicas: 3\n  agent:\n    image: busybox\n    deploy:\n      mode: global\nnetworks:\n  front:\n');
    const syms = await s.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: u } }) as DocumentSymbol[];
    assert.deepStrictEqual(syms.map((x) => x.name), ['services', 'networks']);
    assert.deepStrictEqual(syms[0]!.children!.map((x) => `${x.name}: ${x.detail}`), ['web: replicated × 3', 'agent: global']);
    assert.deepStrictEqual(syms[0]!.range, { start: { line: 0, character: 0 }, end: { line: 8, character: 18 } });
    const folds = await s.conn.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: u } });
    assert.deepStrictEqual(folds!.map((f) => `${f.startLine}-${f.endLine}`), ['0-8', '1-4', '3-4', '5-8', '7-8', '9-10']);
  });
});
