// Hover: docs, the engine's real default, the value the engine uses here, a docs link; on healthcheck and
// update_config the time to detect a failing new task and a rollout estimate.
import * as assert from 'assert';
import { hover, parseStack } from '../../server/src/core';
import { allKeys } from '../../server/src/core/model';
import { caret, svc } from '../helpers/caret';

function md(marked: string): string {
  const { text, offset } = caret(marked);
  const h = hover(parseStack(text), offset);
  assert.ok(h, `no hover at ${JSON.stringify(marked)}`);
  assert.ok(h.start <= offset && offset <= h.end, 'the range covers the cursor');
  return h.markdown;
}

const HC = '    healthcheck:\n      test: ["CMD", "true"]\n      interval: 10s\n      timeout: 5s\n      retries: 3\n      start_period: 30s\n';

describe('core: hover', () => {
  it('update_config: effective settings, detection time and rollout estimate', () => {
    const m = md(svc(`${HC}    deploy:\n      replicas: 4\n      update_co|nfig:\n        parallelism: 2\n        delay: 10s\n        monitor: 20s\n`));
    assert.match(m, /\*\*update_config\*\*/);
    assert.match(m, /How a changed service is rolled out/);
    assert.match(m, /\| parallelism \| `2` \| `1` \|/);
    assert.match(m, /\| failure_action \| `pause` \(default\) \| `pause` \|/);
    assert.match(m, /\| monitor \| `20s` \| `5s` \|/);
    assert.match(m, /30s \+ 3 × \(10s \+ 5s\) = \*\*1m15s\*\*/);
    assert.match(m, /monitor is only 20s/);
    assert.match(m, /4 replicas ÷ parallelism 2 = 2 batches × \(≈ 10s to healthy \+ 10s delay\) \+ monitor 20s on the last ≈ \*\*50s\*\*/);
    assert.match(m, /\(https:\/\/docs\.docker\.com\/reference\/compose-file\/deploy\/#update_config\)/);
  });

  it('healthcheck: effective timings (engine defaults where unset) and the detection time', () => {
    const m = md(svc('    health|check:\n      test: ["CMD", "true"]\n      interval: 0s\n    deploy:\n      update_config:\n        monitor: 5m\n'));
    assert.match(m, /\| interval \| `30s` \| `30s` \|/, 'interval 0 means the default');
    assert.match(m, /\| retries \| `3` \(default\) \| `3` \|/);
    assert.match(m, /0s \+ 3 × \(30s \+ 30s\) = \*\*3m\*\*/);
    assert.match(m, /monitor 5m covers it/);
  });

  it('monitor and restart delay show the real engine default (5s), not the docs\' 0', () => {
    const mon = md(svc('    deploy:\n      update_config:\n        mon|itor: 0s\n'));
    assert.match(mon, /Engine default: `5s` \(docs say 0s/);
    assert.match(mon, /\*\*Here:\*\* the engine uses `5s` \(written `0s`\)/);
    const delay = md(svc('    deploy:\n      restart_policy:\n        del|ay: 2s\n'));
    assert.match(delay, /Engine default: `5s` \(docs say 0/);
    assert.match(delay, /\*\*Here:\*\* `2s`/);
  });

  it('values: an enum value is explained, a misleading one warned about', () => {
    assert.match(md(svc('    deploy:\n      update_config:\n        failure_action: roll|back\n')), /`rollback` — one of `pause`, `continue`, `rollback`/);
    assert.match(md(svc('    deploy:\n      rollback_config:\n        failure_action: roll|back\n')), /⚠️ `rollback`: a failing rollback is never rolled back/);
    assert.match(md(svc('    deploy:\n      mode: glo|bal\n')), /\*\*mode\*\*/);
  });

  it('every key of the model hovers with its docs and a link, in a file built from its path', () => {
    let n = 0;
    for (const { path, spec } of allKeys()) {
      if (spec.inSchema === false || path.includes('[]') || path.filter((p) => p === '*').length > 1) continue;
      const segs = path.map((p, i) => (p === '*' ? (i === 1 && path[0] === 'services' ? 'web' : 'x') : p));
      const text = segs.map((s, i) => `${'  '.repeat(i)}${s}:${i === segs.length - 1 ? ' |' : ''}`).join('\n').replace(/([^:\s]+):( \|)$/, (_, k: string) => `${k.slice(0, 1)}|${k.slice(1)}:`);
      const m = md(text);
      assert.ok(m.includes(spec.doc), `${path.join('.')}: ${m}`);
      assert.ok(m.includes(spec.link), path.join('.'));
      n++;
    }
    assert.ok(n > 100, `${n} keys hovered`);
  });

  it('a service name shows its rollout facts; blank lines and comments show nothing', () => {
    assert.match(md(svc(`${HC}    deploy:\n      replicas: 3\n`).replace('  web:', '  w|eb:')), /Rollout estimate:\*\* 3 replicas/);
    const { text, offset } = caret(svc('    # a comm|ent\n'));
    assert.strictEqual(hover(parseStack(text), offset), undefined);
  });
});
