/**
 * The expensive-query attack of issue 14, measured: room history nested in each message's room
 * history, `first` given as a variable, 7 aliases, over 100 messages of 4,000 characters. Starts
 * a server process, sends the attack once while a bystander sends `{ __typename }` every 50 ms,
 * and prints the attack's time and response size, the bystander's worst latency and the
 * server's peak RSS.
 *
 *   npx tsx bench/expensive-query.ts
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnServerProcess } from '../test/support/server-process.js';

const ALIASES = 7;
const MESSAGES = 100;

async function graphql(url: string, query: string, variables: object = {}, token?: string) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token && { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({ query, variables }),
  });
  return response.text();
}

/** Resident set size of a process, in bytes (Linux). */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

const dir = mkdtempSync(path.join(tmpdir(), 'charla-attack-'));
const server = await spawnServerProcess({ DATABASE_URL: `file:${path.join(dir, 'charla.db')}` });
const pid = server.child.pid as number;
try {
  const registered = JSON.parse(
    await graphql(
      server.url,
      'mutation { register(nickname: "attacker", password: "a long passphrase") { token } }',
    ),
  );
  const token: string = registered.data.register.token;
  const room = JSON.parse(
    await graphql(server.url, 'mutation { createRoom(name: "big") { id } }', {}, token),
  );
  const roomId: string = room.data.createRoom.id;
  for (let i = 0; i < MESSAGES; i += 10) {
    await Promise.all(
      Array.from({ length: 10 }, () =>
        graphql(
          server.url,
          'mutation ($r: ID!, $b: String!) { postMessage(roomId: $r, body: $b) { id } }',
          { r: roomId, b: 'x'.repeat(4000) },
          token,
        ),
      ),
    );
  }
  const field = (alias: string) =>
    `${alias}: room(id: $room) { messages(first: $n) { edges { node { body room { messages(first: $n) { edges { node { body } } } } } } } }`;
  const attack = `query ($room: ID!, $n: Int) { ${Array.from({ length: ALIASES }, (_, i) => field(`a${i}`)).join(' ')} }`;

  const rssBefore = rssOf(pid);
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssOf(pid));
  }, 20);
  let bystanderWorstMs = 0;
  let attacking = true;
  const bystander = (async () => {
    while (attacking) {
      const started = performance.now();
      await graphql(server.url, '{ __typename }');
      bystanderWorstMs = Math.max(bystanderWorstMs, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const started = performance.now();
  const body = await graphql(server.url, attack, { room: roomId, n: 100 }, token);
  const attackMs = performance.now() - started;
  attacking = false;
  await bystander;
  clearInterval(sampler);
  const parsed = body.length < 10_000 ? JSON.parse(body) : undefined;
  console.log(
    JSON.stringify(
      {
        attackMs: Math.round(attackMs),
        responseBytes: Buffer.byteLength(body),
        errorCodes: parsed?.errors?.map(
          (e: { extensions?: { code?: string } }) => e.extensions?.code,
        ),
        bystanderWorstMs: Math.round(bystanderWorstMs),
        rssBeforeMB: Math.round(rssBefore / 2 ** 20),
        peakRssMB: Math.round(peakRss / 2 ** 20),
      },
      null,
      2,
    ),
  );
} finally {
  server.child.kill('SIGTERM');
  await server.exited;
  rmSync(dir, { recursive: true, force: true });
}
