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

describe('credentials in failing operations never reach the logs', () => {
  const SECRET = 'Sekrit passphrase 0451';
  const NUMERIC_SECRET = '8675309042';

  it('logs no password from a failed register or login, whatever the failure and transport', async () => {
    const lines: string[] = [];
    const server = await startTestServer({
      env: { LOG_LEVEL: 'trace' },
      logDestination: { write: (line) => void lines.push(line) },
    });
    const literal = `password: ${JSON.stringify(SECRET)}`;
    const documents: [string, Record<string, unknown>?][] = [
      // a wrong password, written inline as GraphiQL's examples do
      [`mutation { login(nickname: "nobody_here", ${literal}) { token } }`],
      // a register refused by the domain (nickname too short)
      [`mutation { register(nickname: "x", ${literal}) { token } }`],
      // a validation error (unknown field)
      [`mutation { login(nickname: "nobody_here", ${literal}) { tokn } }`],
      // a parse error
      [`mutation { login(nickname: "nobody_here", ${literal} { token } }`],
      // a password of the wrong type, inline and in variables
      [`mutation { login(nickname: "nobody_here", password: ${NUMERIC_SECRET}) { token } }`],
      [
        'mutation ($p: String!) { login(nickname: "nobody_here", password: $p) { token } }',
        { p: { secret: SECRET } },
      ],
      [
        'mutation ($p: Int!) { login(nickname: "nobody_here", password: $p) { token } }',
        { p: SECRET },
      ],
      ['mutation ($p: String!) { register(nickname: "x", password: $p) { token } }', { p: SECRET }],
    ];
    try {
      const socket = server.wsClient();
      for (const [query, variables] of documents) {
        await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, variables }),
        });
        await fetch(`${server.url}/graphql?query=${encodeURIComponent(query)}`);
        await execute(socket, query, variables).catch(() => {});
      }
    } finally {
      await server.stop();
    }
    const output = lines.join('');
    expect(output).not.toContain(SECRET);
    expect(output).not.toContain(NUMERIC_SECRET);
    expect(output).not.toContain('nobody_here');
    // The failures were logged all the same, as the client's mistakes, with their codes.
    expect(output).toContain('INVALID_CREDENTIALS');
  });
});

describe('nobody can act as someone else', () => {
  const server = useTestServer();

  /**
   * Arguments named like a user that the contract (v2) fixes, each naming the user acted *on*
   * (kicked, banned, blocked, reported, suspended): the actor is always the token's user.
   */
  const TARGET_ARGUMENTS = [
    'removeRoomMember(userId)',
    'banFromRoom(userId)',
    'unbanFromRoom(userId)',
    'muteInRoom(userId)',
    'unmuteInRoom(userId)',
    'setRoomRole(userId)',
    'blockUser(userId)',
    'unblockUser(userId)',
    'reportUser(userId)',
    'suspendUser(userId)',
    'unsuspendUser(userId)',
  ];

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
    expect(actorArguments.filter((argument) => !TARGET_ARGUMENTS.includes(argument))).toEqual([]);
  });
});
