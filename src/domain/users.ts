/** What anyone may know about a user; never the password hash. */
/** `nickname` is null until a user known only through the company's identity provider claims one. */
export type User = { id: number; nickname: string | null; createdAt: Date };

/** The fields of `User`, for storage to select: nothing else of a user row is public. */
export const userFields = { id: true, nickname: true, createdAt: true } as const satisfies Record<
  keyof User,
  true
>;
