// Plain data shared by the core, the LSP layer, the CLI and the tests. Offsets are UTF-16 indices into the text.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Span {
  start: number;
  end: number;
}

export interface Finding extends Span {
  /** Stable code, e.g. `yaml/syntax` or `swarm/replicas-with-global`. */
  code: string;
  severity: Severity;
  message: string;
  /** Structured facts a quick fix needs (a suggested key or value, a computed duration); see core/fixes.ts. */
  data?: unknown;
}
