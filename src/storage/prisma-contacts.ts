import { loadInChunks } from '../db/batches.js';
import type { Db } from '../db/database.js';
import type { ContactFacts, DirectMessagePolicy } from '../domain/access.js';
import type { ContactStore } from '../domain/ports.js';
import { GENERAL_ROOM_NAME, roomNameKey } from '../domain/rooms.js';
import type { Tx } from './prisma-streams.js';

const GENERAL_ROOM_KEY = roomNameKey(GENERAL_ROOM_NAME);

/**
 * The facts of whether each recipient accepts contact from `senderId` (in the order asked; null
 * for an unknown or deleted user), read in `tx`: the recipients' policies, their blocks of the
 * sender, the rooms they share with the sender (only for SHARED_ROOMS recipients) and their
 * conversations with the sender. Four statements whatever the number of recipients (one chunk).
 */
export async function readContactFacts(
  tx: Tx,
  senderId: number,
  recipientIds: readonly number[],
): Promise<(ContactFacts | null)[]> {
  const ids = [...new Set(recipientIds)];
  const users = await tx.user.findMany({
    where: { id: { in: ids }, deletedAt: null },
    select: { id: true, directMessagePolicy: true },
  });
  const policyOf = new Map(users.map((user) => [user.id, user.directMessagePolicy]));
  const known = [...policyOf.keys()];
  const sharedAsked = known.filter((id) => policyOf.get(id) === 'SHARED_ROOMS');
  const [blocks, shared, conversations] = await Promise.all([
    tx.block.findMany({
      where: { blockerId: { in: known }, blockedId: senderId },
      select: { blockerId: true },
    }),
    sharedAsked.length === 0
      ? Promise.resolve([])
      : tx.membership.findMany({
          where: {
            userId: { in: sharedAsked },
            room: {
              members: { some: { userId: senderId } },
              // Everyone is in `general` from sign-up: sharing it says nothing about knowing
              // someone, so it does not count as a shared room.
              OR: [{ nameKey: null }, { nameKey: { not: GENERAL_ROOM_KEY } }],
            },
          },
          select: { userId: true },
          distinct: ['userId'],
        }),
    tx.conversationParticipant.findMany({
      where: { userId: senderId, peerId: { in: known } },
      select: { peerId: true },
    }),
  ]);
  const blockers = new Set(blocks.map((row) => row.blockerId));
  const sharing = new Set(shared.map((row) => row.userId));
  const talking = new Set(conversations.map((row) => row.peerId));
  return recipientIds.map((id) => {
    const policy = policyOf.get(id);
    if (policy === undefined) return null;
    return {
      blockedBySender: blockers.has(id),
      policy: policy as DirectMessagePolicy,
      shareARoom: sharing.has(id),
      conversationExists: talking.has(id),
    };
  });
}

/** Contact facts on Prisma (SQLite and PostgreSQL). */
export function createPrismaContacts(db: Db): ContactStore {
  return {
    async contactFacts(senderId, recipientId) {
      const [facts] = await readContactFacts(db, senderId, [recipientId]);
      return facts ?? null;
    },
    contactFactsMany: (senderId, recipientIds) =>
      loadInChunks(recipientIds, (chunk) => readContactFacts(db, senderId, chunk)),
  };
}
