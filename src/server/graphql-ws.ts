import type { Server } from 'node:http';
import type { ExecutionArgs } from 'graphql';
import { GraphQLError } from 'graphql';
import type { Disposable } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { CharlaYoga } from './yoga.js';

/** The enveloped `execute`/`subscribe` of one operation, carried from onSubscribe to execution. */
type EnvelopedOperation = Pick<ReturnType<CharlaYoga['getEnveloped']>, 'execute' | 'subscribe'>;
const operations = new WeakMap<ExecutionArgs, EnvelopedOperation>();

function envelopedFor(args: ExecutionArgs): EnvelopedOperation {
  const operation = operations.get(args);
  if (!operation) throw new Error('graphql-ws operation did not pass through onSubscribe');
  return operation;
}

/**
 * Serves graphql-ws (`graphql-transport-ws`) on Yoga's endpoint of the same HTTP server.
 * Each operation is parsed, validated, given its context and executed through
 * `yoga.getEnveloped`, so Yoga's plugins (masking, limits, auth) apply exactly as over HTTP.
 */
export function attachGraphQLWs(httpServer: Server, yoga: CharlaYoga): Disposable {
  const wsServer = new WebSocketServer({ server: httpServer, path: yoga.graphqlEndpoint });
  return useServer(
    {
      execute: (args) => envelopedFor(args).execute(args),
      subscribe: (args) => envelopedFor(args).subscribe(args),
      onSubscribe: async (ctx, _id, payload) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
        });
        let document: ExecutionArgs['document'];
        try {
          document = parse(payload.query);
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        const args: ExecutionArgs = {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
        };
        operations.set(args, { execute, subscribe });
        return args;
      },
    },
    wsServer,
  );
}
