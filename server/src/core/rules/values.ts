// Parsers for the value formats docker/cli and the engine use: Go durations, go-units byte sizes, CPU counts,
// and YAML 1.1 scalar resolution (docker/cli reads YAML with gopkg.in/yaml.v2, where `yes` is a boolean).
import type { ScalarType } from '../model/keys';

// ---- Go time.ParseDuration ----------------------------------------------------------------------------------

const UNIT_NS: Readonly<Record<string, number>> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
/** One `<number><unit>` component; the whole string is one or more of these after an optional sign. */
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Seconds, or undefined when Go's time.ParseDuration would refuse the string. */
export function parseGoDuration(s: string): number | undefined {
  let i = 0;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    sign = s[0] === '-' ? -1 : 1;
    i = 1;
  }
  if (s.slice(i) === '0') return 0;
  if (i >= s.length) return undefined;
  let ns = 0;
  while (i < s.length) {
    DURATION_PART.lastIndex = i;
    const m = DURATION_PART.exec(s);
    if (!m) return undefined;
    ns += Number(m[1]) * UNIT_NS[m[2]!]!;
    i = DURATION_PART.lastIndex;
  }
  return (sign * ns) / 1e9;
}

/** A likely intended duration for a refused one (`5 s` → `5s`, `90` → `90s`, `1m30` → `1m30s`, `20sec` → `20s`). */
export function suggestDuration(s: string): string | undefined {
  const t = s.replace(/\s+/g, '').replace(/(\d)(secs?|seconds?)$/i, '$1s').replace(/(\d)(mins?|minutes?)$/i, '$1m')
    .replace(/(\d)(hours?|hrs?)$/i, '$1h').replace(/(\d)(S)$/, '$1s');
  if (parseGoDuration(t) !== undefined) return t;
  if (/^\d+(\.\d+)?$/.test(t)) return `${t}s`;
  if (/^([-+]?(\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+\d+$/.test(t)) {
    const last = /(ns|us|µs|μs|ms|s|m|h)(\d+)$/.exec(t);
    const next: Record<string, string> = { h: 'm', m: 's', s: 'ms', ms: 'us' };
    if (last && next[last[1]!]) return `${t}${next[last[1]!]}`;
  }
  return undefined;
}

// ---- go-units RAMInBytes --------------------------------------------------------------------------------------

const SIZE = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/;
const MULT: Readonly<Record<string, number>> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

export interface Bytes {
  bytes: number;
  /** No unit letter: the number is taken as bytes. */
  unitless: boolean;
}

/** Bytes as docker/cli's `RAMInBytes` reads them (binary units; `512M`, `1GB`, `1.5g`), or undefined. */
export function parseBytes(s: string): Bytes | undefined {
  const m = SIZE.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return undefined;
  const unit = m[2];
  return { bytes: n * (unit ? MULT[unit.toLowerCase()]! : 1), unitless: !unit };
}

// ---- CPUs (docker/cli opts.ParseCPUs: a big.Rat decimal) ------------------------------------------------------

const CPUS = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** Number of CPUs, or undefined when the CLI cannot parse it. */
export function parseCpus(s: string): number | undefined {
  const t = s.trim();
  if (CPUS.test(t)) return Number(t);
  const frac = /^(\d+)\/(\d+)$/.exec(t);
  if (frac && Number(frac[2]) !== 0) return Number(frac[1]) / Number(frac[2]);
  return undefined;
}

// ---- YAML 1.1 plain-scalar resolution as gopkg.in/yaml.v2 does it --------------------------------------------

const BOOLS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF']);
const TRUES = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const INT = /^[-+]?(0b[01]+|0x[0-9a-fA-F]+|0o?[0-7]+|0|[1-9][0-9]*)$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOAT = /^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/;

export interface Resolved {
  type: ScalarType;
  /** The number for integer/number, the boolean for boolean, the text for string. */
  value: string | number | boolean | null;
}

/**
 * Short plain scalars repeat across a file (keys, `3`, `10s`, `any`…): their resolution is shared. Resolved
 * values are never mutated, so one object per spelling serves every occurrence and the walk allocates nothing.
 */
const MEMO_MAX_LENGTH = 16;
const MEMO_MAX_SIZE = 20_000;
const memo = new Map<string, Resolved>();

/** How yaml.v2 types a plain (unquoted, untagged) scalar. Integer-valued floats count as integers (JSON schema does). */
export function resolvePlain(src: string): Resolved {
  if (src.length > MEMO_MAX_LENGTH) return resolveUncached(src);
  let r = memo.get(src);
  if (r === undefined) {
    if (memo.size >= MEMO_MAX_SIZE) memo.clear();
    r = Object.freeze(resolveUncached(src));
    memo.set(src, r);
  }
  return r;
}

function resolveUncached(src: string): Resolved {
  const c = src.charCodeAt(0);
  // Fast path for ordinary words: no null or boolean spelling is longer than 5 characters.
  if (src.length > 5 && ((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) return { type: 'string', value: src };
  if (NULLS.has(src)) return { type: 'null', value: null };
  if (BOOLS.has(src)) return { type: 'boolean', value: TRUES.has(src) };
  // Only strings starting like a number can be one; this keeps the common case (words) regex-free.
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
    const plain = src.includes('_') ? src.replace(/_/g, '') : src;
    if (INT.test(plain)) {
      const neg = plain[0] === '-';
      const body = plain[0] === '-' || plain[0] === '+' ? plain.slice(1) : plain;
      let n: number;
      if (body.startsWith('0b')) n = parseInt(body.slice(2), 2);
      else if (body.startsWith('0x')) n = parseInt(body.slice(2), 16);
      else if (body.startsWith('0o')) n = parseInt(body.slice(2), 8);
      else if (body.length > 1 && body[0] === '0') n = parseInt(body, 8);
      else n = Number(body);
      return { type: 'integer', value: neg ? -n : n };
    }
    if (FLOAT.test(plain)) {
      const n = Number(plain);
      return { type: Number.isInteger(n) ? 'integer' : 'number', value: n };
    }
    if (SPECIAL_FLOAT.test(src)) return { type: 'number', value: src.includes('nan') || src.includes('NaN') || src.includes('NAN') ? NaN : src[0] === '-' ? -Infinity : Infinity };
  }
  return { type: 'string', value: src };
}

// ---- version ------------------------------------------------------------------------------------------------

/** docker/cli schema.normalizeVersion: "" and "3" mean the newest 3.x. */
export function normalizeVersion(v: string): string | 'latest' {
  return v === '' || v === '3' ? 'latest' : v;
}
