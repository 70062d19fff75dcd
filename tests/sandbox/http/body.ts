import type { IncomingMessage } from 'node:http';
import { GraphError } from '../errors';

export const MAX_BODY_BYTES = 20 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new GraphError({ code: 100, message: '(#100) Request body too large' }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Graph accepts form, JSON and multipart bodies (Meta's own curl samples use -F). */
export function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (!raw.length) return undefined;
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('application/json')) {
    try {
      return JSON.parse(raw.toString('utf8'));
    } catch {
      throw new GraphError({ code: 100, message: '(#100) The request body is not valid JSON' });
    }
  }
  if (ct.includes('multipart/form-data')) {
    const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
    if (!m) throw new GraphError({ code: 100, message: '(#100) Multipart body without boundary' });
    return parseMultipart(raw, m[1] ?? m[2]);
  }
  if (ct.includes('application/x-www-form-urlencoded') || !ct) {
    return searchParamsToRecord(new URLSearchParams(raw.toString('utf8')));
  }
  return raw.toString('utf8');
}

function parseMultipart(raw: Buffer, boundary: string): Record<string, string> {
  const out: Record<string, string> = {};
  const text = raw.toString('latin1');
  for (const part of text.split(`--${boundary}`)) {
    const sep = part.indexOf('\r\n\r\n');
    if (sep < 0) continue;
    const head = part.slice(0, sep);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (!name || /filename=/i.test(head)) continue;
    let value = part.slice(sep + 4);
    if (value.endsWith('\r\n')) value = value.slice(0, -2);
    out[name] = Buffer.from(value, 'latin1').toString('utf8');
  }
  return out;
}

export function searchParamsToRecord(sp: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of sp) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[k] = [prev, v];
  }
  return out;
}

/** Graph parameters as strings: query first, body wins; JSON arrays/objects re-serialised as Meta would read them. */
export function mergeParams(query: Record<string, string | string[]>, body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (k: string, v: unknown) => {
    if (v === undefined || v === null) return;
    if (Array.isArray(v)) {
      // A repeated query key takes its last value; a JSON array (children, user_tags) stays a list.
      out[k] = v.every((x) => typeof x === 'string' || typeof x === 'number') && k !== 'user_tags' && k !== 'collaborators' ? v.map(String).join(',') : JSON.stringify(v);
      return;
    }
    out[k] = typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  for (const [k, v] of Object.entries(query)) put(k, Array.isArray(v) ? v[v.length - 1] : v);
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) put(k, v);
  }
  return out;
}
