/** The columns of a message every reader needs, as Prisma selects them. */
export const messageSelect = {
  id: true,
  authorId: true,
  roomId: true,
  recipientId: true,
  conversationId: true,
  body: true,
  clientMessageId: true,
  createdAt: true,
  editedAt: true,
  deletedAt: true,
} as const;

/** A stream entry with its message, as history, replay and last messages read it. */
export const entrySelect = {
  streamId: true,
  position: true,
  changePosition: true,
  message: { select: messageSelect },
} as const;
