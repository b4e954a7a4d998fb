import { serverAudits } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { useTestServer } from './support/server.js';

describe('GraphQL over HTTP compliance (graphql-http serverAudits)', () => {
  const server = useTestServer();

  it('passes every audit, warnings included', async () => {
    const audits = serverAudits({ url: () => `${server.url}/graphql` });
    const results = await Promise.all(audits.map((audit) => audit.fn()));
    const notOk = results
      .filter((result) => result.status !== 'ok')
      .map(
        (result) => `${result.status}: ${result.name} — ${'reason' in result ? result.reason : ''}`,
      );
    expect(notOk).toEqual([]);
    expect(results.length).toBe(61);
  });
});
