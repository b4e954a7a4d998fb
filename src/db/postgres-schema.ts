/**
 * PostgreSQL's Prisma schema is SQLite's with another datasource and client output: one source
 * of truth for the models. `npm run db:migration` writes it; a test fails when it is stale.
 */
export function postgresSchemaFrom(sqliteSchema: string): string {
  const derived = sqliteSchema
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(
      /output(\s*)=\s*"\.\.\/src\/generated\/prisma"/,
      'output$1= "../../src/generated/prisma-pg"',
    );
  return `// Generated from prisma/schema.prisma by \`npm run db:migration\`: do not edit.\n${derived}`;
}
