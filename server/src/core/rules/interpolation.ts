// docker/cli interpolation (`${VAR}`, `${VAR:-x}`, `${VAR?err}`, `$VAR`; `$$` is a literal `$`): a value that
// contains a substitution is unknown until deploy time, so rules check it only as far as it can be known.

/** True when the string contains a substitution (not just escaped `$$`). Linear scan, no regex. */
export function hasInterpolation(s: string): boolean {
  let i = s.indexOf('$');
  while (i !== -1 && i < s.length - 1) {
    const c = s.charCodeAt(i + 1);
    if (c === 36 /* $ */) {
      i = s.indexOf('$', i + 2);
      continue;
    }
    if (c === 123 /* { */ || c === 95 /* _ */ || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
    i = s.indexOf('$', i + 1);
  }
  return false;
}
