import type { Client, ExecutionResult } from 'graphql-ws';

/** Resolves with the close code of the client's next socket close. */
export function nextClose(client: Client): Promise<number> {
  return new Promise((resolve) => {
    const off = client.on('closed', (event) => {
      off();
      resolve((event as { code: number }).code);
    });
  });
}

/** Runs one query or mutation over the socket and returns its single result. */
export async function execute<T = Record<string, unknown>>(
  client: Client,
  query: string | { toString(): string },
  variables?: Record<string, unknown>,
): Promise<ExecutionResult<T>> {
  const results = client.iterate<T>({ query: String(query), variables });
  const { value } = await results.next();
  await results.return?.();
  return value as ExecutionResult<T>;
}
