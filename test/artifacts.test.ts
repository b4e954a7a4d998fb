import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pendingSchemaChange, storageProfiles } from '../src/db/migrations.js';
import { createSqliteAdapterFactory } from '../src/db/sqlite-adapter.js';
import { schemaSdl, schemaSdlPath, subgraphSdl, subgraphSdlPath } from '../src/schema/sdl.js';

describe('checked-in artifacts', () => {
  it('schema.graphql matches the Pothos schema (fix: npm run schema)', () => {
    const committed = readFileSync(schemaSdlPath, 'utf8');
    expect(committed, 'schema.graphql is stale: run `npm run schema` and commit it').toBe(
      schemaSdl(),
    );
  });

  it('schema.subgraph.graphql matches the federation subgraph (fix: npm run schema)', () => {
    const committed = readFileSync(subgraphSdlPath, 'utf8');
    expect(committed, 'schema.subgraph.graphql is stale: run `npm run schema`').toBe(subgraphSdl());
  });

  it('prisma/migrations build exactly prisma/schema.prisma (fix: npm run db:migration -- <name>)', async () => {
    const pending = await pendingSchemaChange(
      storageProfiles.sqlite,
      createSqliteAdapterFactory(':memory:'),
    );
    expect(
      pending,
      `schema.prisma has changes no migration creates; run \`npm run db:migration -- <name>\`:\n${pending}`,
    ).toBeNull();
  });
});
