import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { schema } from './index.js';

/** `schema.graphql` at the repository root: the client-facing SDL, checked in. */
export const schemaSdlPath = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

/** The SDL as `npm run schema` writes it (types already sorted by the builder). */
export function schemaSdl(): string {
  return `${printSchema(schema)}\n`;
}
