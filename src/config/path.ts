// Field paths: JSON-pointer conversion and the dotted form used in problem reports.

/** One step of a field path: a mapping key or a list index. */
export type PathSegment = string | number;

const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Formats `['machine', 'network', 'hostname']` as `machine.network.hostname`, `[0]` for indexes. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (SIMPLE_KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Splits a JSON pointer (as ajv reports it) into segments; indexes into arrays become numbers. */
export function pointerToPath(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let current: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current) && /^\d+$/.test(seg)) {
      const index = Number(seg);
      path.push(index);
      current = current[index];
    } else {
      path.push(seg);
      current =
        typeof current === 'object' && current !== null
          ? (current as Record<string, unknown>)[seg]
          : undefined;
    }
  }
  return path;
}
