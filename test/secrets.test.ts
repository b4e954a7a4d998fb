import Database from 'better-sqlite3';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { LoginDocument, MeDocument } from './generated/graphql.js';
import { PASSWORD, signUp } from './support/accounts.js';
import { execute } from './support/graphql-ws.js';
import { startTestServer, useTestServer } from './support/server.js';

describe('secrets at rest and in logs', () => {
  it('stores passwords as argon2id hashes and tokens only as hashes', async () => {
    const server = await startTestServer();
    try {
      const { token, user } = await signUp(server);
      const file = new Database(server.databaseFile, { readonly: true });
      try {
        const stored = file
          .prepare('SELECT passwordHash FROM User WHERE nickname = ?')
          .get(user.nickname) as { passwordHash: string };
        expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
        const sessions = file.prepare('SELECT * FROM Session').all();
        expect(JSON.stringify(sessions)).not.toContain(token);
        expect(JSON.stringify(sessions)).not.toContain(token.slice('charla_'.length));
      } finally {
        file.close();
      }
      // 256 bits of randomness: 43 base64url characters after the prefix.
      expect(token).toMatch(/^charla_[A-Za-z0-9_-]{43}$/);
    } finally {
      await server.stop();
    }
  });

  it('never writes a token or a password to the logs, even at trace level', async () => {
    const lines: string[] = [];
    const server = await startTestServer({
      env: { LOG_LEVEL: 'trace' },
      logDestination: { write: (line) => void lines.push(line) },
    });
    try {
      const { token, user } = await signUp(server);
      await server.request(LoginDocument, { nickname: user.nickname, password: PASSWORD });
      await server.request(MeDocument, {}, { token });
      const socket = server.wsClient({ connectionParams: { authorization: `Bearer ${token}` } });
      await execute(socket, MeDocument);
    } finally {
      await server.stop();
    }
    const output = lines.join('');
    expect(output.length).toBeGreaterThan(0);
    expect(output).not.toContain(PASSWORD);
    expect(output).not.toMatch(/charla_[A-Za-z0-9_-]{43}/);
  });
});

describe('nobody can act as someone else', () => {
  const server = useTestServer();

  it('has no argument, on any mutation, that names the acting user', async () => {
    const { data } = await server.request<IntrospectionQuery, never>(getIntrospectionQuery());
    const schema = buildClientSchema(data as IntrospectionQuery);
    const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});
    expect(mutations.length).toBeGreaterThan(0);
    const actorArguments = mutations.flatMap((field) =>
      field.args
        .filter((arg) =>
          /^(author|sender|from|user|userId|actor|as|viewer|owner)(Id)?$/i.test(arg.name),
        )
        .map((arg) => `${field.name}(${arg.name})`),
    );
    expect(actorArguments).toEqual([]);
  });
});
