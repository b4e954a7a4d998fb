import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RoomMessagesDocument } from './generated/graphql.js';
import type { Account } from './support/accounts.js';
import { record } from './support/graphql-ws.js';
import { post, roomWithMembers } from './support/rooms.js';
import { useTestServer } from './support/server.js';

/** A raw graphql-transport-ws client that can stop reading its socket, like a stalled phone. */
async function stallableSubscriber(url: string, token: string, query: string, variables: object) {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const frames: { type: string; payload?: unknown }[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data))));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(
    JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
  );
  while (!frames.some((f) => f.type === 'connection_ack'))
    await new Promise((r) => setTimeout(r, 10));
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
  const tcp = (socket as unknown as { _socket: Socket })._socket;
  return {
    frames,
    stall: () => tcp.pause(),
    resume: () => tcp.resume(),
    close: () => socket.terminate(),
  };
}

describe('a subscriber that stops reading', () => {
  const server = useTestServer({
    env: { SUBSCRIPTION_MAX_QUEUED_EVENTS: '50', CONNECTION_MAX_BUFFERED_BYTES: '65536' },
  });

  it('is cut off with SLOW_CONSUMER while the others receive everything', async () => {
    const { room, owner, members } = await roomWithMembers(server, 1);
    const healthyReader = members[0] as Account;
    const healthy = record<{ roomMessages: { id: string } }>(
      server.wsClient({ connectionParams: { authorization: `Bearer ${healthyReader.token}` } }),
      RoomMessagesDocument,
      { roomId: room.id },
    );
    // Closed by the server's shutdown even if the test fails: a stalled peer must not hold it up.
    const stalled = await stallableSubscriber(
      server.wsUrl,
      owner.token,
      String(RoomMessagesDocument),
      {
        roomId: room.id,
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    stalled.stall();

    // About 8 MB (12 KB a message: 3 bytes per €): more than the kernel buffers between a paused
    // reader and the server hold (131 KB to receive unless the reader reads, 4 MB to send).
    const total = 700;
    const body = '€'.repeat(3900);
    const posters = 8;
    await Promise.all(
      Array.from({ length: posters }, async (_, poster) => {
        for (let i = poster; i < total; i += posters) {
          await post(server, owner, room.id, `${i} ${body}`);
        }
      }),
    );

    expect((await healthy.waitFor(total, 50_000)).length).toBe(total);

    stalled.resume();
    const deadline = Date.now() + 10_000;
    while (!stalled.frames.some((f) => f.type === 'complete') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const nexts = stalled.frames.filter((f) => f.type === 'next') as {
      payload: { data?: unknown; errors?: { extensions: { code: string } }[] };
    }[];
    const last = nexts.at(-1);
    expect(last?.payload.errors?.[0]?.extensions.code).toBe('SLOW_CONSUMER');
    // What reached the stalled client is what the kernel buffers held when the server's own
    // buffer passed its 64 KB cap: the rest of the backlog was never queued for it.
    expect(nexts.length).toBeLessThan(total);
    expect(stalled.frames.at(-1)?.type).toBe('complete');
    stalled.close();
  }, 60_000);
});
