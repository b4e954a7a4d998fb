/**
 * How long one re-check of live access takes (src/delivery/access-revalidation.ts): N sessions
 * and N room memberships (over 50 rooms) held by live connections, on an empty database.
 *
 *   npx tsx bench/access-revalidation.ts                      # SQLite, N=10000
 *   N=2000 DB=postgres://postgres@127.0.0.1:5432/<db> npx tsx bench/access-revalidation.ts
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/database.js';
import { AccessRevalidation } from '../src/delivery/access-revalidation.js';
import { DeliveryHub, membershipKey } from '../src/delivery/stream-hub.js';
import { createInProcessBus } from '../src/events/in-process-bus.js';
import { storeFor } from '../src/storage/store.js';

const url = process.env.DB ?? `file:${path.join(mkdtempSync(path.join(tmpdir(), 'm-')), 'c.db')}`;
const database = await openDatabase(url, {});
const bus = createInProcessBus();
const hub = new DeliveryHub(bus);
const N = Number(process.env.N ?? 10000);
for (let i = 1; i <= N; i += 1) {
  hub.sessionsRevoked.add(i, () => {});
  hub.membershipsLost.add(membershipKey(1 + (i % 50), i), () => {});
}
const r = new AccessRevalidation(
  { store: storeFor(database), hub, bus },
  { intervalMs: 3_600_000 },
);
for (let k = 0; k < 3; k += 1) {
  const t = performance.now();
  await r.revalidate();
  console.log(`${N} sessions + ${N} memberships: ${(performance.now() - t).toFixed(0)} ms`);
}
r.close();
await database.close();
