// Outline and folding: sections, services with mode × replicas as the swarm runs them, named objects; a fold per block.
import * as assert from 'assert';
import { documentSymbols, foldingRanges, parseStack } from '../../server/src/core';

const STACK = [
  'version: "3.8"', //                 0
  '# shared settings', //              1
  '# for every service', //            2
  'x-defaults: &defaults', //          3
  '  deploy:', //                      4
  '    replicas: 2', //                5
  'services:', //                      6
  '  web:', //                         7
  '    image: nginx:1.27', //          8
  '    deploy:', //                    9
  '      replicas: 3', //              10
  '      update_config:', //           11
  '        parallelism: 1', //         12
  '  agent:', //                       13
  '    image: busybox', //             14
  '    deploy:', //                    15
  '      mode: global', //             16
  '  api:', //                         17
  '    <<: *defaults', //              18
  '    image: api', //                 19
  '    command:', //                   20
  '      - serve', //                  21
  '      - --port=80', //              22
  '  worker:', //                      23
  '    image: worker', //              24
  '    deploy:', //                    25
  '      replicas: ${WORKERS:-2}', //  26
  '  job:', //                         27
  '    image: job', //                 28
  '    deploy: {mode: replicated-job}', // 29
  'networks:', //                      30
  '  front:', //                       31
  '  back:', //                        32
  '    driver: overlay', //            33
  'secrets:', //                       34
  '  db_password:', //                 35
  '    external: true', //             36
  '',
].join('\n');

describe('core: document symbols and folding', () => {
  it('lists sections, services with mode and replicas, and named objects', () => {
    const syms = documentSymbols(parseStack(STACK));
    assert.deepStrictEqual(syms.map((s) => [s.name, s.kind]), [
      ['version', 'constant'], ['x-defaults', 'variable'], ['services', 'namespace'], ['networks', 'namespace'], ['secrets', 'namespace'],
    ]);
    const services = syms.find((s) => s.name === 'services')!;
    assert.deepStrictEqual(services.children.map((s) => [s.name, s.detail]), [
      ['web', 'replicated × 3'],
      ['agent', 'global'],
      ['api', 'replicated × 2'], // from the << merge
      ['worker', 'replicated × ${WORKERS:-2}'],
      ['job', 'replicated-job × 1'],
    ]);
    assert.deepStrictEqual(services.children[0]!.children.map((c) => c.name), ['image', 'deploy']);
    assert.deepStrictEqual(syms.find((s) => s.name === 'networks')!.children.map((s) => s.name), ['front', 'back']);
    assert.deepStrictEqual(syms.find((s) => s.name === 'secrets')!.children.map((s) => s.name), ['db_password']);
    for (const s of [...syms, ...services.children]) {
      assert.ok(s.start <= s.selectionStart && s.selectionEnd <= s.end, `${s.name}: selection inside range`);
      assert.strictEqual(STACK.slice(s.selectionStart, s.selectionEnd), s.name);
    }
    const web = services.children[0]!;
    assert.ok(STACK.slice(web.start, web.end).endsWith('parallelism: 1'));
  });

  it('folds every block, list and comment run', () => {
    const folds = foldingRanges(parseStack(STACK)).map((f) => `${f.startLine}-${f.endLine}${f.kind ? ` ${f.kind}` : ''}`);
    for (const want of ['1-2 comment', '3-5', '4-5', '6-29', '7-12', '9-12', '11-12', '13-16', '15-16', '17-22', '20-22', '23-26', '30-33', '32-33', '34-36', '35-36']) {
      assert.ok(folds.includes(want), `missing fold ${want} in ${folds.join(', ')}`);
    }
    assert.strictEqual(new Set(folds.map((f) => f.split('-')[0])).size, folds.length, 'one fold per start line');
  });

  it('returns nothing for a document that is not a mapping', () => {
    assert.deepStrictEqual(documentSymbols(parseStack('- a\n- b\n')), []);
    assert.deepStrictEqual(documentSymbols(parseStack('')), []);
  });
});
