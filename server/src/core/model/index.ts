// The one knowledge table of the stack file. Validation, completion, hover and quick fixes all read it.
import { ROOT } from './toplevel';
import type { KeySpec, MappingSpec, ValueSpec } from './keys';

export * from './keys';
export { ROOT, TOP_KEYS } from './toplevel';
export { SERVICE, SERVICE_KEYS } from './service';
export { DEPLOY, DEPLOY_KEYS, RESOURCES } from './deploy';
export { HEALTHCHECK } from './healthcheck';

/**
 * The model at a key path such as `['services', 'web', 'deploy', 'update_config', 'monitor']`: the key's entry
 * (undefined at a user-named level), its value spec, and the mapping it belongs to. User-named levels (service,
 * network… names) match any segment; list items are stepped through with `'[]'` or a number. The one walk of the
 * model by path: validation, completion, hover, fixes and snippets all go through it.
 */
export function specAt(path: readonly string[]): { key?: KeySpec; value?: ValueSpec; parent?: MappingSpec } {
  let mapping: MappingSpec | undefined = ROOT;
  let value: ValueSpec | undefined;
  let key: KeySpec | undefined;
  let parent: MappingSpec | undefined;
  for (const seg of path) {
    if (seg === '[]' || /^\d+$/.test(seg)) {
      if (!value?.list) return {};
      value = value.list;
    } else {
      if (!mapping) return {};
      parent = mapping;
      const k: KeySpec | undefined = mapping.keys?.[seg];
      if (k) {
        key = k;
        value = k.value;
      } else if (mapping.entries && (!mapping.entries.pattern || mapping.entries.pattern.test(seg))) {
        key = undefined;
        value = mapping.entries.value;
      } else {
        return {};
      }
    }
    mapping = value.mapping;
  }
  return { key, value, parent };
}

/** The entry for a key path (see specAt); undefined for a user-named level or a path the model does not know. */
export function lookup(path: readonly string[]): KeySpec | undefined {
  return specAt(path).key;
}

/** The mapping spec (the keys that may appear) at a path; for completion. */
export function mappingAt(path: readonly string[]): MappingSpec | undefined {
  return path.length === 0 ? ROOT : specAt(path).value?.mapping;
}

/** Every key spec in the model, with its path (user-named levels as `*`, list items as `[]`). */
export function allKeys(): Array<{ path: string[]; spec: KeySpec }> {
  const out: Array<{ path: string[]; spec: KeySpec }> = [];
  const seen = new Set<MappingSpec>();
  const walkValue = (v: ValueSpec, path: string[]): void => {
    if (v.mapping) walkMapping(v.mapping, path);
    if (v.list) walkValue(v.list, [...path, '[]']);
  };
  const walkMapping = (m: MappingSpec, path: string[]): void => {
    if (seen.has(m)) return;
    seen.add(m);
    for (const k of Object.values(m.keys ?? {})) {
      out.push({ path: [...path, k.name], spec: k });
      walkValue(k.value, [...path, k.name]);
    }
    if (m.entries) walkValue(m.entries.value, [...path, '*']);
    seen.delete(m);
  };
  walkMapping(ROOT, []);
  return out;
}
