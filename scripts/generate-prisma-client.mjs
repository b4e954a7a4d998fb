// Runs at `npm install` (postinstall): writes the Prisma clients into src/generated/ (prisma for
// SQLite, prisma-pg for PostgreSQL). Plain JavaScript so it needs nothing but Node. The Prisma
// CLI wants a native schema engine that it would download; `generate` never uses it, so any
// existing file satisfies the check.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');

for (const schema of ['prisma/schema.prisma', 'prisma/postgres/schema.prisma']) {
  const result = spawnSync(process.execPath, [prismaCli, 'generate', '--schema', schema], {
    stdio: 'inherit',
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      CHECKPOINT_DISABLE: '1',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
