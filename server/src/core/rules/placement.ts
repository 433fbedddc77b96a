// deploy.placement.constraints, read as swarmkit reads them (manager/constraint/constraint.go): `key ==|!= value`,
// "==" looked for first; the key matches ^[a-z_][a-z0-9\-_.]+$ and the value ^[a-z0-9:\-_\s.*()?+\[\]\\^$|/]+$
// (case-insensitive), or the engine refuses the service. Values compare case-insensitively; an attribute
// swarmkit does not know never matches, whatever the operator, so the tasks stay Pending.
import { distance } from 'fastest-levenshtein';
import type { Entry, Out } from './stackView';

const KEY = /^[a-z_][a-z0-9\-_.]+$/i;
const VALUE = /^[a-z0-9:\-_\s.*()?+[\]\\^$|/]+$/i;
export const ATTRIBUTES = ['node.id', 'node.hostname', 'node.ip', 'node.role', 'node.platform.os', 'node.platform.arch', 'node.labels.', 'engine.labels.'];
export const ROLES = ['manager', 'worker'];
/** Go's GOOS values: what a node reports as its platform OS. */
export const OSES = ['linux', 'windows', 'darwin', 'freebsd', 'netbsd', 'openbsd', 'dragonfly', 'solaris', 'illumos', 'aix', 'plan9', 'android', 'ios', 'js', 'wasip1'];

export interface Constraint {
  key: string;
  op: '==' | '!=';
  value: string;
}

/** swarmkit constraint.Parse for one expression: the constraint, or the engine's error text. */
export function parseConstraint(e: string): Constraint | { error: string } {
  for (const op of ['==', '!='] as const) {
    const i = e.indexOf(op);
    if (i === -1) continue;
    const key = e.slice(0, i).trim();
    const value = e.slice(i + 2).trim();
    if (!KEY.test(key)) return { error: `key '${key}' is invalid` };
    if (!VALUE.test(value)) return { error: `value '${value}' is invalid` };
    return { key, op, value };
  }
  return { error: 'constraint expected one operator from ==, !=' };
}

function nearest(s: string, options: readonly string[], max: number): string | undefined {
  let best: string | undefined;
  let bd = Infinity;
  for (const o of options) {
    const d = distance(s.toLowerCase(), o);
    if (d < bd) {
      bd = d;
      best = o;
    }
  }
  return bd <= max ? best : undefined;
}

function knownAttribute(key: string): boolean {
  const k = key.toLowerCase();
  for (const a of ATTRIBUTES) {
    if (a.endsWith('.') ? k.length > a.length && k.startsWith(a) : k === a) return true;
  }
  return false;
}

export function checkPlacement(svc: Entry, out: Out): void {
  const items = svc.at('deploy', 'placement', 'constraints')?.items;
  if (!items) return;
  for (const it of items) {
    const s = it.text;
    if (s === undefined) continue; // not a string (schema reports it) or `${…}` (unknowable)
    const c = parseConstraint(s);
    if ('error' in c) {
      const fixed = /^\s*([\w.-]+)\s*=\s*([^=].*)$/.exec(s);
      const hint = fixed ? ` Write ${fixed[1]} == ${fixed[2]!.trim().replace(/^["']|["']$/g, '')}.`
        : /["']/.test(s) ? ' Remove the quotes around the value.' : ' Write it as attribute == value or attribute != value, e.g. node.role == manager.';
      out.add('placement/syntax', 'error', it.valueSpan(),
        `Placement constraint "${s}" is refused by the engine (${c.error}), so the service is not created.${hint}`);
      continue;
    }
    const key = c.key.toLowerCase();
    if (!knownAttribute(c.key)) {
      const sug = nearest(key, ATTRIBUTES.map((a) => a.replace(/\.$/, '')), 3);
      const labelish = /^(node|engine)\.label\./.exec(key);
      const hint = labelish ? ` Did you mean ${labelish[1]}.labels.${c.key.slice(labelish[0].length)}?`
        : sug ? ` Did you mean ${sug}${sug.endsWith('labels') ? '.<name>' : ''}?` : ' Use node.id, node.hostname, node.role, node.platform.os, node.platform.arch, node.labels.<name> or engine.labels.<name>.';
      out.add('placement/unknown-attribute', 'warning', it.valueSpan(),
        `Placement constraint "${s}": swarmkit does not know the attribute ${c.key}, so no node ever matches it (with == or !=) and the tasks stay Pending ("no suitable node").${hint}`);
      continue;
    }
    const value = c.value.toLowerCase();
    let known: readonly string[] | undefined;
    if (key === 'node.role') known = ROLES;
    else if (key === 'node.platform.os') known = OSES;
    if (!known || known.includes(value) || /[*?[\]\\^$|()+]/.test(value)) continue;
    const sug = nearest(value, known, 3);
    const did = sug ? ` Did you mean ${c.key} ${c.op} ${sug}?` : ` Valid values: ${known.slice(0, 2).join(', ')}${key === 'node.role' ? '' : '…'}.`;
    out.add('placement/never-matches', 'warning', it.valueSpan(), c.op === '=='
      ? `Placement constraint "${s}" never matches: no node has ${c.key} ${c.value}, so the tasks stay Pending ("no suitable node").${did}`
      : `Placement constraint "${s}" matches every node: no node has ${c.key} ${c.value}, so it restricts nothing.${did}`);
  }
}
