import type { GraphQLContext, LiveConnection } from '../schema/context.js';
import { authenticate } from './authentication.js';

/** The long-lived services every operation's context shares. */
export type Services = Omit<
  GraphQLContext,
  'viewer' | 'clientAddress' | 'connection' | 'operationId'
>;

/** What a transport knows about one operation's caller. */
export type Caller = {
  authorization: string | null | undefined;
  clientAddress: string;
  connection: LiveConnection;
};

export type ContextFactory = (caller: Caller) => Promise<GraphQLContext>;

/** Builds each operation's context, authenticating the caller the same way on every transport. */
export function createContextFactory(services: Services): ContextFactory {
  return async ({ authorization, clientAddress, connection }) => ({
    ...services,
    viewer: await authenticate(services.identity, authorization),
    clientAddress,
    connection,
  });
}
