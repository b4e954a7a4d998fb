import { type Plugin, processRegularResult } from 'graphql-yoga';

/** The header graphql-sse's single connection mode sends with the reserved stream's token. */
const STREAM_TOKEN_HEADER = 'x-graphql-event-stream-token';

const SINGLE_CONNECTION_REASON =
  'graphql-sse single connection mode is not supported: use distinct connections mode';
const SINGLE_CONNECTION_REFUSED =
  "graphql-sse's single connection mode is not supported: Charla keeps no per-connection " +
  'state between requests, so that any instance can serve any request. Use its distinct ' +
  'connections mode (singleConnection: false, the default), or graphql-ws.';

/**
 * A refusal whose reason phrase says why: graphql-sse's client aborts the body of a failed
 * reservation and reports only "Server responded with <status>: <reason phrase>".
 */
function refusal(status: number, headers: Record<string, string> = {}): Response {
  const body = {
    errors: [{ message: SINGLE_CONNECTION_REFUSED, extensions: { code: 'BAD_REQUEST' } }],
  };
  return new Response(JSON.stringify(body), {
    status,
    statusText: SINGLE_CONNECTION_REASON,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

type HttpExtension = { status?: number; spec?: boolean };

/**
 * Whether a result is a refusal that Charla itself gave an HTTP status (401 for a bad token), as
 * opposed to the GraphQL-over-HTTP statuses Yoga marks `spec` (validation, parsing), which an
 * event stream answers with 200 and an error event.
 */
function isRefusal(result: unknown): boolean {
  if (typeof result !== 'object' || result === null || Symbol.asyncIterator in result) return false;
  const errors = (result as { errors?: readonly { extensions?: { http?: HttpExtension } }[] })
    .errors;
  return (
    errors?.some(({ extensions }) => {
      const http = extensions?.http;
      return http !== undefined && !http.spec && (http.status ?? 200) >= 400;
    }) ?? false
  );
}

/**
 * Server-Sent Events, as Charla serves them: GraphQL over SSE's distinct connections mode (one
 * request per operation, `Accept: text/event-stream`), which is what Yoga, graphql-sse's default
 * client and gateways speak.
 *
 * - graphql-sse's single connection mode (a `PUT` reserving a stream, then operations bearing
 *   its token) is refused with BAD_REQUEST and a message saying so: its reservation lives in one
 *   process, which several instances without sticky sessions cannot honour.
 * - A request refused before any event (401 for a bad token) answers with a JSON body instead of
 *   an event stream: clients do not read the stream of a non-2xx response (graphql-sse throws
 *   "Server responded with 401" and keeps the `Response`), so the error and its
 *   `extensions.code` are readable with `response.json()`.
 */
export function useSseRequests(graphqlEndpoint: string): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (url.pathname !== graphqlEndpoint) return;
      if (request.method === 'PUT') {
        endResponse(refusal(405, { allow: 'GET, POST' }));
      } else if (request.headers.has(STREAM_TOKEN_HEADER)) {
        endResponse(refusal(400));
      }
    },
    onResultProcess({ result, acceptableMediaTypes, setResultProcessor }) {
      if (acceptableMediaTypes.includes('text/event-stream') && isRefusal(result)) {
        setResultProcessor(processRegularResult, 'application/json');
      }
    },
  };
}
