import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { type ClientOptions, createClient } from 'graphql-ws';
import { resumingSubscribe } from './resuming-subscribe.js';

/** urql for Charla: queries and mutations over HTTP, subscriptions resuming over WebSocket. */
export function charlaUrqlClient(
  httpUrl: string,
  wsUrl: string,
  token: string,
  wsOptions: Partial<ClientOptions> = {}, // e.g. { webSocketImpl } on Node 20
) {
  const authorization = `Bearer ${token}`;
  const ws = createClient({
    url: wsUrl,
    connectionParams: { authorization },
    ...wsOptions,
    retryAttempts: 0,
  });
  const subscribe = resumingSubscribe(ws);
  return new Client({
    url: httpUrl,
    fetchOptions: { headers: { authorization } },
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            unsubscribe: subscribe({ ...request, query: request.query ?? '' }, sink),
          }),
        }),
      }),
    ],
  });
}
