import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:postgres`: the identity, rooms, messages and delivery suites again, each test
 * server on its own PostgreSQL database and Redis prefix (CHARLA_TEST_STORAGE=postgres), plus the
 * multi-instance tests. Needs PostgreSQL and Redis (TEST_POSTGRES_URL, TEST_REDIS_URL; by
 * default this machine's).
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    exclude: [],
    include: [
      'test/auth.test.ts',
      'test/operation-credentials.test.ts',
      'test/rooms.test.ts',
      'test/room-membership.test.ts',
      'test/messages.test.ts',
      'test/direct-messages.test.ts',
      'test/history.test.ts',
      'test/read-markers.test.ts',
      'test/access.test.ts',
      'test/live-delivery.test.ts',
      'test/cursors.test.ts',
      'test/shared-delivery.test.ts',
      'test/ephemeral-events.test.ts',
      'test/scale-out.test.ts',
      'test/scale-out-blocking.test.ts',
      'test/blocking.test.ts',
      'test/direct-message-policy.test.ts',
      'test/bad-input.test.ts',
      'test/fuzz.test.ts',
      'test/look-alike-names.test.ts',
      'test/scale-out-revocation.test.ts',
      'test/storage-failures.test.ts',
      'test/private-rooms.test.ts',
      'test/group-chats.test.ts',
      'test/inbox.test.ts',
      'test/moderation.test.ts',
      'test/roles.test.ts',
      'test/scale-out-moderation.test.ts',
      'test/scale-out-suspension.test.ts',
      'test/reports.test.ts',
      'test/suspension.test.ts',
      'test/account-deletion.test.ts',
      'test/data-export.test.ts',
    ],
  },
});
