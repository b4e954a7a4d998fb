import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConfigError, loadConfig } from '../src/config.js';
import { signUp } from './support/accounts.js';
import { useTestServer } from './support/server.js';

/** Sockets a test opened, closed after it (and the server given a moment to count them out). */
const opened: WebSocket[] = [];
afterEach(async () => {
  const sockets = opened.splice(0);
  await Promise.all(
    sockets.map((socket) =>
      socket.readyState === WebSocket.CLOSED
        ? undefined
        : new Promise((resolve) => {
            socket.once('close', resolve);
            socket.close();
          }),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
});

type Outcome = { acknowledged: true } | { closed: number };

/**
 * Opens a graphql-transport-ws socket from `address` (X-Forwarded-For, the server trusts one
 * proxy), sends `connection_init` with `payload`, and resolves with the ack or the close code.
 */
function initSocket(
  url: string,
  { address = '198.51.100.1', payload = {} }: { address?: string; payload?: object } = {},
) {
  const socket = new WebSocket(url, 'graphql-transport-ws', {
    headers: { 'x-forwarded-for': address },
  });
  opened.push(socket);
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  const outcome = new Promise<Outcome>((resolve) => {
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload })));
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'connection_ack') resolve({ acknowledged: true });
    });
    void closed.then((code) => resolve({ closed: code }));
  });
  return { socket, outcome, closed };
}

/** Runs `{ me { id } }` over an acknowledged socket and resolves with the answer. */
function ask(socket: WebSocket, id: string): Promise<{ type: string; payload?: unknown }> {
  return new Promise((resolve) => {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.id === id) resolve(message);
    });
    socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query: '{ me { id } }' } }));
  });
}

/** Opens an SSE request from `address` and resolves with its status (the stream is left open). */
async function eventStream(
  url: string,
  address: string,
  token?: string,
): Promise<{ status: number; body?: unknown; abort(): void }> {
  const controller = new AbortController();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    signal: controller.signal,
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      'x-forwarded-for': address,
      ...(token && { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({ query: 'subscription { directMessages { id } }' }),
  });
  const body = response.status === 429 ? await response.json() : undefined;
  return { status: response.status, body, abort: () => controller.abort() };
}

describe('anonymous WebSockets', () => {
  const server = useTestServer({
    env: {
      TRUST_PROXY_HOPS: '1',
      MAX_ANONYMOUS_CONNECTIONS_PER_ADDRESS: '5',
      MAX_ANONYMOUS_CONNECTIONS: '8',
      WS_ANONYMOUS_IDLE_TIMEOUT_MS: '600',
    },
  });

  it('refuses the 6th anonymous socket from one address with 1013, while a signed-in client from that address still connects', async () => {
    const { token } = await signUp(server);
    const five = [1, 2, 3, 4, 5].map(() => initSocket(server.wsUrl, { address: '198.51.100.7' }));
    for (const { outcome } of five) expect(await outcome).toEqual({ acknowledged: true });

    const sixth = initSocket(server.wsUrl, { address: '198.51.100.7' });
    expect(await sixth.outcome).toEqual({ closed: 1013 });

    const signedIn = initSocket(server.wsUrl, {
      address: '198.51.100.7',
      payload: { authorization: `Bearer ${token}` },
    });
    expect(await signedIn.outcome).toEqual({ acknowledged: true });
    const answer = await ask(signedIn.socket, 'me');
    expect(answer).toMatchObject({
      type: 'next',
      payload: { data: { me: { id: expect.any(String) } } },
    });

    // Another address has its own share.
    const elsewhere = initSocket(server.wsUrl, { address: '198.51.100.8' });
    expect(await elsewhere.outcome).toEqual({ acknowledged: true });
    // Closing one of the five makes room again.
    five[0]?.socket.close();
    await five[0]?.closed;
    const again = initSocket(server.wsUrl, { address: '198.51.100.7' });
    expect(await again.outcome).toEqual({ acknowledged: true });
  });

  it('keeps room for signed-in clients when anonymous sockets from many addresses reach the overall cap', async () => {
    const { token } = await signUp(server);
    const eight = Array.from({ length: 8 }, (_, i) =>
      initSocket(server.wsUrl, { address: `203.0.113.${i + 1}` }),
    );
    for (const { outcome } of eight) expect(await outcome).toEqual({ acknowledged: true });
    const ninth = initSocket(server.wsUrl, { address: '203.0.113.99' });
    expect(await ninth.outcome).toEqual({ closed: 1013 });
    const signedIn = initSocket(server.wsUrl, {
      address: '203.0.113.99',
      payload: { authorization: `Bearer ${token}` },
    });
    expect(await signedIn.outcome).toEqual({ acknowledged: true });
  });

  it('closes an anonymous socket that runs nothing after the idle timeout (1000), not a signed-in one', async () => {
    const { token } = await signUp(server);
    const anonymous = initSocket(server.wsUrl, { address: '192.0.2.1' });
    const signedIn = initSocket(server.wsUrl, {
      address: '192.0.2.1',
      payload: { authorization: `Bearer ${token}` },
    });
    expect(await anonymous.outcome).toEqual({ acknowledged: true });
    expect(await signedIn.outcome).toEqual({ acknowledged: true });
    const started = Date.now();
    expect(await anonymous.closed).toBe(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(signedIn.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('keeps an anonymous socket open while it keeps running operations', async () => {
    const anonymous = initSocket(server.wsUrl, { address: '192.0.2.2' });
    expect(await anonymous.outcome).toEqual({ acknowledged: true });
    // Queries every 200 ms for 1.5 s: well past the 600 ms idle timeout in total.
    for (let i = 0; i < 8; i++) {
      expect(await ask(anonymous.socket, `q${i}`)).toMatchObject({ type: 'next' });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(anonymous.socket.readyState).toBe(WebSocket.OPEN);
    expect(await anonymous.closed).toBe(1000);
  });
});

describe('connections per address, WebSocket and SSE together', () => {
  const server = useTestServer({
    env: {
      TRUST_PROXY_HOPS: '1',
      MAX_CONNECTIONS_PER_ADDRESS: '4',
      MAX_ANONYMOUS_CONNECTIONS_PER_ADDRESS: '2',
    },
  });

  it('refuses a WebSocket or an SSE stream past the address cap, signed in or not, and not other addresses', async () => {
    const { token } = await signUp(server);
    const auth = { authorization: `Bearer ${token}` };
    const sockets = [1, 2, 3].map(() =>
      initSocket(server.wsUrl, { address: '198.51.100.20', payload: auth }),
    );
    for (const { outcome } of sockets) expect(await outcome).toEqual({ acknowledged: true });
    const stream = await eventStream(server.url, '198.51.100.20', token);
    expect(stream.status).toBe(200);

    const fifth = initSocket(server.wsUrl, { address: '198.51.100.20', payload: auth });
    expect(await fifth.outcome).toEqual({ closed: 1013 });
    const refusedStream = await eventStream(server.url, '198.51.100.20', token);
    expect(refusedStream.status).toBe(429);
    expect(refusedStream.body).toMatchObject({
      errors: [{ extensions: { code: 'TOO_MANY_CONNECTIONS' } }],
    });

    const elsewhere = initSocket(server.wsUrl, { address: '198.51.100.21', payload: auth });
    expect(await elsewhere.outcome).toEqual({ acknowledged: true });
    stream.abort();
  });

  it('counts anonymous SSE requests against the anonymous cap of their address', async () => {
    const first = initSocket(server.wsUrl, { address: '198.51.100.30' });
    const second = initSocket(server.wsUrl, { address: '198.51.100.30' });
    expect(await first.outcome).toEqual({ acknowledged: true });
    expect(await second.outcome).toEqual({ acknowledged: true });
    const refused = await eventStream(server.url, '198.51.100.30');
    expect(refused.status).toBe(429);
  });
});

describe('connections overall', () => {
  const server = useTestServer({ env: { MAX_CONNECTIONS: '20', MAX_ANONYMOUS_CONNECTIONS: '5' } });

  it('drops TCP connections past MAX_CONNECTIONS, and accepts again once some close', async () => {
    const url = new URL(server.url);
    const open = async () => {
      const socket = connect(Number(url.port), url.hostname);
      await new Promise((resolve) => socket.once('connect', resolve));
      return socket;
    };
    const held: Socket[] = [];
    for (let i = 0; i < 20; i++) held.push(await open());
    const extra = await open();
    const dropped = await new Promise<boolean>((resolve) => {
      extra.once('close', () => resolve(true));
      extra.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
      setTimeout(() => resolve(false), 5_000);
    });
    expect(dropped).toBe(true);
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

/**
 * Opens a subscription over SSE and reads until the first result or `waitMs` of silence: an
 * open stream stays silent, a refused one answers at once. (Subscriptions over multipart HTTP
 * answer 406: SSE is the only other streaming transport.)
 */
async function streamingSubscription(url: string, token: string, waitMs = 500) {
  const controller = new AbortController();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    signal: controller.signal,
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query: 'subscription { directMessages { id } }' }),
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let text = '';
  const deadline = Date.now() + waitMs;
  while (!text.includes('"errors"') && Date.now() < deadline) {
    const chunk = await Promise.race([
      reader.read(),
      new Promise<undefined>((resolve) => setTimeout(resolve, deadline - Date.now())),
    ]);
    if (!chunk || chunk.done) break;
    text += new TextDecoder().decode(chunk.value);
  }
  const code = /"code":"([A-Z_]+)"/.exec(text)?.[1];
  return { status: response.status, code, close: () => controller.abort() };
}

describe('SSE streams per user', () => {
  const server = useTestServer({ env: { MAX_SSE_STREAMS_PER_USER: '3' } });

  it('refuses a 4th subscription over SSE with TOO_MANY_SUBSCRIPTIONS, not another user, and again once one ends', async () => {
    const alice = await signUp(server);
    const bob = await signUp(server);
    const three = await Promise.all(
      [1, 2, 3].map(() => streamingSubscription(server.url, alice.token)),
    );
    for (const stream of three) expect(stream.code).toBeUndefined();

    const fourth = await streamingSubscription(server.url, alice.token);
    expect(fourth.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    expect((await streamingSubscription(server.url, bob.token)).code).toBeUndefined();

    three[0]?.close();
    // The server notices the closed stream on its next write or the socket's close.
    const deadline = Date.now() + 10_000;
    let again = await streamingSubscription(server.url, alice.token);
    while (again.code && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      again = await streamingSubscription(server.url, alice.token);
    }
    expect(again.code).toBeUndefined();
    for (const stream of [...three, again]) stream.close();
  });

  it('refuses many SSE subscriptions sent at once past the cap', async () => {
    const carol = await signUp(server);
    const streams = await Promise.all(
      Array.from({ length: 10 }, () => streamingSubscription(server.url, carol.token)),
    );
    expect(streams.filter((stream) => stream.code === undefined)).toHaveLength(3);
    expect(streams.filter((stream) => stream.code === 'TOO_MANY_SUBSCRIPTIONS')).toHaveLength(7);
    for (const stream of streams) stream.close();
  });
});

describe('WebSockets per user', () => {
  const server = useTestServer({ env: { TRUST_PROXY_HOPS: '1', MAX_SOCKETS_PER_USER: '3' } });

  it('refuses a 4th socket of one user with 1013, from any address, not another user, and again once one closes', async () => {
    const alice = await signUp(server);
    const bob = await signUp(server);
    const as = (token: string, address: string) =>
      initSocket(server.wsUrl, { address, payload: { authorization: `Bearer ${token}` } });
    const three = [1, 2, 3].map((i) => as(alice.token, `198.51.100.${40 + i}`));
    for (const { outcome } of three) expect(await outcome).toEqual({ acknowledged: true });
    expect(await as(alice.token, '198.51.100.50').outcome).toEqual({ closed: 1013 });
    expect(await as(bob.token, '198.51.100.50').outcome).toEqual({ acknowledged: true });
    three[0]?.socket.close();
    await three[0]?.closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await as(alice.token, '198.51.100.51').outcome).toEqual({ acknowledged: true });
  });
});

describe('connection settings', () => {
  it('refuse to start when anonymous connections could take every connection', () => {
    expect(() => loadConfig({ MAX_CONNECTIONS: '100', MAX_ANONYMOUS_CONNECTIONS: '100' })).toThrow(
      ConfigError,
    );
    expect(loadConfig({}).connections).toEqual({
      maxPerAddress: 256,
      maxAnonymousPerAddress: 16,
      maxAnonymous: 1000,
      maxSocketsPerUser: 32,
      anonymousIdleTimeoutMs: 30_000,
    });
  });
});
