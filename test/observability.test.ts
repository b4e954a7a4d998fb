import { describe, expect, it } from 'vitest';
import { PostMessageDocument, RoomMessagesDocument } from './generated/graphql.js';
import { PASSWORD, signUp } from './support/accounts.js';
import { record } from './support/graphql-ws.js';
import { untilLive } from './support/live.js';
import { roomWithMembers } from './support/rooms.js';
import { startTestServer } from './support/server.js';

const metricValue = (text: string, name: string) =>
  Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);

describe('metrics and request logs', () => {
  it('exposes request, socket, subscription, delivery and rate-limit metrics on /metrics', async () => {
    const server = await startTestServer({ env: { MESSAGES_PER_SECOND: '1', MESSAGE_BURST: '1' } });
    try {
      const { room, owner } = await roomWithMembers(server, 0);
      // A fresh server: this is its only subscription.
      const live = record(
        server.wsClient({ connectionParams: { authorization: `Bearer ${owner.token}` } }),
        RoomMessagesDocument,
        { roomId: room.id },
      );
      await untilLive(server, 0, 1);
      await server.request(PostMessageDocument, { roomId: room.id, body: 'one' }, owner);
      await server.request(PostMessageDocument, { roomId: room.id, body: 'two' }, owner); // limited
      await live.waitFor(1);

      const text = await (await fetch(`${server.url}/metrics`)).text();
      expect(metricValue(text, 'charla_websockets_open')).toBe(1);
      expect(metricValue(text, 'charla_subscriptions_active')).toBe(1);
      expect(metricValue(text, 'charla_events_delivered_total')).toBeGreaterThanOrEqual(1);
      expect(text).toMatch(/charla_rate_limited_total\{action="post-message"\} 1/);
      expect(text).toContain('graphql_yoga_http_duration');
      expect(text).toContain('graphql_envelop_phase_execute');

      live.stop();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const after = await (await fetch(`${server.url}/metrics`)).text();
      expect(metricValue(after, 'charla_subscriptions_active')).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it('logs one line per request with an id, and never a token or password', async () => {
    const lines: string[] = [];
    const server = await startTestServer({
      env: { LOG_LEVEL: 'info' },
      logDestination: { write: (line) => void lines.push(line) },
    });
    try {
      const { token } = await signUp(server);
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-request-id': 'trace-123',
        },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
      expect(response.headers.get('x-request-id')).toBe('trace-123');
      const logged = lines
        .map((line) => JSON.parse(line))
        .filter((entry) => entry.msg === 'request');
      expect(logged.find((entry) => entry.reqId === 'trace-123')).toMatchObject({
        method: 'POST',
        path: '/graphql',
        status: 200,
      });
      expect(logged.length).toBeGreaterThanOrEqual(2);
      const output = lines.join('');
      expect(output).not.toContain(token);
      expect(output).not.toContain(PASSWORD);
    } finally {
      await server.stop();
    }
  });
});
