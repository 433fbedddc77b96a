// Types of the one knowledge table: every stack-file key docker/cli's v3 loader knows (and the compose keys it
// refuses), with its accepted shapes, allowed values, the default the engine applies, docs and swarm support.
// Pure data and tiny helpers; validation, completion, hover and quick fixes all read these entries.

/** A YAML scalar as docker/cli sees it after yaml.v2 (YAML 1.1) resolution. */
export type ScalarType = 'string' | 'integer' | 'number' | 'boolean' | 'null';

/** String formats checked beyond the JSON type. */
export type Format =
  | 'duration' // Go time.ParseDuration: `1m30s`, `500ms`, `0`
  | 'bytes' // go-units RAMInBytes: `512M`, `1GB`, `1.5g`; bare digits are bytes
  | 'cpus' // decimal number of CPUs as a string: `'0.5'`
  | 'hc-test'; // healthcheck test: `CMD`/`CMD-SHELL`/`NONE` list, or a shell string

/** How `docker stack deploy` treats a key (docker/cli cli/compose/types/types.go and the v3 schema). */
export type TriageKind =
  | 'supported'
  | 'ignored' // UnsupportedProperties: "Ignoring unsupported options: …" and nothing happens
  | 'deprecated' // DeprecatedProperties: "Ignoring deprecated options: …"
  | 'forbidden' // ForbiddenProperties: the loader refuses the whole file
  | 'compose-only' // a Compose Specification key the v3 schema does not have: refused
  | 'unused'; // accepted without a word, then never converted into the service spec

export interface Triage {
  kind: TriageKind;
  /** What to do instead, in our words; shown in the diagnostic and used by quick fixes. */
  fix: string;
  /** Where the setting lives in a stack file instead (a key path below the service), for the move quick fix. */
  moveTo?: readonly string[];
  /** How the value reads at `moveTo` (Compose `restart: always` → `condition: any`); unlisted values move as written. */
  moveValues?: Readonly<Record<string, string>>;
}

/** Who refuses a value outside an enum: decides the severity (runtime = nobody refuses, it just misbehaves). */
export type RefusedBy = 'schema' | 'deploy' | 'engine' | 'runtime';

export interface EnumSpec {
  values: readonly string[];
  refusedBy: RefusedBy;
  /** Values somebody accepts that behave wrongly: a warning with this explanation. */
  misleading?: Readonly<Record<string, string>>;
  /** `endpoint_mode` is lower-cased by docker/cli before use. */
  caseInsensitive?: boolean;
  /** The empty string is accepted and means the default. */
  allowEmpty?: boolean;
}

export interface ValueSpec {
  /** Scalar types accepted (the JSON-schema `type`, read through YAML 1.1). */
  scalars?: readonly ScalarType[];
  /** Older schemas accepted more scalar types: below version 3.`before`, these are accepted too. */
  legacyScalars?: { before: number; scalars: readonly ScalarType[] };
  format?: Format;
  enum?: EnumSpec;
  /** Inclusive numeric range the CLI or engine enforces (for durations: in seconds). */
  min?: number;
  max?: number;
  /** The engine refuses a non-zero value below this (bytes for memory, CPUs for cpus, seconds for durations). */
  engineMin?: number;
  /** Sequence form: the item spec. */
  list?: ValueSpec;
  /** The schema's `uniqueItems`. */
  unique?: boolean;
  mapping?: MappingSpec;
  /** Shapes Compose accepts but the v3 schema refuses, with the fix. */
  composeOnly?: { mapping?: string; list?: string; listOfMappings?: string };
  /** Shapes the schema accepts but `docker stack deploy` never uses, with the fix. */
  unused?: { scalar?: string; list?: string };
}

export interface MappingSpec {
  /** Named keys; includes forbidden and compose-only keys (with `inSchema: false`) so they get precise messages. */
  keys?: Readonly<Record<string, KeySpec>>;
  /** patternProperties: user-named entries (services, networks, labels…). */
  entries?: { pattern?: RegExp; value: ValueSpec; what: string };
  /** `x-` keys are allowed here from this 3.x minor version on (undefined: never). */
  extensionsSince?: number;
  /** The schema's `additionalProperties: false`. */
  closed: boolean;
  /** Human name of this mapping for messages, e.g. `deploy`, `update_config`. */
  label: string;
}

export interface KeySpec {
  name: string;
  /** One or two sentences in our own words. */
  doc: string;
  /** Docker's documentation for the key. */
  link: string;
  /** The 3.x minor version whose schema first has the key (0 for 3.0). */
  since: number;
  value: ValueSpec;
  /** The default the engine really applies when the key is omitted (knowledge file §5b), if any. */
  engineDefault?: string;
  /** Support by `docker stack deploy`; omitted means supported. */
  triage?: Triage;
  /** False for keys the v3 schema does not have (forbidden / compose-only entries kept for their messages). */
  inSchema?: boolean;
  /** Present in newer schemas only up to this minor (exclusive), e.g. removed keys. */
  until?: number;
  /** One of the keys most files set here: completion lists it first. */
  common?: boolean;
}

/** Newest v3 schema minor version docker/cli ships (config_schema_v3.14.json). */
export const LATEST_MINOR = 14;
/** The minor version docker/cli 28 used for a version-less file (schema.go defaultVersion). */
export const SUPPORTED_VERSIONS: readonly string[] = Array.from({ length: LATEST_MINOR + 1 }, (_, i) => `3.${i}`);

export const DOCS = {
  services: 'https://docs.docker.com/reference/compose-file/services/',
  deploy: 'https://docs.docker.com/reference/compose-file/deploy/',
  networks: 'https://docs.docker.com/reference/compose-file/networks/',
  volumes: 'https://docs.docker.com/reference/compose-file/volumes/',
  secrets: 'https://docs.docker.com/reference/compose-file/secrets/',
  configs: 'https://docs.docker.com/reference/compose-file/configs/',
  extensions: 'https://docs.docker.com/reference/compose-file/extension/',
  legacy: 'https://docs.docker.com/reference/compose-file/legacy-versions/',
  version: 'https://docs.docker.com/reference/compose-file/version-and-name/',
  stackDeploy: 'https://docs.docker.com/reference/cli/docker/stack/deploy/',
} as const;

// ---- helpers for repeated shapes ----------------------------------------------------------------------------

interface KeyOpts {
  since?: number;
  engineDefault?: string;
  triage?: Triage;
  inSchema?: boolean;
  link?: string;
  common?: boolean;
}

/** Builds a table from entries, keyed by name. */
export function table(...entries: KeySpec[]): Readonly<Record<string, KeySpec>> {
  const out: Record<string, KeySpec> = Object.create(null);
  for (const e of entries) out[e.name] = e;
  return out;
}

/** A key entry: `key(name, value, doc, link, opts)`. */
export function key(name: string, value: ValueSpec, doc: string, link: string, opts: KeyOpts = {}): KeySpec {
  const anchor = link.includes('#') ? link : `${link}#${name}`;
  const spec: KeySpec = { name, doc, link: anchor, since: opts.since ?? 0, value };
  if (opts.engineDefault !== undefined) spec.engineDefault = opts.engineDefault;
  if (opts.triage) spec.triage = opts.triage;
  if (opts.inSchema === false) spec.inSchema = false;
  if (opts.common) spec.common = true;
  return spec;
}

/** A key the v3 schema does not have, kept so the diagnostic can name the fix. */
export function refused(name: string, kind: 'forbidden' | 'compose-only', fix: string, doc: string, link: string, moveTo?: string): KeySpec {
  const triage: Triage = moveTo ? { kind, fix, moveTo: moveTo.split('.') } : { kind, fix };
  return { name, doc, link: link.includes('#') ? link : `${link}#${name}`, since: 0, value: {}, triage, inSchema: false };
}

export const STRING: ValueSpec = { scalars: ['string'] };
export const BOOLEAN: ValueSpec = { scalars: ['boolean'] };
export const INTEGER: ValueSpec = { scalars: ['integer'] };
export const UINT: ValueSpec = { scalars: ['integer'], min: 0 };
export const NUMBER: ValueSpec = { scalars: ['number'] };
export const DURATION: ValueSpec = { scalars: ['string'], format: 'duration', min: 0 };
export const LIST_OF_STRINGS: ValueSpec = { list: STRING, unique: true };
export const STRING_OR_LIST: ValueSpec = { scalars: ['string'], list: STRING, unique: true };
export const STRING_OR_STRING_LIST: ValueSpec = { scalars: ['string'], list: STRING };
/** `list_or_dict`: `KEY=value` strings, or a mapping whose values are strings, numbers or null (not booleans). */
export const LIST_OR_DICT: ValueSpec = {
  list: STRING,
  unique: true,
  mapping: { closed: false, label: 'mapping', entries: { pattern: /.+/, value: { scalars: ['string', 'number', 'null'] }, what: 'entry' } },
};
/** driver_opts: values are strings or numbers. */
export const DRIVER_OPTS: ValueSpec = {
  mapping: { closed: false, label: 'driver_opts', entries: { pattern: /^.+$/, value: { scalars: ['string', 'number'] }, what: 'option' } },
};
/** `external: true` or the old `external: {name: …}` form. */
export function external(closed: boolean, link: string): ValueSpec {
  return {
    scalars: ['boolean'],
    mapping: {
      closed,
      label: 'external',
      keys: table(key('name', STRING, 'Old way to name the existing object; use the top-level `name` key instead (3.5+).', link)),
    },
  };
}

/** Parses "3.7" → 7 for `since` comparisons; undefined when not a 3.x version. */
export function minorOf(version: string): number | undefined {
  const m = /^3\.(\d{1,2})$/.exec(version);
  return m ? Number(m[1]) : undefined;
}
