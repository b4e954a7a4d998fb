import { afterAll } from 'vitest';
import WebSocket from 'ws';
import { ChatClient } from '../../client/chat.js';
import type { Account } from './accounts.js';
import type { Endpoint } from './endpoint.js';

/**
 * Terminal clients (client/chat.ts) signed in as test accounts against `server`, all stopped
 * after the file's tests; `context` is what a slash command runs with.
 */
export function useChatClients(server: Endpoint) {
  const clients: ChatClient[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.stop()));
  });
  const chatAs = (who: Account) => {
    const chat = new ChatClient({
      server: `${server.url}/graphql`,
      token: who.token,
      me: who.user,
      webSocketImpl: WebSocket,
    });
    clients.push(chat);
    return chat;
  };
  const context = (chat: ChatClient) => ({ chat, exit: () => {}, forgetToken: () => {} });
  return { chatAs, context };
}
