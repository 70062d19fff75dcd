/**
 * The sandbox in a process of its own for benchmarks, as Meta's servers are: its request
 * handling then does not share the event loop with the Strapi instance being measured.
 * Protocol over stdio, one JSON line each way:
 *   → {"seed": {"count": N, "issuedDaysAgo": d, "expiresInDays": e}}  ← {"url", "accounts": [{userId, username, accessToken, expiresAt}]}
 *   → {"seedMedia": {"usernames": [..], "perAccount": n}}            ← {"media": [{username, mediaId}]}
 *   → {"set": {...SandboxOptions}}                                     ← {"ok": true}
 *   → {"count": {...CallFilter}}                                        ← {"count": n}
 *   → {"clearCalls": true}                                              ← {"ok": true}
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
        accounts.push({ userId: account.userId, username: account.username, accessToken: token.accessToken, expiresAt });
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
