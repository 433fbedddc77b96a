// Several `-c` files are one stack: `docker stack deploy -c a.yml -c b.yml` merges them (docker/cli
// cli/compose/loader/merge.go) before converting. Each file is still read and schema-checked on its own (each
// has its own version), but the rules that look across keys (global with replicas, references to networks,
// monitor against healthcheck…) must see the merged services, or they would report a network defined in the
// other file as undefined and miss a `mode: global` in one file with `replicas` in the other.
import { Document, isAlias, isMap, isPair, isSeq, LineCounter, Pair, YAMLMap, YAMLSeq, type Node } from 'yaml';
import type { StackDoc } from './document';
import { crossFileFamilies, perFileFamilies } from './rules';
import { applyDisableComments, applySettings, DEFAULT_SETTINGS, type Settings } from './settings';
import type { Finding } from './types';
import { validate } from './validate';

export interface FileInput {
  name: string;
  text: string;
}

export interface FileResult {
  name: string;
  findings: Finding[];
}

/**
 * List-valued service keys that docker/cli merges item by item instead of replacing (ports, volumes, secrets,
 * configs…); approximated as a union, which is what the cross-key rules need (every port, every reference).
 */
const UNION_LISTS = new Set(['ports', 'volumes', 'secrets', 'configs', 'extra_hosts', 'dns', 'dns_search', 'cap_add', 'cap_drop', 'devices', 'ulimits']);

/** Validates a set of files deployed together; findings stay in the file (and at the offset) they belong to. */
export function validateSet(files: readonly FileInput[], settings: Settings = DEFAULT_SETTINGS): FileResult[] {
  if (files.length === 1) return [{ name: files[0]!.name, findings: validate(files[0]!.text, settings).findings }];
  const perFile = files.map((f) => validate(f.text, settings, perFileFamilies));
  const results: FileResult[] = files.map((f, i) => ({ name: f.name, findings: perFile[i]!.findings }));
  // A file that does not parse has no structure to merge: then each file is judged alone.
  if (perFile.some((v) => v.doc.readFindings.some((f) => f.severity === 'error'))) {
    return files.map((f) => ({ name: f.name, findings: validate(f.text, settings).findings }));
  }

  const bases: number[] = [];
  let text = '';
  for (const f of files) {
    bases.push(text.length);
    text += f.text + '\n';
  }
  let root: YAMLMap | undefined;
  perFile.forEach((v, i) => {
    const contents = v.doc.yaml.contents as Node | null;
    if (!isMap(contents)) return;
    if (bases[i]! > 0) shift(contents, bases[i]!);
    root = root ? mergeMaps(root, contents, 0) : contents;
  });
  if (!root) return results;
  const yaml = new Document() as Document.Parsed;
  yaml.contents = root as never;
  const merged: StackDoc = { text, yaml, lines: new LineCounter(), readFindings: [] };

  const which = (offset: number) => {
    let i = bases.length - 1;
    while (i > 0 && bases[i]! > offset) i--;
    return i;
  };
  const crossFindings: Finding[][] = files.map(() => []);
  for (const family of crossFileFamilies) {
    for (const f of family.check(merged)) {
      const i = which(f.start);
      crossFindings[i]!.push({ ...f, start: f.start - bases[i]!, end: f.end - bases[i]! });
    }
  }
  return results.map((r, i) => {
    const extra = applySettings(applyDisableComments(files[i]!.text, crossFindings[i]!), settings);
    return { name: r.name, findings: [...r.findings, ...extra].sort((a, b) => a.start - b.start || a.end - b.end) };
  });
}

/** Moves every node's range by `by`, so nodes of several files can live in one concatenated text. */
function shift(node: unknown, by: number): void {
  if (isPair(node)) {
    shift(node.key, by);
    shift(node.value, by);
    return;
  }
  if (!node || typeof node !== 'object' || !('range' in node)) return;
  const n = node as Node;
  const r = n.range;
  if (r) n.range = [r[0] + by, r[1] + by, r[2] + by];
  if (isMap(n) || isSeq(n)) for (const it of n.items) shift(it, by);
  else if (isAlias(n)) return;
}

function keyOf(p: Pair): unknown {
  const k = p.key as { value?: unknown } | null;
  return k && typeof k === 'object' && 'value' in k ? k.value : k;
}

/** `b` over `a`: mappings merge key by key, union lists add up, everything else is replaced. */
function mergeMaps(a: YAMLMap, b: YAMLMap, depth: number): YAMLMap {
  const out = new YAMLMap();
  out.range = a.range;
  const index = new Map<unknown, number>();
  for (const p of a.items) {
    index.set(keyOf(p), out.items.length);
    out.items.push(p);
  }
  for (const p of b.items) {
    const k = keyOf(p);
    const at = index.get(k);
    if (at === undefined) {
      index.set(k, out.items.length);
      out.items.push(p);
      continue;
    }
    const old = out.items[at]!;
    const [av, bv] = [old.value as Node | null, p.value as Node | null];
    if (isMap(av) && isMap(bv)) {
      out.items[at] = new Pair(old.key, mergeMaps(av, bv, depth + 1));
    } else if (depth === 2 && isSeq(av) && isSeq(bv) && UNION_LISTS.has(String(k))) {
      // services.<name>.<list>: depth 0 = root, 1 = services, 2 = one service
      const seq = new YAMLSeq();
      seq.items = [...av.items, ...bv.items];
      seq.range = bv.range;
      seq.flow = bv.flow;
      out.items[at] = new Pair(p.key, seq);
    } else {
      out.items[at] = p;
    }
  }
  return out;
}
