// One cold validate() in a fresh process: `node --import tsx bench/core-cold.ts <services>`, on the core bundle
// bench/run.ts built (bench/core.ts). Prints {"services":N,"coldMs":…,"findings":…} on stdout; run once per size.
import { loadCore } from './core';
import { generateStack } from './generate';

const { validate } = loadCore(false);
const services = Number(process.argv[2]);
const { text } = generateStack(services);
const t0 = performance.now();
const { findings } = validate(text);
const coldMs = performance.now() - t0;
process.stdout.write(JSON.stringify({ services, coldMs, findings: findings.length }) + '\n');
