import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DirectMessagesDocument } from './generated/graphql.js';
import { signUp } from './support/accounts.js';
import { record } from './support/graphql-ws.js';
import { useTestServer } from './support/server.js';

/** Opens a raw graphql-transport-ws socket and resolves with its close code. */
function rawSocket(url: string, options: { origin?: string } = {}) {
  const socket = new WebSocket(url, 'graphql-transport-ws', {
    headers: options.origin ? { origin: options.origin } : {},
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  const failed = new Promise<number>((resolve) =>
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
  );
  socket.on('error', () => {});
  const opened = new Promise<void>((resolve) => socket.once('open', () => resolve()));
  return { socket, closed, failed, opened };
}

describe('WebSocket transport limits', () => {
  const server = useTestServer({
    env: { WS_CONNECTION_INIT_TIMEOUT_MS: '300', WS_ALLOWED_ORIGINS: 'https://chat.example' },
  });

  it('closes a socket that sends no connection_init in time with 4408', async () => {
    const { closed } = rawSocket(server.wsUrl);
    expect(await closed).toBe(4408);
  });

  it('accepts a 64 KiB frame and closes on a larger one (1009)', async () => {
    const { socket, closed, opened } = rawSocket(server.wsUrl);
    await opened;
    socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    const message = (padding: number) =>
      JSON.stringify({
        id: 'x',
        type: 'subscribe',
        payload: { query: `{ __typename } #${'p'.repeat(padding)}` },
      });
    const base = Buffer.byteLength(message(0));
    socket.send(message(65_536 - base)); // exactly 64 KiB: over the query-length limit, but delivered
    const answer = await new Promise<string>((resolve) =>
      socket.once('message', (data) => resolve(String(data))),
    );
    expect(answer).toContain('connection_ack');
    socket.send(message(65_537 - base));
    expect(await closed).toBe(1009);
  });

  it('refuses browsers from origins not on the allow-list, and allows the listed one and non-browsers', async () => {
    expect(await rawSocket(server.wsUrl, { origin: 'https://evil.example' }).failed).toBe(401);
    const allowed = rawSocket(server.wsUrl, { origin: 'https://chat.example' });
    await allowed.opened;
    allowed.socket.close();
    const noOrigin = rawSocket(server.wsUrl);
    await noOrigin.opened;
    noOrigin.socket.close();
  });

  it('does not offer per-message compression', async () => {
    const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws', { perMessageDeflate: true });
    await new Promise((resolve) => socket.once('open', resolve));
    expect(socket.extensions).toBe('');
    socket.close();
  });
});

describe('subscriptions per socket', () => {
  const server = useTestServer({ env: { MAX_SUBSCRIPTIONS_PER_CONNECTION: '3' } });

  it('accepts 3 and refuses the 4th with TOO_MANY_SUBSCRIPTIONS, keeping the socket and the others', async () => {
    const { token } = await signUp(server);
    const client = server.wsClient({ connectionParams: { authorization: `Bearer ${token}` } });
    const running = [1, 2, 3].map(() => record(client, DirectMessagesDocument));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const fourth = record(client, DirectMessagesDocument);
    await expect(fourth.done).rejects.toEqual([
      expect.objectContaining({ extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } }),
    ]);
    running[0]?.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const replacement = record(client, DirectMessagesDocument);
    const settled = await Promise.race([
      replacement.done.then(
        () => 'completed',
        () => 'refused',
      ),
      new Promise((resolve) => setTimeout(() => resolve('running'), 200)),
    ]);
    expect(settled).toBe('running');
  });
});

describe('HTTP transport limits', () => {
  const server = useTestServer({
    env: { HTTP_MAX_BODY_BYTES: '2048', HTTP_HEADERS_TIMEOUT_MS: '1000' },
  });

  const post = (body: string) =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });

  it('answers a body at the limit and refuses one byte more with 413', async () => {
    const query = (padding: number) =>
      JSON.stringify({ query: `{ __typename } #${'p'.repeat(padding)}` });
    const base = Buffer.byteLength(query(0));
    expect((await post(query(2048 - base))).status).toBe(200);
    const refused = await post(query(2049 - base));
    expect(refused.status).toBe(413);
    expect((await refused.json()).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('refuses a body sent without a Content-Length (chunked) with 411, however small', async () => {
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"query":"{ __typename }"}'));
        controller.close();
      },
    });
    const refused = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(refused.status).toBe(411);
  });

  it('drops a client that trickles its headers (slowloris)', async () => {
    const url = new URL(server.url);
    const socket = connect(Number(url.port), url.hostname);
    const started = Date.now();
    const ended = new Promise<string>((resolve) => {
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk));
      socket.on('close', () => resolve(answer));
    });
    socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\n');
    const trickle = setInterval(() => socket.write('X-Slow: 1\r\n'), 200);
    const answer = await ended;
    clearInterval(trickle);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(answer).toMatch(/^HTTP\/1.1 408|^$/);
  });
});
