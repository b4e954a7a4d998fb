import { Prisma } from '../generated/prisma/client.js';

/** True when the error is a unique-constraint violation (Prisma P2002), e.g. a lost race. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
