import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import { isObjectType } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { GraphQLContext } from './context.js';
import { decodeGlobalId, encodeGlobalId } from './global-id.js';

/** The Pothos builder: plugins, scalars and context only. Types live in their domain files. */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  // Federation last: it wraps what the others define.
  plugins: [RelayPlugin, DataloaderPlugin, DirectivePlugin, FederationPlugin],
  defaultFieldNullability: false,
  relay: {
    nodeTypeOptions: { description: 'An object with a global id that `node(id:)` resolves.' },
    pageInfoTypeOptions: {
      description: 'Where a page sits in its list (Relay cursor connections).',
    },
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: decodeGlobalId,
    nodesQueryOptions: false,
    nodeQueryOptions: {
      description: 'Any object by its global id; null when it does not exist or is not visible.',
      // A well-formed id of a type that is not a Node is simply not found.
      resolve: (_root, { id }, _context, info, resolveNode) => {
        const type = info.schema.getType(id.typename);
        const isNode = isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Node');
        return isNode ? resolveNode(id) : null;
      },
    },
  },
});

builder.addScalarType('DateTime', DateTimeResolver, {
  description: 'An instant in time, as an ISO-8601 string in UTC (`2026-01-31T12:00:00.000Z`).',
});

builder.queryType({ description: 'Everything a client can read.' });
builder.mutationType({
  description: 'Everything a client can change, always as the signed-in viewer.',
});
builder.subscriptionType({
  description:
    'Live delivery over graphql-ws or SSE. Message streams resume without gaps from any cursor you have seen.',
});
