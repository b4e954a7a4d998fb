import { getIntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_LIMITS } from '../src/server/document-limits.js';
import { execute } from './support/graphql-ws.js';
import { type TestServer, useTestServer } from './support/server.js';

type Outcome = { codes: string[]; messages: string[] };

async function overHttp(server: TestServer, query: string): Promise<Outcome> {
  const { errors } = await server.request(query);
  return {
    codes: (errors ?? []).map((e) => String(e.extensions?.code)),
    messages: (errors ?? []).map((e) => e.message),
  };
}

async function overWebSocket(server: TestServer, query: string): Promise<Outcome> {
  let errors: readonly { message: string; extensions?: Record<string, unknown> }[] = [];
  try {
    errors = (await execute(server.wsClient(), query)).errors ?? [];
  } catch (rejection) {
    errors = rejection as typeof errors; // graphql-ws rejects with the operation's errors
  }
  return {
    codes: errors.map((e) => String(e.extensions?.code)),
    messages: errors.map((e) => e.message),
  };
}

const LIMIT_CODES = ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED'];
const refusedByLimit = (outcome: Outcome) =>
  outcome.codes.length > 0 && outcome.codes.every((code) => LIMIT_CODES.includes(code));

/** `depth` nested fields: room → messages → edges → node → room → …, ending on a scalar. */
function depthQuery(depth: number): string {
  // Each step: the field that goes one level down, and a scalar the level's type offers.
  const steps = [
    ['room(name: "general")', 'id'], // Room
    ['messages(first: 1)', 'liveCursor'], // MessageConnection
    ['edges', 'cursor'], // MessageEdge
    ['node', 'id'], // Message
    ['room', 'id'], // Room again
  ] as const;
  const stepAt = (level: number) => steps[level === 0 ? 0 : ((level - 1) % 4) + 1] ?? steps[0];
  const fields: string[] = [];
  for (let level = 0; level < depth - 1; level += 1) fields.push(stepAt(level)[0]);
  const leaf = depth > 1 ? stepAt(depth - 2)[1] : '__typename';
  return `{ ${fields.map((field) => `${field} { `).join('')}${leaf}${' }'.repeat(fields.length)} }`;
}

const cases: [string, string, string][] = [
  [
    'query length',
    `{ __typename } #${'x'.repeat(DOCUMENT_LIMITS.maxLength - 16)}`,
    `{ __typename } #${'x'.repeat(DOCUMENT_LIMITS.maxLength - 15)}`,
  ],
  // `{ __typename ...F ...F … } fragment F on Query { __typename }`: 2 tokens a spread, 10 more.
  [
    'tokens',
    `{ __typename ${'...F '.repeat((DOCUMENT_LIMITS.maxTokens - 10) / 2)}} fragment F on Query { __typename }`,
    `{ __typename __typename ${'...F '.repeat((DOCUMENT_LIMITS.maxTokens - 10) / 2)}} fragment F on Query { __typename }`,
  ],
  ['depth', depthQuery(DOCUMENT_LIMITS.maxDepth), depthQuery(DOCUMENT_LIMITS.maxDepth + 1)],
  [
    'aliases',
    `{ ${Array.from({ length: DOCUMENT_LIMITS.maxAliases }, (_, i) => `a${i}: me { id }`).join(' ')} }`,
    `{ ${Array.from({ length: DOCUMENT_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: me { id }`).join(' ')} }`,
  ],
  [
    'directives',
    `{ ${'__typename @include(if: true) '.repeat(DOCUMENT_LIMITS.maxDirectives)}}`,
    `{ ${'__typename @include(if: true) '.repeat(DOCUMENT_LIMITS.maxDirectives + 1)}}`,
  ],
];

describe('document limits, at their edges, on HTTP and on graphql-ws', () => {
  const server = useTestServer();

  // Cost is bounded with variables taken into account: see operation-budget.test.ts.

  it.each(cases)(
    '%s: accepts just below the limit and refuses just above',
    async (_label, below, above) => {
      for (const transport of [overHttp, overWebSocket]) {
        const accepted = await transport(server, below);
        expect(refusedByLimit(accepted), `${transport.name} below: ${accepted.messages}`).toBe(
          false,
        );
        const refused = await transport(server, above);
        expect(refusedByLimit(refused), `${transport.name} above: ${refused.messages}`).toBe(true);
      }
    },
  );

  it('lets GraphiQL’s introspection query through, and keeps the socket usable after a refusal', async () => {
    const introspection = getIntrospectionQuery({
      descriptions: true,
      inputValueDeprecation: true,
    });
    expect((await overHttp(server, introspection)).codes).toEqual([]);
    const client = server.wsClient();
    await expect(execute(client, depthQuery(DOCUMENT_LIMITS.maxDepth + 1))).rejects.toBeDefined();
    expect(await execute(client, '{ __typename }')).toEqual({ data: { __typename: 'Query' } });
  });

  it('has batching off', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
  });
});
