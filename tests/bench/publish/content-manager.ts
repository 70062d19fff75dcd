import http from 'node:http';
import type { Core } from '@strapi/strapi';
import { createAdminSession } from '../../integration/harness/admin';
import { ARTICLE } from '../../integration/publishing/helpers';

/**
 * The editor's Publish button as the admin panel sends it: `POST .../actions/publish` with the
 * form's body and an admin JWT, over one kept-alive connection so connection setup weighs on no
 * sample. The Content Manager wraps every publish in a transaction, so with this path both arms
 * of the comparison are transactional.
 */
export const createContentManagerPublisher = async (strapi: Core.Strapi, baseUrl: string) => {
  const base = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let { token } = await createAdminSession(strapi);

  const post = (path: string, body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.request(
        {
          agent,
          method: 'POST',
          host: base.hostname,
          port: base.port,
          path,
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Accept: 'application/json' },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });

  return {
    /** Publishes a draft article as the editor's form does (its title in the body); resolves once the answer is read. */
    async publish(documentId: string, title: string) {
      const path = `/content-manager/collection-types/${ARTICLE}/${documentId}/actions/publish?locale=en`;
      const body = JSON.stringify({ title });
      let answer = await post(path, body);
      // Admin access tokens are short-lived sessions: a long run logs in again rather than failing.
      if (answer.status === 401) {
        token = (await createAdminSession(strapi)).token;
        answer = await post(path, body);
      }
      if (answer.status !== 200) throw new Error(`Content Manager publish answered ${answer.status}: ${answer.text.slice(0, 300)}`);
    },
    close: () => agent.destroy(),
  };
};
