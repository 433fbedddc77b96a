// The shared corpus of real stack files: a sibling of the repository (../shared), locally and in CI.
import * as fs from 'fs';
import * as path from 'path';
import { decodeText } from '../../server/src/core';

export const REPO = path.resolve(__dirname, '../..');
export const CORPUS = path.resolve(REPO, '../shared/corpus');

export function corpusPresent(): boolean {
  return fs.existsSync(path.join(CORPUS, 'ORACLE.tsv'));
}

/** Every YAML file of a corpus folder (or any folder), as [name, text]. */
export function yamlFiles(dir: string): Array<[string, string]> {
  return fs.readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => [f, decodeText(fs.readFileSync(path.join(dir, f)))]);
}

/** Runs `check` on every real and mutant corpus file; returns how many it returned true for, of how many. */
export function corpusShare(check: (text: string, name: string) => boolean): { taken: number; total: number } {
  let taken = 0;
  let total = 0;
  for (const dir of ['real', 'mutants']) {
    for (const [name, text] of yamlFiles(path.join(CORPUS, dir))) {
      total++;
      if (check(text, name)) taken++;
    }
  }
  return { taken, total };
}
