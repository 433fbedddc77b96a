// The TextMate injection grammar (syntaxes/swarm-rollout.injection.json), tokenized with vscode-textmate and
// vscode-oniguruma as VS Code does: `${VAR:-x}` interpolation and durations get their scopes, comments and
// sizes that look like durations (`memory: 512m`) do not. The base grammar is VS Code's own YAML grammar when a
// local VS Code (code-server) copy has it, and otherwise a minimal stand-in with the same shape of scopes.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { allKeys } from '../../server/src/core/model';

const REPO = path.resolve(__dirname, '../..');
const INJECTION = path.join(REPO, 'syntaxes', 'swarm-rollout.injection.json');
const VSCODE_YAML = [
  path.join(process.env.HOME ?? '/root', '.cache/swarm-rollout/code-server/node_modules/code-server/lib/vscode/extensions/yaml/syntaxes'),
].find((d) => fs.existsSync(path.join(d, 'yaml.tmLanguage.json')));

/** A stand-in source.yaml: comments, keys, quoted strings and plain values as begin/end or match rules. */
const STUB_YAML = {
  scopeName: 'source.yaml',
  patterns: [
    { match: '(?:^|\\s)#.*$', name: 'comment.line.number-sign.yaml' },
    { match: '[\\w.-]+(?=\\s*:(\\s|$))', name: 'entity.name.tag.yaml' },
    { begin: '"', end: '"', name: 'string.quoted.double.yaml' },
    { begin: "'", end: "'", name: 'string.quoted.single.yaml' },
  ],
};

let registry: vsctm.Registry;

async function grammar(): Promise<vsctm.IGrammar> {
  if (!registry) {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
    registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) => {
        if (scopeName === 'swarm-rollout.injection') return vsctm.parseRawGrammar(fs.readFileSync(INJECTION, 'utf8'), INJECTION);
        if (!VSCODE_YAML) return scopeName === 'source.yaml' ? vsctm.parseRawGrammar(JSON.stringify(STUB_YAML), 'stub.json') : null;
        const file = scopeName === 'source.yaml' ? 'yaml.tmLanguage.json' : `yaml-${scopeName.replace('source.yaml.', '')}.tmLanguage.json`;
        const p = path.join(VSCODE_YAML, file);
        return fs.existsSync(p) ? vsctm.parseRawGrammar(fs.readFileSync(p, 'utf8'), p) : null;
      },
      // package.json contributes the injection with injectTo: ["source.yaml"]; this is what VS Code does with it.
      getInjections: (scopeName: string) => (scopeName === 'source.yaml' ? ['swarm-rollout.injection'] : undefined),
    });
  }
  const g = await registry.loadGrammar('source.yaml');
  assert.ok(g, 'source.yaml grammar');
  return g;
}

/** Text → scopes of each token, for the lines of a document. */
async function tokens(lines: string[]): Promise<Array<{ text: string; scopes: string[] }>> {
  const g = await grammar();
  let state = vsctm.INITIAL;
  const out: Array<{ text: string; scopes: string[] }> = [];
  for (const line of lines) {
    const r = g.tokenizeLine(line, state);
    for (const t of r.tokens) out.push({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    state = r.ruleStack;
  }
  return out;
}

function scopesOf(toks: Array<{ text: string; scopes: string[] }>, text: string, nth = 0): string[] {
  const found = toks.filter((t) => t.text === text);
  assert.ok(found[nth], `no token "${text}" in ${JSON.stringify(toks.map((t) => t.text))}`);
  return found[nth]!.scopes;
}

describe(`grammar: interpolation and durations (base YAML grammar: ${VSCODE_YAML ? "VS Code's" : 'stand-in'})`, function () {
  this.timeout(20_000);

  it('is contributed by package.json as an injection into source.yaml', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { contributes: { grammars?: Array<Record<string, unknown>> } };
    const g = pkg.contributes.grammars?.find((x) => x.scopeName === 'swarm-rollout.injection');
    assert.ok(g, 'contributes.grammars entry');
    assert.deepStrictEqual(g.injectTo, ['source.yaml']);
    assert.ok(fs.existsSync(path.join(REPO, String(g.path))));
  });

  it('scopes ${VAR:-default} and $VAR in plain and quoted values, not $$ or comments', async () => {
    const toks = await tokens([
      'services:',
      '  web:',
      '    image: "registry.example/app:${TAG:-latest}"',
      '    command: echo $HOME and $$PATH',
      '    environment:',
      '      URL: ${URL?must be set}',
      '    # image: ${NOT_IN_A_COMMENT}',
    ]);
    assert.ok(scopesOf(toks, '${').includes('punctuation.definition.interpolation.begin.swarm-rollout'));
    assert.ok(scopesOf(toks, 'TAG').includes('variable.other.env.swarm-rollout'));
    assert.ok(scopesOf(toks, 'TAG').includes('meta.interpolation.swarm-rollout'));
    assert.ok(scopesOf(toks, ':-').includes('keyword.operator.interpolation.swarm-rollout'));
    assert.ok(scopesOf(toks, 'latest').includes('string.unquoted.default.swarm-rollout'));
    assert.ok(scopesOf(toks, 'HOME').includes('variable.other.env.swarm-rollout'));
    assert.ok(scopesOf(toks, '$$').includes('constant.character.escape.dollar.swarm-rollout'));
    assert.ok(scopesOf(toks, 'URL', 1).includes('variable.other.env.swarm-rollout'));
    assert.ok(scopesOf(toks, '?').includes('keyword.operator.interpolation.swarm-rollout'));
    assert.ok(!toks.some((t) => t.text.includes('NOT_IN_A_COMMENT') && t.scopes.some((s) => s.includes('swarm-rollout'))), 'comment left alone');
  });

  it('scopes durations as values of duration keys, not sizes or other values', async () => {
    const toks = await tokens([
      'services:',
      '  web:',
      '    stop_grace_period: 1m30s',
      '    healthcheck:',
      '      interval: "10s"',
      '      timeout: 500ms # fast',
      '    deploy:',
      '      update_config: {parallelism: 1, monitor: 2m}',
      '      resources:',
      '        limits:',
      '          memory: 512m',
      '    image: app:5m',
    ]);
    for (const d of ['1m30s', '10s', '500ms', '2m']) assert.ok(scopesOf(toks, d).includes('constant.numeric.duration.swarm-rollout'), `${d}: ${scopesOf(toks, d).join(' ')}`);
    for (const t of toks) {
      if (/512m|app:5m|5m/.test(t.text)) assert.ok(!t.scopes.includes('constant.numeric.duration.swarm-rollout'), `${t.text} is not a duration`);
    }
  });

  it('knows exactly the duration keys of the model (no second list drifting away)', () => {
    const raw = JSON.parse(fs.readFileSync(INJECTION, 'utf8')) as { repository: { duration: { match: string } } };
    const inGrammar = /\(\?:((?:[a-z_]+\|)+[a-z_]+)\)/.exec(raw.repository.duration.match)![1]!.split('|').sort();
    const inModel = [...new Set(allKeys().filter((k) => k.spec.value.format === 'duration').map((k) => k.spec.name))].sort();
    assert.deepStrictEqual(inGrammar, inModel);
  });
});
