// `swarm-rollout check FILE... [-c a.yml -c b.yml] [--format text|json|sarif]`: the core's diagnostics in a terminal or CI.
import * as fs from 'fs';
import * as path from 'path';
import type * as sarif from 'sarif';
import { LineCounter } from 'yaml';
import { decodeText, validate, validateSet, type Finding } from './core';

export interface FileReport {
  file: string;
  findings: Array<Finding & { line: number; column: number; endLine: number; endColumn: number }>;
  /** Set when the file could not be read at all. */
  readError?: string;
}

type Format = 'text' | 'json' | 'sarif';

const USAGE = `usage: swarm-rollout check [FILE...] [-c FILE]... [--format text|json|sarif]
  Checks Docker Swarm stack files as docker stack deploy and the engine would. Each FILE is checked on its
  own; the -c files are one stack, merged as \`docker stack deploy -c a.yml -c b.yml\` merges them.
  Exit code: 0 clean or warnings only, 1 when an error was found, 2 on bad usage.`;

function read(file: string): { text?: string; readError?: string } {
  try {
    return { text: decodeText(fs.readFileSync(file)) };
  } catch (e) {
    return { readError: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((e as Error).message) };
  }
}

function report(file: string, text: string, findings: Finding[]): FileReport {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  return {
    file,
    findings: findings.map((f) => {
      const s = lines.linePos(f.start);
      const e = lines.linePos(f.end);
      return { ...f, line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
    }),
  };
}

/** One file on its own. */
export function checkFile(file: string): FileReport {
  const { text, readError } = read(file);
  if (text === undefined) return { file, findings: [], readError };
  return report(file, text, validate(text).findings);
}

/** Files deployed together (`-c a.yml -c b.yml`): merged as docker stack deploy merges them. */
export function checkSet(files: readonly string[]): FileReport[] {
  const inputs = files.map((file) => ({ file, ...read(file) }));
  const failed = inputs.filter((i) => i.text === undefined);
  if (failed.length > 0) {
    return inputs.map((i) => (i.text === undefined ? { file: i.file, findings: [], readError: i.readError } : checkFile(i.file)));
  }
  const results = validateSet(inputs.map((i) => ({ name: i.file, text: i.text! })));
  return results.map((r, i) => report(r.name, inputs[i]!.text!, r.findings));
}

export function formatText(reports: FileReport[]): string {
  const out: string[] = [];
  let errors = 0;
  let others = 0;
  for (const r of reports) {
    if (r.readError) {
      out.push(`${r.file}: error: cannot read the file: ${r.readError}`);
      errors++;
      continue;
    }
    for (const f of r.findings) {
      out.push(`${r.file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.code}]`);
      if (f.severity === 'error') errors++;
      else others++;
    }
  }
  out.push(`${reports.length} file(s) checked: ${errors} error(s), ${others} other finding(s)`);
  return out.join('\n') + '\n';
}

const SARIF_LEVEL: Record<Finding['severity'], sarif.Result.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function formatSarif(reports: FileReport[]): sarif.Log {
  const codes = [...new Set(reports.flatMap((r) => r.findings.map((f) => f.code)))].sort();
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: { driver: { name: 'swarm-rollout', informationUri: 'https://docs.docker.com/engine/swarm/', rules: codes.map((id) => ({ id })) } },
      results: reports.flatMap((r) => r.findings.map((f): sarif.Result => ({
        ruleId: f.code,
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: r.file.split(path.sep).join('/') },
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
        }],
      }))),
    }],
  };
}

export function main(argv: string[]): number {
  const files: string[] = [];
  const stackFiles: string[] = [];
  let format: Format = 'text';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-c' || a === '--compose-file') {
      const f = argv[++i];
      if (!f) return usage(`${a} needs a file`);
      stackFiles.push(f);
    } else if (a === '--format' || a.startsWith('--format=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v !== 'text' && v !== 'json' && v !== 'sarif') return usage(`unknown format ${v ?? '(none)'}`);
      format = v;
    } else if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    } else if (a.startsWith('-')) {
      return usage(`unknown option ${a}`);
    } else {
      files.push(a);
    }
  }
  if (files.length === 0 && stackFiles.length === 0) return usage('no file to check');
  const reports = [...files.map(checkFile), ...(stackFiles.length > 0 ? checkSet(stackFiles) : [])];
  if (format === 'text') process.stdout.write(formatText(reports));
  else if (format === 'json') process.stdout.write(JSON.stringify(reports, null, 2) + '\n');
  else process.stdout.write(JSON.stringify(formatSarif(reports), null, 2) + '\n');
  const failed = reports.some((r) => r.readError || r.findings.some((f) => f.severity === 'error'));
  return failed ? 1 : 0;
}

function usage(problem: string): number {
  process.stderr.write(`swarm-rollout: ${problem}\n${USAGE}\n`);
  return 2;
}
