import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';

/**
 * Where a running Charla answers: an in-process test server (`startTestServer`) or a spawned
 * process (`spawnServerProcess`). The helpers that build users, rooms and sockets take one, so
 * that process-level tests (crashes, restarts, scale-out) build their world like the rest.
 */
export type Endpoint = {
  /** `http://<host>:<port>`, without the /graphql path. */
  url: string;
  /** `ws://<host>:<port>/graphql` */
  wsUrl: string;
};

/** The endpoint of a server whose base URL is `url` (`http://<host>:<port>`). */
export function endpointAt(url: string): Endpoint {
  return { url, wsUrl: `${url.replace(/^http/, 'ws')}/graphql` };
}

/** A document the client can send: a string or a codegen `TypedDocumentString`. */
export type Document<TResult = unknown, TVariables = Record<string, unknown>> =
  | string
  | (DocumentTypeDecoration<TResult, TVariables> & { toString(): string });

export type GraphQLResponse<TResult> = {
  data?: TResult | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
};

/** POSTs one operation to `<baseUrl>/graphql` and returns the parsed JSON body. */
export async function graphqlRequest<TResult, TVariables>(
  baseUrl: string,
  document: Document<TResult, TVariables>,
  variables?: TVariables,
  { token }: { token?: string } = {},
): Promise<GraphQLResponse<TResult>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token && { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({ query: String(document), variables }),
  });
  return (await response.json()) as GraphQLResponse<TResult>;
}
