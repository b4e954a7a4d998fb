// Runs at `npm install` (postinstall): writes the Prisma client into src/generated/prisma.
// Plain JavaScript so it needs nothing but Node. The Prisma CLI wants a native schema engine
// that it would download; `generate` never uses it, so any existing file satisfies the check.
import { spawnSync } from 'node:child_process';

const result = spawnSync('prisma', ['generate'], {
  stdio: 'inherit',
  shell: true,
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
process.exit(result.status ?? 1);
