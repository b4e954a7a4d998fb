import type { HistoryPage } from '../domain/history.js';
import type { MessageView } from '../domain/message-views.js';
import { type PageRequest, pageRequest } from '../domain/pagination.js';
import { pointAt, type ResumePoint } from '../domain/resume-points.js';
import { builder } from './builder.js';
import { toConnection } from './connections.js';
import { encodeStreamCursor, messageCursor, optionalStreamCursor } from './cursors.js';

/**
 * The Message type's reference and the history connection that rooms and conversations return.
 * Apart from message.ts (which implements the type and its operations) so that room.ts and
 * conversation.ts, which message.ts refers to, need not import it back.
 */
export const MessageRef = builder.objectRef<MessageView>('Message');

export const MessageConnection = builder.connectionObject(
  {
    type: MessageRef,
    name: 'MessageConnection',
    description: 'A page of messages.',
    fields: (t) => ({
      liveCursor: t.string({
        description:
          'The stream’s position when this page was read. Subscribe with `after: liveCursor` to receive every change made since, with no gap: it works for an empty page too, which has no `endCursor`.',
        resolve: (connection) => (connection as unknown as { liveCursor: string }).liveCursor,
      }),
    }),
  },
  {
    name: 'MessageEdge',
    description:
      'A message and its cursor: its place in history, and what this page showed up to it (the same as `node.cursor`).',
  },
);

type HistoryArgs = {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
};

/**
 * Resolves a messages connection (a room's or a conversation's history): Relay arguments to a
 * page request on stream positions (newest 20 by default), and the page to a connection with
 * its `liveCursor`.
 */
export async function historyConnection(
  args: HistoryArgs,
  readPage: (request: PageRequest<ResumePoint>) => Promise<HistoryPage>,
) {
  const request = pageRequest(
    {
      first: args.first,
      last: args.last,
      after: optionalStreamCursor(args.after, 'after'),
      before: optionalStreamCursor(args.before, 'before'),
    },
    true,
  );
  const page = await readPage(request);
  return toConnection(page, messageCursor, {
    liveCursor: encodeStreamCursor(pointAt(page.live)),
  });
}
