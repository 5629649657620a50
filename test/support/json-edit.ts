/** Small helpers for unit tests that build a document and change one thing in it. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function container(document: Json, path: readonly (string | number)[]): Record<string, Json> | Json[] {
  let node: Json = document;
  for (const key of path) {
    const next: Json | undefined = Array.isArray(node)
      ? node[Number(key)]
      : typeof node === 'object' && node !== null
        ? node[String(key)]
        : undefined;
    if (next === undefined || next === null || typeof next !== 'object') {
      throw new Error(`no object at ${path.join('.')} (stopped at ${String(key)})`);
    }
    node = next;
  }
  if (node === null || typeof node !== 'object') throw new Error(`no object at ${path.join('.')}`);
  return node;
}

/** Sets the value at `path` (the last key is created if missing); `undefined` deletes it. */
export function setAt(document: Json, path: readonly (string | number)[], value: Json | undefined): void {
  const parent = container(document, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(parent)) {
    if (value === undefined) parent.splice(Number(key), 1);
    else parent[Number(key)] = value;
  } else if (value === undefined) {
    delete parent[String(key)];
  } else {
    parent[String(key)] = value;
  }
}

/** Appends to the array at `path`. */
export function pushAt(document: Json, path: readonly (string | number)[], value: Json): void {
  const target = container(document, path);
  if (!Array.isArray(target)) throw new Error(`no array at ${path.join('.')}`);
  target.push(value);
}
