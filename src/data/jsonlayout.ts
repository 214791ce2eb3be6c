/**
 * Lines of a JSON data document without a position-keeping parse: one pass over text that
 * JSON.parse has accepted, noting the line of each top-level value and of each element (or
 * member value) inside one. Records need these lines for their sources; the yaml parser gave
 * them too, at ten times the time and fifty times the memory of the document.
 */

export interface TopValue {
  line: number;
  /** Lines of an array's elements, in order. */
  items: number[];
  /** Lines of an object's member values, by key. */
  members: Map<string, number>;
}

export interface JsonLayout {
  /** Top-level key → where its value is. */
  top: Map<string, TopValue>;
  /** Members written in all objects: more than the parsed value has means a duplicate key. */
  members: number;
}

const ARRAY = 1;
const OBJECT = 2;

function keyText(quoted: string): string {
  return quoted.includes('\\') ? (JSON.parse(quoted) as string) : quoted.slice(1, -1);
}

/** `text` must be valid JSON (JSON.parse succeeded on it). Lines count \n, as the yaml parser does. */
export function jsonLayout(text: string): JsonLayout {
  const top = new Map<string, TopValue>();
  const stack: number[] = [];
  let line = 1;
  let members = 0;
  let expectValue = true;
  let key = '';
  let cur: TopValue | undefined;
  const valueAt = (): void => {
    expectValue = false;
    const depth = stack.length;
    if (depth === 1 && stack[0] === OBJECT) top.set(keyText(key), (cur = { line, items: [], members: new Map() }));
    else if (depth === 2 && cur && stack[0] === OBJECT) {
      if (stack[1] === ARRAY) cur.items.push(line);
      else cur.members.set(keyText(key), line);
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 32 || c === 13 || c === 9) continue;
    else if (c === 34) {
      // A string: to its closing quote (one not escaped by an odd run of backslashes).
      let q = i;
      for (;;) {
        q = text.indexOf('"', q + 1);
        let b = q - 1;
        while (text.charCodeAt(b) === 92) b--;
        if ((q - 1 - b) % 2 === 0) break;
      }
      if (expectValue) valueAt();
      else if (stack.length <= 2) key = text.slice(i, q + 1);
      i = q;
    } else if (c === 58) {
      members++;
      expectValue = true;
    } else if (c === 44) expectValue = stack[stack.length - 1] === ARRAY;
    else if (c === 91 || c === 123) {
      if (expectValue) valueAt();
      stack.push(c === 91 ? ARRAY : OBJECT);
      expectValue = c === 91;
    } else if (c === 93 || c === 125) {
      stack.pop();
      expectValue = false;
    } else if (expectValue) valueAt(); // a number, true, false or null
  }
  return { top, members };
}

/** Members of all objects in a parsed value (iteratively: JSON nests deeper than the stack). */
export function memberCount(value: unknown): number {
  let n = 0;
  const todo: unknown[] = [value];
  while (todo.length) {
    const v = todo.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const x of v) if (typeof x === 'object' && x !== null) todo.push(x);
    } else {
      for (const k in v) {
        n++;
        const x = (v as Record<string, unknown>)[k];
        if (typeof x === 'object' && x !== null) todo.push(x);
      }
    }
  }
  return n;
}
