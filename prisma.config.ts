import { defineConfig } from 'prisma/config';

// Only `prisma generate` uses this file: migrations are applied by Charla itself through the
// WebAssembly schema engine (src/db/migrations.ts), because the native engine cannot be
// downloaded on our machines.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
