// Fixtures that mark the cursor with `|`: `caret('deploy:\n  |')` → the text without the marker and its offset.
// A literal `|` elsewhere (block scalars) is written `||`.

export interface Caret {
  text: string;
  offset: number;
}

export function caret(marked: string): Caret {
  let text = '';
  let offset = -1;
  for (let i = 0; i < marked.length; i++) {
    const c = marked[i]!;
    if (c === '|' && marked[i + 1] === '|') {
      text += '|';
      i++;
    } else if (c === '|') {
      if (offset >= 0) throw new Error(`two cursors in fixture: ${JSON.stringify(marked)}`);
      offset = text.length;
    } else {
      text += c;
    }
  }
  if (offset < 0) throw new Error(`no cursor | in fixture: ${JSON.stringify(marked)}`);
  return { text, offset };
}

/** A stack file around a service body: `svc('    deploy:\n      |')`. */
export function svc(body: string, version = '3.8'): string {
  return `version: "${version}"\nservices:\n  web:\n    image: nginx:1.27\n${body}`;
}
