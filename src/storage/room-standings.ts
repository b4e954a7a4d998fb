import type { RoomRole, RoomStanding, RoomVisibility } from '../domain/access.js';
import type { Tx } from './prisma-streams.js';

/** A membership row's columns that the access rules read. */
export type MembershipFacts = {
  role: string;
  mutedAt: Date | null;
  mutedUntil: Date | null;
};

/** The select that reads them (Prisma). */
export const membershipFactsSelect = { role: true, mutedAt: true, mutedUntil: true } as const;

/**
 * One user's standing in one room, from the rows storage read: the room's visibility and owner,
 * the user's membership (null: not a member) and their ban (null: none).
 */
export function standingFrom(
  room: { visibility: string; ownerId: number | null },
  userId: number,
  membership: MembershipFacts | null,
  ban: { until: Date | null } | null,
): RoomStanding {
  const role: RoomRole | null =
    membership === null
      ? null
      : room.ownerId === userId
        ? 'OWNER'
        : membership.role === 'MODERATOR'
          ? 'MODERATOR'
          : 'MEMBER';
  return {
    visibility: room.visibility as RoomVisibility,
    member: membership !== null,
    role,
    ban,
    mute: membership?.mutedAt ? { until: membership.mutedUntil } : null,
  };
}

/** The user's standing in the room, read in `tx` (one room row, its membership and ban). */
export async function readStanding(
  tx: Tx,
  roomId: number,
  userId: number,
): Promise<RoomStanding | null> {
  const room = await tx.room.findUnique({
    where: { id: roomId },
    select: {
      visibility: true,
      ownerId: true,
      members: { where: { userId }, select: membershipFactsSelect },
      bans: { where: { userId }, select: { until: true } },
    },
  });
  if (!room) return null;
  return standingFrom(room, userId, room.members[0] ?? null, room.bans[0] ?? null);
}

/** Each user's standing in the room (none when there is no such room), read in `tx`. */
export async function readStandings(
  tx: Tx,
  roomId: number,
  userIds: readonly number[],
): Promise<Map<number, RoomStanding>> {
  const rows = new Map<number, RoomStanding>();
  const room = await tx.room.findUnique({
    where: { id: roomId },
    select: { visibility: true, ownerId: true },
  });
  if (!room) return rows;
  const [members, bans] = await Promise.all([
    tx.membership.findMany({
      where: { roomId, userId: { in: [...userIds] } },
      select: { userId: true, ...membershipFactsSelect },
    }),
    tx.roomBan.findMany({
      where: { roomId, userId: { in: [...userIds] } },
      select: { userId: true, until: true },
    }),
  ]);
  const memberOf = new Map(members.map((row) => [row.userId, row]));
  const banOf = new Map(bans.map((row) => [row.userId, { until: row.until }]));
  for (const userId of userIds) {
    rows.set(
      userId,
      standingFrom(room, userId, memberOf.get(userId) ?? null, banOf.get(userId) ?? null),
    );
  }
  return rows;
}
