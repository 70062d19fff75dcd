/**
 * The sandbox in a process of its own for benchmarks, as Meta's servers are: its request
 * handling then does not share the event loop with the Strapi instance being measured.
 * Protocol over stdio, one JSON line each way:
 *   → {"seed": {"count": N, "issuedDaysAgo": d, "expiresInDays": e}}  ← {"url", "accounts": [{userId, username, accessToken, expiresAt}]}
 *   → {"seedMedia": {"usernames": [..], "perAccount": n}}            ← {"media": [{username, mediaId}]}
 *   → {"set": {...SandboxOptions}}                                     ← {"ok": true}
 *   → {"count": {...CallFilter}}                                        ← {"count": n}
 *   → {"clearCalls": true}                                              ← {"ok": true}
 *   → {"calls": {"method"?, "pathEndsWith"?}}                           ← {"calls": [{seq, at, method, path, status, creationId, responseId, token}]}
 *   → {"media": {"userIds": [..]}}                                      ← {"media": [{igUserId, id, containerId, caption}]}
 */
import readline from 'node:readline';
import { startSandbox } from '../sandbox';
import { runMain } from '../integration/harness/run-main';

const DAY = 86_400_000;

const main = async () => {
  const sandbox = await startSandbox({ callLogLimit: 1_000_000 });
  const reply = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
  reply({ url: sandbox.url });
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const command = JSON.parse(line);
    if (command.seed) {
      const { count, prefix = 'bench', issuedDaysAgo, expiresInDays } = command.seed;
      const now = Date.now();
      const accounts = [];
      for (let i = 0; i < count; i += 1) {
        const account = sandbox.accounts.addInstagramAccount({ username: `${prefix}_${i}` });
        const expiresAt = now + expiresInDays * DAY + i * 1000;
        const token = sandbox.issueToken({ kind: 'instagram', account: account.username, issuedAt: now - issuedDaysAgo * DAY, expiresAt });
        accounts.push({ userId: account.userId, appScopedId: account.appScopedId, username: account.username, accessToken: token.accessToken, expiresAt });
      }
      reply({ accounts });
    } else if (command.seedMedia) {
      // Published posts on accounts seeded before: {"seedMedia": {"usernames": [...], "perAccount": n}} ← {"media": [{username, mediaId}]}
      const { usernames, perAccount } = command.seedMedia as { usernames: string[]; perAccount: number };
      const media = usernames.flatMap((username) => Array.from({ length: perAccount }, () => ({ username, mediaId: sandbox.seedMedia({ account: username }).id })));
      reply({ media });
    } else if (command.set) {
      sandbox.set(command.set);
      reply({ ok: true });
    } else if (command.count) {
      reply({ count: sandbox.count(command.count) });
    } else if (command.calls) {
      // The fields that prove exactly-once (which container each media_publish named, which token
      // each refresh used), not whole calls: a long run logs tens of thousands of them.
      const { method, pathEndsWith } = command.calls as { method?: string; pathEndsWith?: string };
      const calls = sandbox.calls
        .filter((call) => (!method || call.method === method) && (!pathEndsWith || call.path.endsWith(pathEndsWith)))
        .map((call) => ({
          seq: call.seq,
          at: call.at,
          method: call.method,
          path: call.path,
          status: call.status,
          creationId: (call.body as { creation_id?: string } | null)?.creation_id ?? null,
          responseId: (call.response as { id?: string } | null)?.id ?? null,
          token: call.token ?? null,
        }));
      reply({ calls });
    } else if (command.media) {
      const { userIds } = command.media as { userIds: string[] };
      const media = userIds.flatMap((userId) =>
        sandbox.listMedia(userId).map(({ igUserId, id, containerId, caption }) => ({ igUserId, id, containerId, caption: caption ?? null })),
      );
      reply({ media });
    } else if (command.clearCalls) {
      sandbox.clearCalls();
      reply({ ok: true });
    } else if (command.close) {
      break;
    }
  }
  await sandbox.close();
};

runMain(main);
