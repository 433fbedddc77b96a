// The one entry point every consumer calls: the LSP server, the CLI, the tests and the benchmarks.
import type { Document, Pair, YAMLMap } from 'yaml';
import { MAX_TEXT_LENGTH, looksBinary, parseStack, type StackDoc } from './document';
import { fastParseServices, newMapping, newPair, type LazyService, type ServiceChunks } from './fastParse';
import { RULE_FAMILIES } from './rules';
import type { RuleFamily } from './rules/rule';
import { applyDisableComments, applySettings, DEFAULT_SETTINGS, type Settings } from './settings';
import type { Finding } from './types';
import type { AnchorTable } from './anchors';

export interface Validation {
  /** The parsed document (for a text checked service by service, parsed on first access). */
  readonly doc: StackDoc;
  findings: Finding[];
}

/** Below this many services a file is checked whole: splitting it would save nothing. */
export const CHUNK_MIN_SERVICES = 64;

export interface ValidateOptions {
  /** Services from which a text is checked one service at a time (tests lower it to compare both ways). */
  chunkMinServices?: number;
  /** Findings of the services checked last time, for checking the next version of the same document. */
  cache?: ServiceCache;
}

/**
 * What a check of one document learnt about each service, for the next check of that document: an edit
 * usually changes one service, and the others' findings are the same as long as their text and the rest of
 * the file (version, networks, secrets… everything outside the services) are. The language server keeps one
 * per open document; one-off checks (the CLI, the benchmark's core number) use none.
 */
export class ServiceCache {
  /** The file's lines outside its services, and the families that ran: when either differs, nothing is reused. */
  private context: string | undefined;
  private families: readonly RuleFamily[] | undefined;
  /** Service text (from its key to its last line) → its findings with offsets from the key; null: not reusable. */
  private byText = new Map<string, Finding[] | null>();
  private next = new Map<string, Finding[] | null>();
  hits = 0;

  begin(context: string, families: readonly RuleFamily[]): void {
    if (context !== this.context || families !== this.families) this.byText.clear();
    this.context = context;
    this.families = families;
    this.next = new Map();
    this.hits = 0;
  }

  /** The findings of a service whose text was checked last time, placed at `at`; undefined when not known. */
  take(serviceText: string, at: number): Finding[] | undefined {
    const known = this.byText.get(serviceText);
    if (!known) return undefined;
    this.next.set(serviceText, known);
    this.hits++;
    return known.map((f) => ({ ...f, start: f.start + at, end: f.end + at }));
  }

  /** Remembers a service's findings; a finding outside the service (`at`…`end`) makes them not reusable. */
  put(serviceText: string, at: number, end: number, findings: readonly Finding[]): void {
    const inside = findings.every((f) => f.start >= at && f.end <= end);
    this.next.set(serviceText, inside ? findings.map((f) => ({ ...f, start: f.start - at, end: f.end - at })) : null);
  }

  /** Only the services of this version are kept: the cache never outgrows one file. */
  end(): void {
    this.byText = this.next;
    this.next = new Map();
  }
}

/** Checks a text, or a document parsed already (the language server shares one parse per version). */
export function validate(input: string | StackDoc, settings: Settings = DEFAULT_SETTINGS, families: readonly RuleFamily[] = RULE_FAMILIES,
  options: ValidateOptions = {}): Validation {
  if (typeof input === 'string') {
    const chunked = validateByService(input, families, options.chunkMinServices ?? CHUNK_MIN_SERVICES, options.cache);
    if (chunked) return finish(input, chunked, settings, () => parseStack(input));
  }
  const doc = typeof input === 'string' ? parseStack(input) : input;
  let findings = [...doc.readFindings];
  // A document with syntax errors has no reliable structure: further rules would only add guesses.
  if (!findings.some((f) => f.severity === 'error')) {
    for (const family of families) findings.push(...family.check(doc));
  }
  return finish(doc.text, findings, settings, () => doc);
}

function finish(text: string, raw: Finding[], settings: Settings, doc: () => StackDoc): Validation {
  const findings = applySettings(applyDisableComments(text, raw), settings);
  findings.sort((a, b) => a.start - b.start || a.end - b.end);
  let parsed: StackDoc | undefined;
  return {
    findings,
    get doc() {
      return (parsed ??= doc());
    },
  };
}

/**
 * A big file checked one service at a time: each chunk is a small document with every top-level key and one
 * service (the first chunk also takes the services written inline), so every family runs unchanged on it, and
 * each service's tree is garbage as soon as its chunk is checked. Findings inside a chunk's own service are
 * its own; the rest (top level, networks, inline services) come out of several chunks alike and are kept once.
 * undefined: the file is small, or the fast YAML path cannot read it; the caller checks it whole.
 */
function validateByService(text: string, families: readonly RuleFamily[], minServices: number, cache?: ServiceCache): Finding[] | undefined {
  // parseStack refuses these before any parsing; the whole path reports them
  if (text.length > MAX_TEXT_LENGTH || text.length < minServices * 16 || looksBinary(text)) return undefined;
  const chunks = fastParseServices(text);
  if (!chunks || chunks.services.length < minServices || chunks.servicesIndex < 0) return undefined;
  const findings: Finding[] = [];
  const shared = new Set<string>();
  const servicesPair = chunks.root.items[chunks.servicesIndex] as Pair<unknown, YAMLMap.Parsed>;
  // The first chunk also carries the services written inline (`web: {image: x}`, `web:`): they have no chunk of their own.
  const first = chunks.services[0]!.pair;
  const firstItems = (servicesPair.value!.items as Pair[]).filter((p) => p === first || p.value !== null);
  // The services mapping spans every service; the first chunk (with the inline services) is never reused.
  // Comments and blank lines around the services change no finding: only lines with structure are compared.
  const region = servicesPair.value!.range;
  if (cache) cache.begin(chunks.linesOutside(region[0], region[1]), families);
  for (let k = 0; k < chunks.services.length; k++) {
    const s = chunks.services[k]!;
    const own = s.pair.key.range[0];
    const serviceText = cache && k > 0 ? text.slice(own, s.end) : undefined;
    const known = serviceText !== undefined ? cache!.take(serviceText, own) : undefined;
    if (known) {
      for (const f of known) findings.push(f);
      continue;
    }
    const doc = chunkDoc(text, chunks, servicesPair, k === 0 ? firstItems : [s.pair], s);
    if (!doc) return undefined;
    const mine: Finding[] = [];
    for (const family of families) {
      for (const f of family.check(doc)) {
        mine.push(f);
        if (f.start >= own && f.start < s.end) findings.push(f);
        else {
          const id = `${f.code}\u0000${f.start}\u0000${f.end}\u0000${f.message}`;
          if (!shared.has(id)) {
            shared.add(id);
            findings.push(f);
          }
        }
      }
    }
    if (serviceText !== undefined) cache!.put(serviceText, own, s.end, mine);
  }
  cache?.end();
  return findings;
}

/** A document of the top level whose services mapping holds `pairs`, the lazy `service` among them parsed now. */
function chunkDoc(text: string, chunks: ServiceChunks, servicesPair: Pair<unknown, YAMLMap.Parsed>, pairs: Pair[], service: LazyService): StackDoc | undefined {
  const node = chunks.parse(service);
  if (!node) return undefined;
  const all = servicesPair.value!;
  const items = pairs.map((p) => (p === service.pair ? newPair(p.key as never, node) : p));
  const rootItems = [...chunks.root.items] as Pair[];
  rootItems[chunks.servicesIndex] = newPair(servicesPair.key as never, newMapping(items, all.range));
  const yaml = { contents: newMapping(rootItems, chunks.root.range) } as unknown as Document.Parsed;
  return new ChunkDoc(text, yaml, chunks.anchors);
}

/**
 * A chunk as a StackDoc. A class, not an object literal with a getter: a literal with an accessor costs a new
 * closure per chunk and, measured, made every garbage collection of the loop copy most of the young generation.
 */
class ChunkDoc implements StackDoc {
  readonly readFindings: Finding[] = [];
  view: unknown = undefined;
  /** The top level's anchors, shared by every chunk: a service has none of its own (the fast path refuses those). */
  constructor(readonly text: string, readonly yaml: Document.Parsed, public anchors: AnchorTable) {}
  get lines(): never {
    throw new Error('a chunk has no line table: use the whole document');
  }
}
