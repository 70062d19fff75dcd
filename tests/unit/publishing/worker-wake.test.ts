import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from '@strapi/strapi';
import { createWorker } from '../../../server/src/publishing/worker';

/**
 * Just enough of Strapi for the worker's queue reads: a store whose claim records what had
 * happened before it, and an empty queue.
 */
const fakeStrapi = (onClaim: () => void) => {
  const publications = {
    claimDue: jest.fn(async () => {
      onClaim();
      return [];
    }),
    nextRunAt: jest.fn(async () => null),
  };
  const strapi = {
    config: { get: () => ({ encryptionKey: Buffer.alloc(32, 7).toString('base64'), worker: { scanIntervalMs: 60_000 } }) },
    log: { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() },
    plugin: () => ({ service: () => ({ get: () => ({ publications }) }) }),
  } as unknown as Core.Strapi;
  return { strapi, publications };
};

describe('publication worker wake-up', () => {
  it('claims only after the I/O already waiting (the answer of the request that woke it) has been served', async () => {
    const order: string[] = [];
    const { strapi, publications } = fakeStrapi(() => order.push('claim'));
    const worker = createWorker(strapi);
    // The wake-up that start() schedules is not the one under test.
    worker.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    publications.claimDue.mockClear();
    order.length = 0;

    // As wakeWorker does inside a request: the worker is woken once the answer has been sent.
    const server = http.createServer((_request, response) => {
      response.once('close', () => worker.wake());
      response.end('published');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const agent = new http.Agent({ keepAlive: true });
      const body = await new Promise<string>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: '/', agent }, (response) => {
            let text = '';
            response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
            response.on('end', () => {
              order.push('answer read');
              resolve(text);
            });
          })
          .on('error', reject);
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      agent.destroy();

      expect(body).toBe('published');
      expect(publications.claimDue).toHaveBeenCalledTimes(1);
      expect(order).toEqual(['answer read', 'claim']);
    } finally {
      await worker.stop();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
