import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signUp } from './support/accounts.js';
import { startTestServer, type TestServer, useTestServer } from './support/server.js';

/** A raw graphql-transport-ws peer: sends frames, collects frames, reports the close code. */
async function peer(server: TestServer, protocol: string | null = 'graphql-transport-ws') {
  const socket = protocol ? new WebSocket(server.wsUrl, protocol) : new WebSocket(server.wsUrl);
  const frames: { type: string; id?: string; payload?: unknown }[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data))));
  socket.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const send = (frame: unknown) =>
    socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  const waitFor = async (type: string) => {
    const deadline = Date.now() + 5_000;
    while (!frames.some((frame) => frame.type === type)) {
      if (Date.now() > deadline) throw new Error(`no ${type} frame: ${JSON.stringify(frames)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return frames.find((frame) => frame.type === type);
  };
  return { socket, frames, closed, send, waitFor };
}

describe('the graphql-transport-ws protocol, close code by close code', () => {
  const server = useTestServer({ env: { WS_CONNECTION_INIT_TIMEOUT_MS: '300' } });

  it('4400: an invalid message', async () => {
    const p = await peer(server);
    p.send({ type: 'connection_init' });
    await p.waitFor('connection_ack');
    p.send({ type: 'no-such-type' });
    expect((await p.closed).code).toBe(4400);
  });

  it('4400: a frame that is not JSON', async () => {
    const p = await peer(server);
    p.send('{not json');
    expect((await p.closed).code).toBe(4400);
  });

  it('4401: subscribing before the connection is acknowledged', async () => {
    const p = await peer(server);
    p.send({ id: '1', type: 'subscribe', payload: { query: '{ __typename }' } });
    expect((await p.closed).code).toBe(4401);
  });

  it('4403: a connection_init whose token proves nothing', async () => {
    const p = await peer(server);
    p.send({ type: 'connection_init', payload: { authorization: 'Bearer charla_forged' } });
    expect((await p.closed).code).toBe(4403);
  });

  it('4406: no graphql-transport-ws subprotocol agreed', async () => {
    // A client asking for another subprotocol gets none selected (and browsers then abort);
    // one that asks for none is accepted at the HTTP level and closed by the protocol.
    const p = await peer(server, null);
    expect((await p.closed).code).toBe(4406);
  });

  it('4408: no connection_init in time', async () => {
    const p = await peer(server);
    expect((await p.closed).code).toBe(4408);
  });

  it('4409: two subscriptions with the same id', async () => {
    const { token } = await signUp(server);
    const p = await peer(server);
    p.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
    await p.waitFor('connection_ack');
    const subscribe = {
      id: 'same',
      type: 'subscribe',
      payload: { query: 'subscription { directMessages { id } }' },
    };
    p.send(subscribe);
    p.send(subscribe);
    expect((await p.closed).code).toBe(4409);
  });

  it('4429: a second connection_init', async () => {
    const p = await peer(server);
    p.send({ type: 'connection_init' });
    p.send({ type: 'connection_init' });
    expect((await p.closed).code).toBe(4429);
  });

  it('answers ping with pong, and accepts an unsolicited pong', async () => {
    const p = await peer(server);
    p.send({ type: 'connection_init' });
    await p.waitFor('connection_ack');
    p.send({ type: 'pong' });
    p.send({ type: 'ping', payload: { t: 1 } });
    expect(await p.waitFor('pong')).toMatchObject({ type: 'pong' });
    p.socket.close(1000);
    expect((await p.closed).code).toBe(1000);
  });

  it('runs a query to completion with next and complete frames', async () => {
    const p = await peer(server);
    p.send({ type: 'connection_init' });
    await p.waitFor('connection_ack');
    p.send({ id: 'q', type: 'subscribe', payload: { query: '{ __typename }' } });
    await p.waitFor('complete');
    expect(p.frames.slice(1)).toEqual([
      { id: 'q', type: 'next', payload: { data: { __typename: 'Query' } } },
      { id: 'q', type: 'complete' },
    ]);
  });
});

describe('shutdown', () => {
  it('closes open sockets with 1001 (going away)', async () => {
    const server = await startTestServer();
    const p = await peer(server);
    p.send({ type: 'connection_init' });
    await p.waitFor('connection_ack');
    await server.stop();
    expect((await p.closed).code).toBe(1001);
  });
});
