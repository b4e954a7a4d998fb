import {
  defaultFieldResolver,
  type GraphQLArgument,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLSchema,
  getNullableType,
  isInputObjectType,
  isIntrospectionType,
  isListType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { badInput } from '../domain/errors.js';

/**
 * Text arguments may not hold NUL (U+0000), on any field, over any transport. PostgreSQL's text
 * columns cannot store it and answer an error where SQLite would simply find nothing; no valid
 * nickname, room name, body, cursor, id or clientMessageId contains it, so refusing it here, once,
 * gives every database the same answer: BAD_USER_INPUT naming the argument.
 */
export function refuseNulInTextArguments(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const textArguments = field.args.filter((arg) => holdsText(arg.type, new Set()));
      if (textArguments.length === 0) continue;
      // A subscription's arguments are checked once, when it starts, not again for every event.
      if (field.subscribe) field.subscribe = guarded(field.subscribe, textArguments);
      else field.resolve = guarded(field.resolve ?? defaultFieldResolver, textArguments);
    }
  }
  return schema;
}

/** The resolver, after a synchronous check (shared live renders execute synchronously). */
function guarded<TSource, TContext>(
  resolve: GraphQLFieldResolver<TSource, TContext>,
  textArguments: readonly GraphQLArgument[],
): GraphQLFieldResolver<TSource, TContext> {
  return (source, args, context, info) => {
    for (const arg of textArguments) refuseNul(args[arg.name], arg.type, arg.name);
    return resolve(source, args, context, info);
  };
}

/** Whether a value of this type can carry a String or an ID, at any depth. */
function holdsText(type: GraphQLInputType, seen: Set<GraphQLInputType>): boolean {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return holdsText(nullable.ofType, seen);
  if (isScalarType(nullable)) return nullable.name === 'String' || nullable.name === 'ID';
  if (!isInputObjectType(nullable) || seen.has(nullable)) return false;
  seen.add(nullable);
  return Object.values(nullable.getFields()).some((field) => holdsText(field.type, seen));
}

function refuseNul(value: unknown, type: GraphQLInputType, field: string): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value)) for (const item of value) refuseNul(item, nullable.ofType, field);
    return;
  }
  if (isInputObjectType(nullable)) {
    for (const inner of Object.values(nullable.getFields())) {
      refuseNul(
        (value as Record<string, unknown>)[inner.name],
        inner.type,
        `${field}.${inner.name}`,
      );
    }
    return;
  }
  if (typeof value === 'string' && value.includes('\u0000')) {
    throw badInput(field, `${field} may not contain the NUL character`);
  }
}
