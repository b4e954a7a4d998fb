import { badInput } from '../domain/errors.js';
import type { User } from '../domain/users.js';
import { builder } from './builder.js';
import { decodeIntegerIdFor, parseIntegerKey } from './global-id.js';
import { requireSpeaker, requireViewer } from './viewer.js';

const SEARCH_DEFAULT = 10;
const SEARCH_MAX = 50;
const SEARCH_MAX_LENGTH = 64;

export const UserRef = builder.loadableNodeRef('User', {
  id: { resolve: (user: User) => user.id, parse: (key) => parseIntegerKey(key) },
  // Users the access rules hide (all of them, signed out) are "not found".
  load: (ids: number[], { identity, viewer }) => identity.findUsers(viewer, ids),
  sort: (user) => user.id,
});

UserRef.implement({
  description: 'A person, known by the nickname they chose. Visible to signed-in users.',
  fields: (t) => ({
    nickname: t.string({
      description:
        'As the user typed it (after NFKC normalization). "" for a user signed in through the company’s identity provider who has not claimed one yet (`claimNickname`).',
      resolve: (user) => user.nickname ?? '',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    online: t.boolean({
      description: 'True while the user has at least one live connection.',
      resolve: (user, _args, { presence }) => presence.isOnline(user.id),
    }),
  }),
});

export const UserConnection = builder.connectionObject(
  { type: UserRef, name: 'UserConnection', description: 'A page of users.' },
  { name: 'UserEdge', description: 'A user and its cursor.' },
);

/** Decodes a User id argument; BAD_USER_INPUT names the argument when it is not one. */
export function userIdArg(id: string, field: string): number {
  return decodeIntegerIdFor('User', id, field);
}

/** Decodes a list of User id arguments (BAD_USER_INPUT names the argument); at most 1000. */
export function userIdsArg(ids: readonly string[], field: string): number[] {
  if (ids.length > 1000) throw badInput(field, 'Too many ids');
  return ids.map((id) => userIdArg(id, field));
}

const AuthPayload = builder.objectRef<{ token: string; user: User }>('AuthPayload').implement({
  description: 'A new session. The token is shown only here: keep it, send it as a Bearer token.',
  fields: (t) => ({
    token: t.exposeString('token', {
      description: 'Send as `Authorization: Bearer <token>` (HTTP, SSE) or in connection_init.',
    }),
    user: t.field({ type: UserRef, resolve: (payload) => payload.user }),
  }),
});

builder.queryFields((t) => ({
  me: t.field({
    type: UserRef,
    nullable: true,
    description: 'The signed-in user; null when signed out.',
    resolve: (_root, _args, { viewer }) => viewer?.userId ?? null,
  }),
  user: t.field({
    type: UserRef,
    nullable: true,
    description: 'A user by nickname, in any letter case or look-alike spelling.',
    args: { nickname: t.arg.string({ required: true }) },
    resolve: (_root, { nickname }, context) => {
      return context.identity.findUserByNickname(requireViewer(context), nickname);
    },
  }),
  users: t.field({
    type: [UserRef],
    description: `Users whose nickname starts with \`search\` (case-insensitive), at most ${SEARCH_MAX}.`,
    args: {
      search: t.arg.string({ required: true }),
      first: t.arg.int({ description: `How many; default ${SEARCH_DEFAULT}.` }),
    },
    resolve: (_root, { search, first }, context) => {
      const viewer = requireViewer(context);
      if (search.length < 1 || search.length > SEARCH_MAX_LENGTH || !search.isWellFormed()) {
        throw badInput('search', `search has 1 to ${SEARCH_MAX_LENGTH} characters`);
      }
      const limit = first ?? SEARCH_DEFAULT;
      if (!Number.isInteger(limit) || limit < 0 || limit > SEARCH_MAX) {
        throw badInput('first', `first must be an integer from 0 to ${SEARCH_MAX}`);
      }
      return context.identity.searchUsers(viewer, search, limit);
    },
  }),
}));

builder.mutationFields((t) => ({
  register: t.field({
    type: AuthPayload,
    description:
      'Creates an account and signs it in. The user joins `general`. Errors: BAD_USER_INPUT, NICKNAME_TAKEN, RATE_LIMITED (per address).',
    args: {
      nickname: t.arg.string({
        required: true,
        description: '3–32 characters: letters of one script, digits, `_`, `-`, `.`.',
      }),
      password: t.arg.string({ required: true, description: '8–256 characters.' }),
    },
    resolve: (_root, { nickname, password }, { identity, clientAddress }) =>
      identity.register(nickname, password, clientAddress),
  }),
  login: t.field({
    type: AuthPayload,
    description:
      'Signs in with a new token. Errors: INVALID_CREDENTIALS; RATE_LIMITED after repeated failures.',
    args: {
      nickname: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
    },
    resolve: (_root, { nickname, password }, { identity, clientAddress }) =>
      identity.login(nickname, password, clientAddress),
  }),
  logout: t.boolean({
    description:
      'Revokes the token that made this call (a Charla token, or the company token it was made with), on every transport at once. True when this call revoked it (false when a concurrent logout with the same token did); either way the token no longer works. Other tokens of the same user keep working.',
    resolve: (_root, _args, context) => context.identity.logout(requireViewer(context)),
  }),
  claimNickname: t.field({
    type: UserRef,
    description:
      'For a user signed in with the company’s token: choose the nickname you are known by (the rules of `register`), once, before you can speak; you join `general`. Errors: NICKNAME_TAKEN, BAD_USER_INPUT.',
    args: { nickname: t.arg.string({ required: true }) },
    resolve: (_root, { nickname }, context) =>
      context.identity.claimNickname(requireViewer(context), nickname),
  }),
  changeNickname: t.field({
    type: UserRef,
    description: 'Renames the viewer; the old nickname becomes free. Errors: NICKNAME_TAKEN.',
    args: { nickname: t.arg.string({ required: true }) },
    resolve: (_root, { nickname }, context) =>
      context.identity.changeNickname(requireSpeaker(context), nickname),
  }),
}));

/** A User as an Apollo Federation entity: other subgraphs reference it by its global id. */
builder.asEntity(UserRef, {
  key: builder.selection<{ id: string }>('id'),
  // Through the users' loader (null for signed-out callers): loaded together, in chunks.
  resolveReference: ({ id }, context) =>
    UserRef.getDataloader(context).load(decodeIntegerIdFor('User', id, 'id')),
});
