import { fileURLToPath } from 'node:url';
import { printSubgraphSchema } from '@apollo/subgraph';
import { printSchema } from 'graphql';
import { schema, subgraphSchema } from './index.js';

/** `schema.graphql` at the repository root: the client-facing SDL, checked in. */
export const schemaSdlPath = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

/** `schema.subgraph.graphql`: the Apollo Federation subgraph SDL a gateway composes, checked in. */
export const subgraphSdlPath = fileURLToPath(
  new URL('../../schema.subgraph.graphql', import.meta.url),
);

/** The SDL as `npm run schema` writes it (types already sorted by the builder). */
export function schemaSdl(): string {
  return `${printSchema(schema)}\n`;
}

/** The subgraph SDL, with its federation directives, as `_service { sdl }` answers it. */
export function subgraphSdl(): string {
  return `${printSubgraphSchema(subgraphSchema)}\n`;
}
