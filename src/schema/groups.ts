import { builder } from './builder.js';
import { RoomRef, roomIdArg } from './room.js';
import { userIdsArg } from './user.js';
import { requireSpeaker } from './viewer.js';

builder.mutationFields((t) => ({
  createGroupChat: t.field({
    type: RoomRef,
    description:
      'A group chat in one step: a PRIVATE room owned by the viewer with the users in `memberIds` (at least one besides the viewer, at most 100) as members. Same rules as `createRoom(visibility: PRIVATE, memberIds: …)`. Errors: BAD_USER_INPUT, NOT_FOUND (an unknown user), BLOCKED.',
    args: {
      memberIds: t.arg.idList({
        required: true,
        description: 'User ids; duplicates and the viewer are ignored.',
      }),
      name: t.arg.string({
        description: 'Optional free text, up to 64 characters; unnamed, it shows its members.',
      }),
    },
    resolve: (_root, { memberIds, name }, context) =>
      context.groups.createGroupChat(
        requireSpeaker(context),
        userIdsArg(memberIds, 'memberIds'),
        name,
      ),
  }),
  addRoomMembers: t.field({
    type: RoomRef,
    description:
      'Adds users to a room: its owner and moderators may, in PRIVATE and PUBLIC rooms alike. All or nothing; users already members are no change. Each new member’s joining is announced on `roomEvents`. Errors: NOT_FOUND (no such room, or a private room the viewer is not in; an unknown user, `field` userIds), FORBIDDEN (not owner or moderator; a banned user), BLOCKED (a user who would not accept a direct message from the viewer), BAD_USER_INPUT (more than 100 users).',
    args: {
      roomId: t.arg.id({ required: true }),
      userIds: t.arg.idList({ required: true, description: 'User ids; at most 100.' }),
    },
    resolve: (_root, { roomId, userIds }, context) =>
      context.groups.addRoomMembers(
        requireSpeaker(context),
        roomIdArg(roomId),
        userIdsArg(userIds, 'userIds'),
      ),
  }),
}));
