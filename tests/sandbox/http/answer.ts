import type { ServerResponse } from 'node:http';
import { GraphError, HtmlError, OldShapeError, graphErrorFromFault } from '../errors';
import { errorPage } from '../html';
import type { SandboxFault } from '../types';

/** What a handler answers; send() turns it into HTTP. */
export interface SandboxResponse {
  status: number;
  json?: unknown;
  /** Pre-serialised JSON (kept verbatim). */
  rawJson?: string;
  html?: string;
  text?: string;
  contentType?: string;
  redirect?: string;
  headers?: Record<string, string>;
}

/** A 200 JSON answer, the shape of nearly every Graph success. */
export function ok(json: unknown): SandboxResponse {
  return { status: 200, json };
}

/** The answer Meta gives for a thrown error: Graph JSON, the old api.instagram.com shape, or an HTML page. */
export function errorAnswer(e: unknown): SandboxResponse {
  if (e instanceof GraphError) {
    const headers: Record<string, string> = { ...(e.headers ?? {}) };
    if (e.code === 190 || e.code === 104) headers['www-authenticate'] = `OAuth "Facebook Platform" "invalid_token" "${e.message.replace(/"/g, "'")}"`;
    return { status: e.httpStatus, json: e.toBody(), headers };
  }
  if (e instanceof OldShapeError) return { status: e.httpStatus, json: e.toBody() };
  if (e instanceof HtmlError) return { status: e.httpStatus, html: errorPage(e.title, e.message) };
  const unexpected = new GraphError({ code: 1, message: `An unknown error has occurred. (sandbox: ${e instanceof Error ? e.message : String(e)})`, httpStatus: 500 });
  return { status: 500, json: unexpected.toBody() };
}

/** The answer of an injected fault's error, if it has one. */
export function faultAnswer(f: SandboxFault): SandboxResponse | undefined {
  if (!f.error) return undefined;
  if (f.error.rawBody) {
    return { status: f.error.httpStatus ?? 500, text: f.error.rawBody.body, contentType: f.error.rawBody.contentType, headers: f.error.headers };
  }
  return errorAnswer(graphErrorFromFault(f.error));
}

/** Write the answer with Meta's trace and version headers; a closed or answered socket is left alone. */
export function send(res: ServerResponse, r: SandboxResponse, version: string | undefined): void {
  if (res.destroyed || res.headersSent) return;
  const headers: Record<string, string> = { 'x-fb-trace-id': Math.random().toString(36).slice(2, 13), ...(r.headers ?? {}) };
  if (version) headers['facebook-api-version'] = version;
  let body: string;
  if (r.redirect) {
    headers.location = r.redirect;
    body = '';
  } else if (r.html !== undefined) {
    headers['content-type'] = 'text/html; charset=utf-8';
    body = r.html;
  } else if (r.text !== undefined) {
    headers['content-type'] = r.contentType ?? 'text/plain; charset=utf-8';
    body = r.text;
  } else {
    headers['content-type'] = 'application/json; charset=UTF-8';
    body = r.rawJson ?? JSON.stringify(r.json ?? {});
  }
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(r.status, headers);
  res.end(body);
}

/** What the call log keeps of an answer. */
export function loggedBody(r: SandboxResponse): unknown {
  return r.redirect !== undefined ? { location: r.redirect } : (r.json ?? r.html ?? r.text ?? r.rawJson);
}
