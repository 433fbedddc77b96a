// What users can tune: the severity of each rule (or family), and nothing that changes what a rule knows.
import type { Finding, Severity } from './types';

export type RuleLevel = Severity | 'off';

export interface Settings {
  /** Keyed by a full code (`schema/duration`) or a family prefix (`stack`); the full code wins. */
  rules: Readonly<Record<string, RuleLevel>>;
}

export const DEFAULT_SETTINGS: Settings = { rules: {} };

const LEVELS = new Set<string>(['error', 'warning', 'information', 'hint', 'off']);

/** Whatever the editor sent (possibly nothing, possibly junk) → valid settings. */
export function normalizeSettings(raw: unknown): Settings {
  const rules: Record<string, RuleLevel> = {};
  const r = raw && typeof raw === 'object' ? (raw as { rules?: unknown }).rules : undefined;
  if (r && typeof r === 'object') {
    for (const [code, level] of Object.entries(r)) {
      if (typeof level === 'string' && LEVELS.has(level)) rules[code] = level as RuleLevel;
    }
  }
  return { rules };
}

/** Applies per-rule levels; findings turned off disappear. */
export function applySettings(findings: Finding[], settings: Settings): Finding[] {
  const rules = settings.rules;
  if (Object.keys(rules).length === 0) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    const level = rules[f.code] ?? rules[f.code.slice(0, f.code.indexOf('/'))];
    if (level === 'off') continue;
    out.push(level ? { ...f, severity: level } : f);
  }
  return out;
}

const DISABLE_RE = /#\s*swarm-rollout-disable-next-line\b([^\n]*)/g;

/**
 * `# swarm-rollout-disable-next-line [code ...]` silences the named codes (all codes when none is named) on the
 * line that follows the comment.
 */
export function applyDisableComments(text: string, findings: Finding[]): Finding[] {
  if (findings.length === 0 || !text.includes('swarm-rollout-disable-next-line')) return findings;
  const silenced: Array<{ start: number; end: number; codes: string[] }> = [];
  for (const m of text.matchAll(DISABLE_RE)) {
    const lineEnd = text.indexOf('\n', m.index);
    if (lineEnd === -1) continue;
    const nextEnd = text.indexOf('\n', lineEnd + 1);
    const codes = m[1]!.split(/[\s,]+/).filter(Boolean);
    silenced.push({ start: lineEnd + 1, end: nextEnd === -1 ? text.length : nextEnd, codes });
  }
  return findings.filter((f) => !silenced.some((s) =>
    f.start >= s.start && f.start <= s.end && (s.codes.length === 0 || s.codes.includes(f.code))));
}
