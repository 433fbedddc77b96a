// Deterministic generator of a large, valid Swarm stack file: the shape the peers were measured on
// (N services, each with deploy: mode, replicas, restart_policy, update_config, resources, and a healthcheck).
// 2,000 services = 42,005 lines / ~827 KiB. Used by bench/run.ts; usable by tests (no I/O, no randomness).

/** Lines per service block, and lines outside the service blocks (2 at the top, 3 at the bottom). */
export const LINES_PER_SERVICE = 21;
export const HEADER_LINES = 2;
export const FOOTER_LINES = 3;

/** 0-based line offsets inside one service block (line 0 is `  svc1:`). */
export const SERVICE_LINE = {
  name: 0,
  image: 1,
  deploy: 2,
  mode: 3,
  replicas: 4,
  restartPolicy: 5,
  updateConfig: 8,
  resources: 12,
  healthcheck: 16,
} as const;

const CONDITIONS = ['on-failure', 'any', 'on-failure', 'none'];
const ORDERS = ['start-first', 'stop-first'];
const CPUS = ['0.25', '0.50', '1.0'];
const MEMORY = ['128M', '256M', '512M'];

export function serviceName(i: number): string {
  return `svc${i + 1}`;
}

/** The 21 lines of service `i` (0-based). Every value depends only on `i`. */
export function serviceLines(i: number): string[] {
  const name = serviceName(i);
  return [
    `  ${name}:`,
    `    image: nginx:1.${25 + (i % 3)}`,
    `    deploy:`,
    `      mode: replicated`,
    `      replicas: ${1 + (i % 5)}`,
    `      restart_policy:`,
    `        condition: ${CONDITIONS[i % CONDITIONS.length]}`,
    `        max_attempts: ${3 + (i % 3)}`,
    `      update_config:`,
    `        parallelism: ${1 + (i % 2)}`,
    `        delay: ${10 + (i % 4) * 5}s`,
    `        order: ${ORDERS[i % ORDERS.length]}`,
    `      resources:`,
    `        limits:`,
    `          cpus: "${CPUS[i % CPUS.length]}"`,
    `          memory: ${MEMORY[i % MEMORY.length]}`,
    `    healthcheck:`,
    `      test: ["CMD", "curl", "-f", "http://localhost/"]`,
    `      interval: ${10 + (i % 3) * 10}s`,
    `      timeout: ${3 + (i % 3)}s`,
    `      retries: ${2 + (i % 3)}`,
  ];
}

export interface GeneratedStack {
  services: number;
  text: string;
  lines: number;
  bytes: number;
}

/** A stack file with `services` services (version "3.8", one overlay network). LF line endings, trailing newline. */
export function generateStack(services: number): GeneratedStack {
  if (!Number.isInteger(services) || services < 1) throw new RangeError(`services must be a positive integer, got ${services}`);
  const out: string[] = ['version: "3.8"', 'services:'];
  for (let i = 0; i < services; i++) out.push(...serviceLines(i));
  out.push('networks:', '  default:', '    driver: overlay');
  const text = out.join('\n') + '\n';
  return { services, text, lines: out.length, bytes: Buffer.byteLength(text, 'utf8') };
}

/** 0-based line of `SERVICE_LINE[key]` in service `i` of a generated stack (before any edit). */
export function lineOf(i: number, key: keyof typeof SERVICE_LINE): number {
  return HEADER_LINES + i * LINES_PER_SERVICE + SERVICE_LINE[key];
}

/** The service in the middle of the file: where the edit, the completion and the hover happen. */
export function middleService(services: number): number {
  return Math.floor(services / 2);
}

/**
 * The same stack written the way many real files are (8 of the corpus's 62): a top-level `x-defaults: &defaults`
 * anchor that every service merges with `<<: *defaults`. Only for the core's numbers (the line helpers above do
 * not apply to it).
 */
export function withMergedDefaults(stack: GeneratedStack): GeneratedStack & { label: string } {
  const text = stack.text
    .replace('services:\n', 'x-defaults: &defaults\n  logging:\n    options:\n      max-size: "1m"\nservices:\n')
    .replace(/\n {2}(svc\d+):\n/g, '\n  $1:\n    <<: *defaults\n');
  return { ...stack, text, lines: text.split('\n').length - 1, bytes: Buffer.byteLength(text, 'utf8'), label: `${stack.services} svc, each \`<<: *defaults\`` };
}
