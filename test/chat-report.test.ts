import { describe, expect, it } from 'vitest';
import { runLine } from '../client/commands.js';
import { ReportsDocument } from './generated/graphql.js';
import { dataOf, freshNickname, signUp } from './support/accounts.js';
import { useChatClients } from './support/chat-clients.js';
import { useTestServer } from './support/server.js';

const adminName = freshNickname('admin');
const server = useTestServer({ env: { ADMIN_NICKNAMES: adminName } });
const { chatAs, context } = useChatClients(server);

describe('the terminal client’s /report (client/commands.ts)', () => {
  it('reports someone to the admins with a reason, and says so in one line', async () => {
    const admin = await signUp(server, adminName);
    const reporter = await signUp(server);
    const rude = await signUp(server);
    const chat = chatAs(reporter);
    await chat.start();
    await runLine(context(chat), `/report @${rude.user.nickname} kept insulting me`);
    expect(chat.state.notice).toEqual({
      kind: 'info',
      text: `Reported ${rude.user.nickname} to the admins.`,
    });
    const reports = dataOf(await server.request(ReportsDocument, { first: 10 }, admin), 'reports');
    expect(reports.edges.map((edge) => [edge.node.user?.id, edge.node.reason])).toEqual([
      [rude.user.id, 'kept insulting me'],
    ]);
    await runLine(context(chat), '/report');
    expect(chat.state.notice).toMatchObject({ kind: 'error' });
  });
});
