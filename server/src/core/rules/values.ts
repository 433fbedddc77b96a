// Parsers for the value formats docker/cli and the engine use: Go durations, go-units byte sizes, CPU counts,
// and YAML 1.1 scalar resolution (docker/cli reads YAML with gopkg.in/yaml.v2, where `yes` is a boolean).
import type { ScalarType } from '../model/keys';

// ---- Go time.ParseDuration ----------------------------------------------------------------------------------

/** Seconds, or undefined when Go's time.ParseDuration would refuse the string. A scanner, not a regex: no match arrays. */
export function parseGoDuration(s: string): number | undefined {
  let i = 0;
  let sign = 1;
  const c0 = s.charCodeAt(0);
  if (c0 === 45 /* - */ || c0 === 43 /* + */) {
    sign = c0 === 45 ? -1 : 1;
    i = 1;
  }
  if (s.length === i + 1 && s.charCodeAt(i) === 48 /* 0 */) return 0;
  if (i >= s.length) return undefined;
  let ns = 0;
  while (i < s.length) {
    // <digits>[.<digits>] or .<digits>
    const numStart = i;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    const intDigits = i - numStart;
    let fracDigits = 0;
    if (s.charCodeAt(i) === 46 /* . */) {
      i++;
      const f = i;
      while (i < s.length && isDigit(s.charCodeAt(i))) i++;
      fracDigits = i - f;
    }
    if (intDigits === 0 && fracDigits === 0) return undefined;
    const n = Number(s.slice(numStart, i));
    // the unit: the longest of ns, us, µs, μs (U+00B5, U+03BC: Go takes both), ms, s, m, h that matches here
    const c = s.charCodeAt(i);
    const d = s.charCodeAt(i + 1);
    let unit: number;
    if ((c === 110 /* n */ || c === 117 /* u */ || c === 0xb5 || c === 0x3bc || c === 109 /* m */) && d === 115 /* s */) {
      unit = c === 110 ? 1 : c === 109 ? 1e6 : 1e3;
      i += 2;
    } else if (c === 115 /* s */) { unit = 1e9; i++; }
    else if (c === 109 /* m */) { unit = 60e9; i++; }
    else if (c === 104 /* h */) { unit = 3600e9; i++; }
    else return undefined;
    ns += n * unit;
  }
  return (sign * ns) / 1e9;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

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

/** Binary multipliers of go-units' unit letters. */
const MULT: Readonly<Record<string, number>> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

export interface Bytes {
  bytes: number;
  /** No unit letter: the number is taken as bytes. */
  unitless: boolean;
}

/**
 * Bytes as docker/cli's `RAMInBytes` reads them (binary units; `512M`, `1GB`, `1.5g`), or undefined. A scanner for
 * go-units' `^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$` (test/unit/values.test.ts holds it to that pattern).
 */
export function parseBytes(s: string): Bytes | undefined {
  let i = 0;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  if (i === 0) return undefined;
  while (s.charCodeAt(i) === 46 /* . */ && isDigit(s.charCodeAt(i + 1))) {
    i += 2;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  }
  const n = Number(s.slice(0, i));
  if (s.charCodeAt(i) === 32) i++;
  const unit = s[i]?.toLowerCase();
  const mult = unit !== undefined ? MULT[unit] : undefined;
  if (mult !== undefined) i++;
  if (s.charCodeAt(i) === 105 /* i */ || s.charCodeAt(i) === 73 /* I */) i++;
  if (s.charCodeAt(i) === 98 /* b */ || s.charCodeAt(i) === 66 /* B */) i++;
  if (i !== s.length || !Number.isFinite(n)) return undefined;
  return { bytes: n * (mult ?? 1), unitless: mult === undefined };
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
