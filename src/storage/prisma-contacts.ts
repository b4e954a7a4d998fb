import type { Db } from '../db/database.js';
import type { ContactStore } from '../domain/ports.js';

/**
 * Whether one user accepts contact from another: the facts `contactRefusal` (access.ts) reads,
 * in one read transaction. Whether they share a room is only read when the policy asks.
 */
export function createPrismaContacts(db: Db): ContactStore {
  return {
    contactFacts: (senderId, recipientId) =>
      db.$transaction(async (tx) => {
        const recipient = await tx.user.findUnique({
          where: { id: recipientId },
          select: {
            directMessagePolicy: true,
            blocks: { where: { blockedId: senderId }, select: { blockedId: true } },
          },
        });
        if (!recipient) return null;
        const [low, high] =
          senderId < recipientId ? [senderId, recipientId] : [recipientId, senderId];
        const conversation = await tx.conversation.findUnique({
          where: { userLowId_userHighId: { userLowId: low, userHighId: high } },
          select: { id: true },
        });
        const shareARoom =
          recipient.directMessagePolicy === 'SHARED_ROOMS' &&
          (await tx.membership.findFirst({
            where: { userId: senderId, room: { members: { some: { userId: recipientId } } } },
            select: { roomId: true },
          })) !== null;
        return {
          blockedBySender: recipient.blocks.length > 0,
          policy: recipient.directMessagePolicy,
          shareARoom,
          conversationExists: conversation !== null,
        };
      }),
  };
}
