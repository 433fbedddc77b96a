// Every snippet, inserted through completion into real services and expanded with sample placeholder values,
// validates with no finding of severity error or warning; the rolling update's monitor covers the healthcheck.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { complete, expandSnippet, parseStack, validate, type CompletionEntry } from '../../server/src/core';
import { caret } from '../helpers/caret';

const EX = path.resolve(__dirname, '../../examples/numbers');
const v1 = fs.readFileSync(path.join(EX, 'stack-v1.yml'), 'utf8');
const v2 = fs.readFileSync(path.join(EX, 'stack-v2.yml'), 'utf8');

/** stack-v2 without its deploy: block (a real service with a healthcheck). */
const v2NoDeploy = v2.slice(0, v2.indexOf('    deploy:\n'));
const HC = v2.slice(v2.indexOf('    healthcheck:\n'), v2.indexOf('    deploy:\n'));

/** Real services with a cursor where the snippets are offered (the service level, or under deploy:). */
const PLACES: Array<[string, string]> = [
  ['v1: service level (no healthcheck)', v1.replace('    deploy:\n', '    |\n    deploy:\n')],
  ['v2 without deploy: service level', `${v2NoDeploy}    |\n`],
  ['v1: under deploy', v1.replace('      replicas: 3\n', '      replicas: 3\n      |\n')],
  ['v2 without update/rollback: under deploy', `${v2NoDeploy}    deploy:\n      replicas: 3\n      |\n`],
  ['version 3.3, healthcheck: under deploy', `version: "3.3"\nservices:\n  api:\n    image: nginx:1.27\n${HC.replace(/\n\s+start_period:.*\n/, '\n')}    deploy:\n      replicas: 2\n      |\n`],
  ['version 3.3: service level', 'version: "3.3"\nservices:\n  api:\n    image: nginx:1.27\n    |\n'],
  ['no version, 4-space indent', 'services:\n    api:\n        image: nginx:1.27\n        deploy:\n            |\n'],
  ['slow healthcheck', `version: "3.9"\nservices:\n  api:\n    image: nginx:1.27\n    healthcheck:\n      test: ["CMD", "true"]\n      interval: 1m\n      timeout: 20s\n      retries: 5\n      start_period: 2m\n    deploy:\n      |\n`],
];

/** Other sample values of the same kind as each placeholder's default: numbers + 1, durations and sizes doubled, the last choice. */
function samples(body: string): Record<number, string> {
  const out: Record<number, string> = {};
  for (const m of body.matchAll(/\$\{(\d+):([^}]*)\}/g)) {
    const [n, d] = [Number(m[1]), m[2]!];
    const num = /^(\d+(?:\.\d+)?)(ms|s|m|h|M|G)?$/.exec(d);
    out[n] = num ? `${num[2] ? Number(num[1]) * 2 : Number(num[1]) + 1}${num[2] ?? ''}` : d;
  }
  for (const m of body.matchAll(/\$\{(\d+)\|([^|]*)\|\}/g)) out[Number(m[1])] = m[2]!.split(',').pop()!;
  return out;
}

function snippetsAt(text: string, offset: number): CompletionEntry[] {
  return complete(parseStack(text), offset).filter((i) => i.kind === 'snippet');
}

function apply(text: string, e: CompletionEntry, values: Record<number, string>): string {
  return text.slice(0, e.replace[0]) + expandSnippet(e.insert, values) + text.slice(e.replace[1]);
}

describe('core: snippets', () => {
  it('every snippet, expanded in every place with sample values, has no error or warning', () => {
    let checked = 0;
    const offered = new Set<string>();
    for (const [name, marked] of PLACES) {
      const { text, offset } = caret(marked);
      const snippets = snippetsAt(text, offset);
      assert.ok(snippets.length > 0, `no snippets at ${name}`);
      for (const s of snippets) {
        offered.add(s.filterText!);
        for (const values of [{}, samples(s.insert)]) {
          const out = apply(text, s, values);
          const loud = validate(out).findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
          assert.deepStrictEqual(loud.map((f) => `${f.code}: ${f.message}`), [], `${s.label} at ${name}:\n${out}`);
          checked++;
        }
      }
    }
    assert.deepStrictEqual([...offered].sort(), ['deploy', 'healthcheck', 'placement', 'resources', 'update_config']);
    assert.ok(checked >= 20, `${checked} expansions`);
  });

  it('the rolling update monitors each new task at least as long as the healthcheck needs to fail it', () => {
    const { text, offset } = caret(PLACES[7]![1]);
    const roll = snippetsAt(text, offset).find((s) => s.filterText === 'update_config')!;
    // 2m + 5 × (1m + 20s) = 8m40s
    assert.match(roll.insert, /failure_action: rollback/);
    assert.match(roll.insert, /monitor: \$\{\d+:8m40s\}/);
    assert.match(roll.documentation!, /2m \+ 5 × \(1m \+ 20s\) = 8m40s/);
    // Without a healthcheck in the file: the engine's default timings (3 × (30s + 30s) = 3m), and a word about it.
    const c = caret(PLACES[2]![1]);
    const r1 = snippetsAt(c.text, c.offset).find((s) => s.filterText === 'update_config')!;
    assert.match(r1.insert, /monitor: \$\{\d+:3m\}/);
    assert.match(r1.documentation!, /no healthcheck/);
  });

  it('keys newer than the file version are left out; indentation follows the file', () => {
    const { text, offset } = caret(PLACES[4]![1]);
    const roll = snippetsAt(text, offset).find((s) => s.filterText === 'update_config')!;
    assert.doesNotMatch(roll.insert, /rollback_config|order:/);
    const four = caret(PLACES[6]![1]);
    const res = snippetsAt(four.text, four.offset).find((s) => s.filterText === 'resources')!;
    assert.match(res.insert, /^resources:\n {16}limits:\n {20}cpus:/);
  });

  it('never a 0 for replicas, parallelism or retries; the healthcheck uses the CMD form', () => {
    for (const [, marked] of PLACES) {
      const { text, offset } = caret(marked);
      for (const s of snippetsAt(text, offset)) {
        assert.doesNotMatch(expandSnippet(s.insert), /(replicas|parallelism|retries): 0\b/);
        if (s.filterText === 'healthcheck') assert.match(s.insert, /test: \["CMD", /);
      }
    }
  });

  it('expandSnippet: defaults, choices, tab stops, values', () => {
    assert.strictEqual(expandSnippet('a: ${1:x}\nb: ${2|p,q|}\nc: $0'), 'a: x\nb: p\nc: ');
    assert.strictEqual(expandSnippet('a: ${1:x} ${2|p,q|}', { 1: 'y', 2: 'q' }), 'a: y q');
  });
});
