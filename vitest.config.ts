import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql ships CommonJS and ESM builds. Node loads the CommonJS one for our dependencies;
    // without this Vite would hand our own files the ESM one, and graphql refuses to mix the two.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Multi-instance tests need PostgreSQL and Redis: they run in `npm run test:postgres`.
    exclude: [
      'test/scale-out.test.ts',
      'test/scale-out-revocation.test.ts',
      'test/scale-out-moderation.test.ts',
      'test/scale-out-suspension.test.ts',
      'test/scale-out-blocking.test.ts',
    ],
    // Every test file starts its own server on port 0 with its own SQLite file.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // CI machines have two cores; more workers only make servers fight for them.
    maxWorkers: 2,
    // graphql-ws's client can leave the close of a socket that the network dropped as an
    // unhandled rejection (seen once in client-resume.test.ts, where a TCP proxy cuts the
    // connections of Apollo and urql on purpose). Only that close (1006, abnormal) in that file
    // is ignored; the test still checks that every message arrives once, in order.
    onUnhandledError(error) {
      const event = error as { code?: unknown; VITEST_TEST_PATH?: unknown };
      const dropped =
        event.code === 1006 && String(event.VITEST_TEST_PATH).endsWith('client-resume.test.ts');
      return dropped ? false : undefined;
    },
  },
});
