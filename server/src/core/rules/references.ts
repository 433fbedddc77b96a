// References from a service to top-level networks, secrets, configs and volumes. `docker stack config` does not
// resolve them, but `docker stack deploy` fails converting the service (docker/cli cli/compose/convert:
// `undefined network "x"`, `undefined secret "x"`, `undefined config "x"`, `undefined volume "x"`).
import { isMap } from '../yamlNodes';
import { distance } from 'fastest-levenshtein';
import type { Out, Entry, StackView } from './stackView';

type Kind = 'network' | 'secret' | 'config' | 'volume';

export interface ReferenceIndex {
  /** The names a top-level section declares, read on first use (most services reference nothing). */
  declared(kind: Kind): ReadonlySet<string>;
}

const SECTION: Readonly<Record<Kind, string>> = { network: 'networks', secret: 'secrets', config: 'configs', volume: 'volumes' };
const EMPTY: ReadonlySet<string> = new Set();

/**
 * Names per section node. A file checked service by service shares its top-level nodes between the chunks,
 * so each section is read once per file, not once per service. Nodes never change once parsed.
 */
const namesOfNode = new WeakMap<object, ReadonlySet<string>>();

/** The names each top-level section declares, read once per document and section, when first asked. */
export function referenceIndex(view: StackView): ReferenceIndex {
  const known: Partial<Record<Kind, ReadonlySet<string>>> = {};
  return {
    declared(kind) {
      let names = known[kind];
      if (!names) {
        const section = view.root?.child(SECTION[kind]);
        const node = section?.value;
        names = node ? namesOfNode.get(node) : EMPTY;
        if (!names) {
          names = new Set(section!.children?.keys() ?? []);
          namesOfNode.set(node!, names);
        }
        known[kind] = names;
      }
      return names;
    },
  };
}

function closest(name: string, declared: ReadonlySet<string>): string | undefined {
  let best: string | undefined;
  let bd = Infinity;
  const norm = (s: string) => s.toLowerCase().replace(/[-_.]/g, '');
  for (const d of declared) {
    const dist = norm(d) === norm(name) ? 0 : distance(name, d);
    if (dist < bd) {
      bd = dist;
      best = d;
    }
  }
  return best !== undefined && bd <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function report(out: Out, kind: Kind, name: string, span: readonly [number, number], index: ReferenceIndex): void {
  const declared = index.declared(kind);
  if (declared.has(name) || (kind === 'network' && name === 'default')) return;
  const sug = closest(name, declared);
  const section = `${kind}s`;
  const fix = sug
    ? `did you mean ${sug}? Otherwise declare ${name} under the top-level ${section}:`
    : `declare it under the top-level ${section}:${kind === 'network' || kind === 'volume' ? ` (add external: true if it already exists)` : ' (file: or external: true)'}`;
  out.add(`ref/undefined-${kind}`, 'error', span,
    `${section}: ${kind} "${name}" is not declared at the top level, so docker stack deploy fails (undefined ${kind} "${name}"); ${fix}.`);
}

/** Short volume syntax `source:target[:mode]`: the named-volume source, if any (docker/cli loader ParseVolume). */
function namedVolumeSource(spec: string): string | undefined {
  if (/^[a-zA-Z]:[\\/]/.test(spec) || spec.startsWith('\\\\')) return undefined; // a Windows host path
  const colon = spec.indexOf(':');
  if (colon <= 0) return undefined; // anonymous volume
  const src = spec.slice(0, colon);
  if (src.startsWith('.') || src.startsWith('/') || src.startsWith('~') || src.includes('/') || src.includes('\\')) return undefined;
  return src;
}

export function checkReferences(svc: Entry, index: ReferenceIndex, out: Out): void {
  const networks = svc.child('networks');
  if (networks) {
    if (networks.items) {
      for (const it of networks.items) {
        const n = it.text;
        if (n !== undefined) report(out, 'network', n, it.valueSpan(), index);
      }
    } else if (networks.children) {
      for (const e of networks.children.values()) {
        if (!e.name.startsWith('x-')) report(out, 'network', e.name, e.keySpan(), index);
      }
    }
  }
  for (const kind of ['secret', 'config'] as const) {
    const list = svc.child(`${kind}s`)?.items;
    if (!list) continue;
    for (const it of list) {
      if (isMap(it.value)) {
        const src = it.child('source');
        const n = src?.text;
        if (n !== undefined && n !== '') report(out, kind, n, src!.valueSpan(), index);
      } else {
        const n = it.text;
        if (n !== undefined && n !== '') report(out, kind, n, it.valueSpan(), index);
      }
    }
  }
  const volumes = svc.child('volumes')?.items;
  if (volumes) {
    for (const it of volumes) {
      if (isMap(it.value)) {
        const type = it.child('type');
        const src = it.child('source');
        const n = src?.text;
        if (type?.text === 'volume' && n !== undefined && n !== '') report(out, 'volume', n, src!.valueSpan(), index);
      } else {
        const s = it.text;
        const n = s === undefined ? undefined : namedVolumeSource(s);
        if (n !== undefined) report(out, 'volume', n, it.valueSpan(), index);
      }
    }
  }
}
