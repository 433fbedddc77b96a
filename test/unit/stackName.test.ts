// Stack names: the default from the folder or file, and the rules of docker/cli (validateStackName) and of the
// engine (swarmkit validateAnnotations on `<stack>_<service>` and `<stack>_default`).
import { strict as assert } from 'node:assert';
import { defaultStackName, sanitizeStackName, stackNameProblem } from '../../client/src/deploy/stackName';

describe('stack name: validation as docker stack deploy and the engine apply it', () => {
  it('accepts names the CLI and the engine accept', () => {
    for (const n of ['numbers', 'my-stack', 'my_stack', 'App2', '0day', 'a', 'x-']) assert.equal(stackNameProblem(n), undefined, n);
  });

  it('refuses what the CLI refuses, with its own message', () => {
    assert.equal(stackNameProblem('  '), 'invalid stack name: "  " (docker stack deploy refuses a name of only spaces or quotes)');
    assert.match(stackNameProblem(`"'`)!, /^invalid stack name: "\\"'"/);
    assert.equal(stackNameProblem(''), 'Enter a stack name.');
  });

  it('refuses a space (the CLI would create nothing valid: "my stack_default" is not a DNS name)', () => {
    assert.match(stackNameProblem('my stack')!, /cannot contain a space/);
    assert.match(stackNameProblem('my\tstack')!, /cannot contain whitespace/);
  });

  it('refuses shell and flag characters before anything runs', () => {
    assert.match(stackNameProblem('-rf')!, /must start with a letter or a digit/);
    assert.match(stackNameProblem('$(touch x)')!, /cannot contain a space/);
    assert.match(stackNameProblem('$(touch)')!, /must start with a letter or a digit/);
    assert.match(stackNameProblem('a`id`')!, /not "`"/);
    assert.match(stackNameProblem('a;b')!, /not ";"/);
    assert.match(stackNameProblem('a.b')!, /not "\."/);
    assert.match(stackNameProblem('ü')!, /must start/);
  });

  it('checks the 63-character limit on <stack>_<service> and <stack>_default', () => {
    assert.equal(stackNameProblem('a'.repeat(55)), undefined);
    assert.match(stackNameProblem('a'.repeat(56), ['a-long-service'])!, /service "a{56}_a-long-service" would be 71 characters; the engine allows 63/);
    assert.match(stackNameProblem('a'.repeat(62))!, /network "a{62}_default" would be 70 characters/);
  });

  it('checks the full service name as a DNS name component', () => {
    assert.match(stackNameProblem('s', ['bad.name'])!, /"s_bad.name" would not be a valid DNS name component/);
  });
});

describe('stack name: the default', () => {
  it('comes from the folder', () => {
    assert.equal(defaultStackName('/work/examples/numbers/stack-v1.yml'), 'numbers');
    assert.equal(defaultStackName('/home/me/My Project/docker-compose.yml'), 'my-project');
  });

  it('falls back to the file name when the folder gives nothing', () => {
    assert.equal(defaultStackName('/monitoring.stack.yml'), 'monitoring');
    assert.equal(defaultStackName('/docker-stack-web.yml'), 'web');
    assert.equal(defaultStackName('/docker-compose.yml'), 'stack');
    assert.equal(defaultStackName('/___/docker-stack.yml'), 'stack');
  });

  it('is always a valid name', () => {
    for (const f of ['/a/ÉTÉ 2024/x.yml', '/a/-/x.yml', `/a/${'x'.repeat(80)}/s.yml`, '/a/$(touch x)/stack.yml']) {
      const n = defaultStackName(f);
      assert.equal(stackNameProblem(n), undefined, `${f} → ${n}`);
    }
    assert.equal(sanitizeStackName('ÉTÉ 2024'), 'ete-2024');
    assert.equal(sanitizeStackName('$(touch x)'), 'touch-x');
  });
});
