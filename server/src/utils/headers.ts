/**
 * Headers as a plain bag with lower-case names. Axios hands over an AxiosHeaders instance (whose
 * own keys are not the headers) or, in a hand-built config, a plain object in any case; both the
 * rate-limit reader and the redactor read this one form instead.
 */
export type HeaderBag = Record<string, string | string[] | number | undefined>;

export const plainHeaders = (headers: unknown): HeaderBag => {
  if (!headers || typeof headers !== 'object') return {};
  const toJSON = (headers as { toJSON?: () => unknown }).toJSON;
  const plain = typeof toJSON === 'function' ? toJSON.call(headers) : headers;
  if (!plain || typeof plain !== 'object') return {};
  const out: HeaderBag = {};
  for (const [name, value] of Object.entries(plain as Record<string, unknown>)) {
    const kept = typeof value === 'string' || typeof value === 'number' ? value : Array.isArray(value) ? value.map(String) : undefined;
    if (kept === undefined) continue;
    const key = name.toLowerCase();
    const earlier = out[key];
    // `Authorization` and `authorization` in one hand-built object are two values, not one: keep both.
    out[key] = earlier === undefined ? kept : [earlier, kept].flat().map(String);
  }
  return out;
};
