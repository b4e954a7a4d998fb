import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { type ClientOptions, createClient } from 'graphql-ws';
import { resumingSubscribe } from './resuming-subscribe.js';

/** Apollo Client 4 for Charla: queries and mutations over HTTP, subscriptions resuming over WebSocket. */
export function charlaApolloClient(
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
  return new ApolloClient({
    cache: new InMemoryCache(),
    link: ApolloLink.split(
      ({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION,
      new GraphQLWsLink({ ...ws, subscribe: resumingSubscribe(ws) }),
      new HttpLink({ uri: httpUrl, headers: { authorization } }),
    ),
  });
}
