import { err } from '../errors';

/** `fields=a,b{c},d` → ['a','b','d']; nested selections are answered with the sandbox's own default sub-fields. */
export function parseFields(raw: string | undefined): string[] | undefined {
  if (!raw) return undefined;
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of raw) {
    if (ch === '{' || ch === '(') depth++;
    else if (ch === '}' || ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      continue;
    }
    if (depth === 0 && ch !== '}' && ch !== ')') cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out.map((f) => f.replace(/\..*$/, ''));
}

/** Graph answers only what was asked (plus id); unknown fields are an error, empty values are omitted. */
export function pick(node: Record<string, unknown>, fields: string[] | undefined, defaults: string[], nodeType: string): Record<string, unknown> {
  const wanted = fields ?? defaults;
  const out: Record<string, unknown> = {};
  for (const f of wanted) {
    if (!(f in node)) throw err.nonexistingField(f, nodeType);
    const v = node[f];
    if (v !== undefined && v !== null) out[f] = v;
  }
  if (node.id !== undefined && out.id === undefined) out.id = node.id;
  return out;
}

/** The node's fields the request asked for (`fields=`), or the defaults. */
export function fieldsOf(node: Record<string, unknown>, params: Record<string, string>, defaults: string[], nodeType: string): Record<string, unknown> {
  return pick(node, parseFields(params.fields), defaults, nodeType);
}

/** Graph's timestamp format: ISO 8601 without milliseconds, with +0000. */
export function graphTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}
