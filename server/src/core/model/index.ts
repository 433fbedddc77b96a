// The one knowledge table of the stack file. Validation, completion, hover and quick fixes all read it.
import { ROOT } from './toplevel';
import type { KeySpec, MappingSpec, ValueSpec } from './keys';

export * from './keys';
export { ROOT, TOP_KEYS } from './toplevel';
export { SERVICE, SERVICE_KEYS } from './service';
export { DEPLOY, DEPLOY_KEYS, RESOURCES } from './deploy';
export { HEALTHCHECK } from './healthcheck';

/**
 * The entry for a key path such as `['services', 'web', 'deploy', 'update_config', 'monitor']`. User-named
 * levels (service, network… names) match any segment; list items are stepped through with `'[]'` or a number.
 */
export function lookup(path: readonly string[]): KeySpec | undefined {
  let mapping: MappingSpec | undefined = ROOT;
  let value: ValueSpec | undefined;
  let found: KeySpec | undefined;
  for (const seg of path) {
    if (seg === '[]' || /^\d+$/.test(seg)) {
      if (!value?.list) return undefined;
      value = value.list;
      mapping = value.mapping;
      continue;
    }
    if (!mapping) return undefined;
    const k: KeySpec | undefined = mapping.keys?.[seg];
    if (k) {
      found = k;
      value = k.value;
    } else if (mapping.entries && (!mapping.entries.pattern || mapping.entries.pattern.test(seg))) {
      found = undefined;
      value = mapping.entries.value;
    } else {
      return undefined;
    }
    mapping = value.mapping;
  }
  return found;
}

/** The mapping spec (the keys that may appear) at a path; for completion. */
export function mappingAt(path: readonly string[]): MappingSpec | undefined {
  let mapping: MappingSpec | undefined = ROOT;
  let value: ValueSpec | undefined;
  for (const seg of path) {
    if (seg === '[]' || /^\d+$/.test(seg)) {
      if (!value?.list) return undefined;
      value = value.list;
    } else {
      if (!mapping) return undefined;
      const k: KeySpec | undefined = mapping.keys?.[seg];
      if (k) value = k.value;
      else if (mapping.entries && (!mapping.entries.pattern || mapping.entries.pattern.test(seg))) value = mapping.entries.value;
      else return undefined;
    }
    mapping = value.mapping;
  }
  return mapping;
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
