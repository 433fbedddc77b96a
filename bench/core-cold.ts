// One cold validate() in a fresh process: `node --import tsx bench/core-cold.ts <services>`.
// Prints {"services":N,"coldMs":…,"findings":…} on stdout. bench/run.ts runs it once per size.
import { validate } from '../server/src/core';
import { generateStack } from './generate';

const services = Number(process.argv[2]);
const { text } = generateStack(services);
const t0 = performance.now();
const { findings } = validate(text);
const coldMs = performance.now() - t0;
process.stdout.write(JSON.stringify({ services, coldMs, findings: findings.length }) + '\n');
