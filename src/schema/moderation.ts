import { inForce } from '../domain/access.js';
import { pageRequest } from '../domain/pagination.js';
import type { RoomMembershipView } from '../domain/ports.js';
import type { RoomEvent } from '../events/event-bus.js';
import { builder } from './builder.js';
import { toConnection } from './connections.js';
import { encodeCursor, optionalCursor } from './cursors.js';
import { RoomRef, roomIdArg } from './room.js';
import { UserRef, userIdArg } from './user.js';
import { requireViewer } from './viewer.js';

/**
 * Roles and moderation: `Room.viewerRole`, `Room.memberships`, the moderation mutations and the
 * room events that announce them. Try in GraphiQL (as the room's owner), with `roomEvents`
 * open in another tab:
 *
 * ```graphql
 * mutation { setRoomRole(roomId: "…", userId: "…", role: MODERATOR) { viewerRole } }
 * mutation { muteInRoom(roomId: "…", userId: "…", until: "2030-01-01T00:00:00Z") { id } }
 * ```
 */

const MEMBERSHIPS_CURSOR = 'memberships';

export const RoomRoleRef = builder.enumType('RoomRole', {
  description: 'A member’s rank in a room: OWNER > MODERATOR > MEMBER.',
  values: {
    OWNER: { description: 'Sets roles; moderates everyone. One per room (none for `general`).' },
    MODERATOR: {
      description: 'Removes, bans and mutes members, deletes any message, renames the room.',
    },
    MEMBER: { description: 'Reads and posts.' },
  } as const,
});

const RoomMembershipRef = builder.objectRef<RoomMembershipView>('RoomMembership').implement({
  description: 'One member of a room, with their role and any mute.',
  fields: (t) => ({
    user: t.field({ type: UserRef, resolve: (membership) => membership.user }),
    role: t.field({ type: RoomRoleRef, resolve: (membership) => membership.role }),
    joinedAt: t.expose('joinedAt', { type: 'DateTime' }),
    mutedUntil: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'When the member’s mute ends; null when not muted, or muted until a moderator lifts it (see `muted`).',
      resolve: ({ mute }) => (mute && inForce(mute, new Date()) ? mute.until : null),
    }),
    muted: t.boolean({
      description: 'Whether the member is muted now: they read, but cannot post.',
      resolve: ({ mute }) => inForce(mute, new Date()),
    }),
  }),
});

const RoomMembershipConnection = builder.connectionObject(
  {
    type: RoomMembershipRef,
    name: 'RoomMembershipConnection',
    description: 'A page of a room’s memberships.',
  },
  { name: 'RoomMembershipEdge', description: 'A membership and its cursor.' },
);

builder.objectFields(RoomRef, (t) => ({
  viewerRole: t.loadable({
    type: RoomRoleRef,
    nullable: true,
    description: 'The viewer’s role in the room; null when not a member (or signed out).',
    load: (ids: number[], { moderation, viewer }) => moderation.viewerRoles(viewer, ids),
    resolve: (room) => room.id,
  }),
  memberships: t.connection(
    {
      type: RoomMembershipRef,
      description:
        'Members with their roles and mutes, in the order of their user ids. Signed-in viewers who may see the room: members only for a PRIVATE room.',
      resolve: async (room, args, context) => {
        const viewer = requireViewer(context);
        const request = pageRequest({
          first: args.first,
          last: args.last,
          after: optionalCursor<number>(MEMBERSHIPS_CURSOR, args.after, 'number', 'after'),
          before: optionalCursor<number>(MEMBERSHIPS_CURSOR, args.before, 'number', 'before'),
        });
        const page = await context.moderation.memberships(viewer, room.id, request);
        return toConnection(page, (membership) =>
          encodeCursor(MEMBERSHIPS_CURSOR, membership.user.id),
        );
      },
    },
    RoomMembershipConnection,
  ),
}));

type Of<K extends RoomEvent['kind']> = Extract<RoomEvent, { kind: K }>;

export const MemberRemovedEventRef = builder
  .objectRef<Of<'member-removed'>>('MemberRemovedEvent')
  .implement({
    description: 'A moderator removed a member from the room (`banned`: and banned them).',
    fields: (t) => ({
      user: t.field({ type: UserRef, resolve: (event) => event.userId }),
      by: t.field({ type: UserRef, resolve: (event) => event.byUserId }),
      banned: t.exposeBoolean('banned'),
    }),
  });

export const MemberRoleChangedEventRef = builder
  .objectRef<Of<'member-role-changed'>>('MemberRoleChangedEvent')
  .implement({
    description: 'The owner changed a member’s role (or handed ownership over).',
    fields: (t) => ({
      user: t.field({ type: UserRef, resolve: (event) => event.userId }),
      role: t.field({ type: RoomRoleRef, resolve: (event) => event.role }),
      by: t.field({ type: UserRef, resolve: (event) => event.byUserId }),
    }),
  });

export const MemberMutedEventRef = builder
  .objectRef<Of<'member-muted'>>('MemberMutedEvent')
  .implement({
    description: 'A moderator muted (`muted: true`) or unmuted a member.',
    fields: (t) => ({
      user: t.field({ type: UserRef, resolve: (event) => event.userId }),
      by: t.field({ type: UserRef, resolve: (event) => event.byUserId }),
      muted: t.exposeBoolean('muted'),
      until: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When the mute ends; null until lifted (or when unmuted).',
        resolve: (event) => (event.until === null ? null : new Date(event.until)),
      }),
    }),
  });

builder.mutationFields((t) => {
  const roomId = () => t.arg.id({ required: true, description: 'The room.' });
  const userId = () => t.arg.id({ required: true, description: 'The user (a User id).' });
  const until = () =>
    t.arg({
      type: 'DateTime',
      description:
        'When it ends by itself: in the future, within ten years. Left out: until lifted.',
    });
  return {
    removeRoomMember: t.field({
      type: RoomRef,
      description:
        'Kicks a member of lower rank (moderators and the owner): their streams of the room end at once; they may join again. Errors: FORBIDDEN, NOT_FOUND.',
      args: { roomId: roomId(), userId: userId() },
      resolve: (_root, args, context) =>
        context.moderation.removeMember(
          requireViewer(context),
          roomIdArg(args.roomId),
          userIdArg(args.userId, 'userId'),
        ),
    }),
    banFromRoom: t.field({
      type: RoomRef,
      description:
        'Removes a user of lower rank (member or not) and refuses their re-join or re-add until `until` or `unbanFromRoom`. Errors: FORBIDDEN, NOT_FOUND, BAD_USER_INPUT.',
      args: {
        roomId: roomId(),
        userId: userId(),
        until: until(),
        reason: t.arg.string({ description: 'At most 500 characters; shown to moderators.' }),
      },
      resolve: (_root, args, context) =>
        context.moderation.ban(
          requireViewer(context),
          roomIdArg(args.roomId),
          userIdArg(args.userId, 'userId'),
          args.until,
          args.reason,
        ),
    }),
    unbanFromRoom: t.field({
      type: RoomRef,
      description: 'Lifts a ban (none: no change). Moderators and the owner.',
      args: { roomId: roomId(), userId: userId() },
      resolve: (_root, args, context) =>
        context.moderation.unban(
          requireViewer(context),
          roomIdArg(args.roomId),
          userIdArg(args.userId, 'userId'),
        ),
    }),
    muteInRoom: t.field({
      type: RoomRef,
      description:
        'Mutes a member of lower rank: they still read, but posting answers FORBIDDEN until `until` or `unmuteInRoom`.',
      args: { roomId: roomId(), userId: userId(), until: until() },
      resolve: (_root, args, context) =>
        context.moderation.mute(
          requireViewer(context),
          roomIdArg(args.roomId),
          userIdArg(args.userId, 'userId'),
          args.until,
        ),
    }),
    unmuteInRoom: t.field({
      type: RoomRef,
      description: 'Lifts a mute (none: no change). Moderators and the owner.',
      args: { roomId: roomId(), userId: userId() },
      resolve: (_root, args, context) =>
        context.moderation.unmute(
          requireViewer(context),
          roomIdArg(args.roomId),
          userIdArg(args.userId, 'userId'),
        ),
    }),
    setRoomRole: t.field({
      type: RoomRef,
      description:
        'Owner only: makes a member MODERATOR or MEMBER; OWNER hands the room over (the old owner becomes MODERATOR).',
      args: {
        roomId: roomId(),
        userId: userId(),
        role: t.arg({ type: RoomRoleRef, required: true }),
      },
      resolve: (_root, args, context) =>
        context.moderation.setRole(
          requireViewer(context),
          roomIdArg(args.roomId),
          userIdArg(args.userId, 'userId'),
          args.role,
        ),
    }),
    updateRoom: t.field({
      type: RoomRef,
      description:
        'Moderators and the owner: renames the room and sets its topic. Left out: unchanged; a blank topic clears it. Errors: BAD_USER_INPUT, ROOM_NAME_TAKEN, FORBIDDEN.',
      args: {
        roomId: roomId(),
        name: t.arg.string({ description: 'As for `createRoom`; unique among public rooms.' }),
        topic: t.arg.string({ description: 'At most 250 characters.' }),
      },
      resolve: (_root, args, context) =>
        context.moderation.updateRoom(
          requireViewer(context),
          roomIdArg(args.roomId),
          args.name,
          args.topic,
        ),
    }),
  };
});
