import { type GraphQLSchema, isObjectType } from 'graphql';
import { encodeGlobalId } from './global-id.js';

/**
 * Pothos's relay plugin resolves every Node's `id` through an `async` function, so any document
 * that selects an id makes graphql-js build promises for the whole result. Every Charla Node's
 * id is `encodeGlobalId(<type>, <object>.id)`, a pure function of the object: resolved
 * synchronously here, with the same value. Shared live renders need synchronous execution
 * (live-sharing.ts), and every other operation gets cheaper too.
 */
export function resolveGlobalIdsSynchronously(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) continue;
    const field = type.getFields().id;
    const relayResolve = field?.resolve;
    if (!field || !relayResolve) continue;
    const typename = type.name;
    field.resolve = (parent, args, context, info) => {
      const key = (parent as { id?: unknown }).id;
      return typeof key === 'number' || typeof key === 'string'
        ? encodeGlobalId(typename, key)
        : relayResolve(parent, args, context, info);
    };
  }
  return schema;
}
