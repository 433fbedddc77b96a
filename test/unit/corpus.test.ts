// Agreement with the real tools: `docker stack config` (CLI 28.2.2) verdicts on real stack files, and the
// diagnostic each mutant's lsp_expectation asks for, on its line.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { validate, type Finding } from '../../server/src/core';
import { requirePrereq } from '../helpers/prereq';
import { ENGINE_REFUSALS } from './cli-oracle.test';

/** The repo is /work/main locally and a CI checkout elsewhere; the corpus is always the sibling ../shared. */
const REPO = path.resolve(__dirname, '../..');
const CORPUS = path.resolve(REPO, '../shared/corpus');

/**
 * Mutant classes that belong to the cross-key, reference and interpolation families (another rule file);
 * listed explicitly so nothing is skipped silently. Remove an entry when its family lands.
 */
const pendingCrossKey = new Set<string>([]);

/** Reads a file as the CLI does: UTF-8, or UTF-16 with a BOM (one corpus file is UTF-16LE with CRLF). */
function readText(file: string): string {
  const b = fs.readFileSync(file);
  if (b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString('utf16le');
  if (b[0] === 0xfe && b[1] === 0xff) {
    const swapped = Buffer.from(b.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
  return b.toString('utf8');
}

function tsv(file: string): Array<Record<string, string>> {
  const [head, ...rows] = readText(file).trim().split(/\r?\n/);
  const cols = head!.split('\t');
  return rows.map((r) => {
    const cells = r.split('\t');
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}

function describeFinding(text: string, f: Finding): string {
  const line = text.slice(0, f.start).split('\n').length;
  return `L${line} ${f.severity} ${f.code}: ${f.message}`;
}

describe('core: agreement with docker stack config on the corpus', function () {
  before(function () {
    requirePrereq(this, fs.existsSync(path.join(CORPUS, 'ORACLE.tsv')), `no corpus at ${CORPUS}`);
  });

  it('every accepted real file gets no Error, every rejected one at least one', function () {
    const oracle = tsv(path.join(CORPUS, 'ORACLE.tsv'));
    assert.ok(oracle.length >= 50, `only ${oracle.length} oracle rows`);
    const problems: string[] = [];
    let accepted = 0;
    let rejected = 0;
    for (const row of oracle) {
      const text = readText(path.join(CORPUS, 'real', row.file!));
      // Codes documented as engine refusals (deploy fails though `docker stack config` accepts): see cli-oracle.test.ts.
      const errors = validate(text).findings.filter((f) => f.severity === 'error' && !(f.code in ENGINE_REFUSALS));
      if (row.accepted === '1') {
        accepted++;
        if (errors.length > 0) problems.push(`${row.file}: accepted by the CLI but got ${errors.map((f) => describeFinding(text, f)).join(' | ')}`);
      } else {
        rejected++;
        if (errors.length === 0) problems.push(`${row.file}: rejected by the CLI ("${row.first_error}") but got no Error`);
      }
    }
    console.log(`      real files: ${accepted} accepted, ${rejected} rejected`);
    assert.deepStrictEqual(problems, []);
  });

  it('every mutant gets the diagnostic its lsp_expectation asks for, on its line', function () {
    const rows = tsv(path.join(CORPUS, 'mutants', 'EXPECTED.tsv'));
    const problems: string[] = [];
    const pending: string[] = [];
    let matched = 0;
    for (const row of rows) {
      const text = readText(path.join(CORPUS, 'mutants', row.file!));
      const findings = validate(text).findings;
      const line = Number(row.line);
      const onLine = findings.filter((f) => text.slice(0, f.start).split('\n').length === line);
      const exp = row.lsp_expectation!;
      let ok: boolean;
      if (exp.startsWith('error (matches CLI)')) ok = onLine.some((f) => f.severity === 'error');
      else if (exp.startsWith('no diagnostic')) ok = !findings.some((f) => f.severity === 'error' || f.severity === 'warning');
      else ok = onLine.some((f) => f.severity === 'error' || f.severity === 'warning');
      if (ok) {
        matched++;
        continue;
      }
      if (pendingCrossKey.has(row.mistake_class!)) {
        pending.push(`${row.file} (${row.mistake_class})`);
        continue;
      }
      problems.push(`${row.file} L${line} ${row.mistake_class}: expected "${exp}", got ${JSON.stringify(findings.map((f) => describeFinding(text, f)))}`);
    }
    console.log(`      mutants: ${matched}/${rows.length} matched; ${pending.length} pending other rule families: ${pending.join(', ')}`);
    assert.deepStrictEqual(problems, []);
    // A pending class that starts matching should leave the pending list.
    for (const cls of pendingCrossKey) {
      assert.ok(rows.some((r) => r.mistake_class === cls), `pendingCrossKey has unknown class ${cls}`);
    }
  });
});
