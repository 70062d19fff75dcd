import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorAnswer, send } from './answer';

type Handle = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

/** Listen on host:port and give the base URL clients use (a wildcard host is reached as 127.0.0.1). */
export async function listen(handle: Handle, host: string, port: number): Promise<{ server: http.Server; baseUrl: string }> {
  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent && !res.destroyed) send(res, errorAnswer(e), undefined);
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const hostForUrl = addr.family === 'IPv6' || addr.address.includes(':') ? `[${addr.address}]` : addr.address;
  return { server, baseUrl: `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : hostForUrl}:${addr.port}` };
}

/** Stop accepting, and cut the keep-alive connections that would hold close() open. */
export function shutdown(server: http.Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
