/**
 * `charla-chat [--server <url>]`: the terminal client. Signs in (a stored token, `CHARLA_TOKEN`,
 * or log in / register), then opens the chat screen. Anything that goes wrong ends as one line,
 * never a stack trace.
 */
import { parseArgs } from 'node:util';
import { render } from 'ink';
import WebSocket from 'ws';
import { ChatClient } from './chat.js';
import { describeError } from './errors.js';
import { ChatApp } from './screen/app.js';
import { NicknameForm, SignInForm, type SignInMode } from './screen/sign-in-form.js';
import { claimNickname, login, register, type SignedIn, whoAmI } from './sign-in.js';
import { forgetToken, readToken, saveToken } from './token-store.js';

const USAGE = `Usage: charla-chat [--server <url>]

  --server <url>   the Charla GraphQL endpoint (default http://localhost:4000/graphql)

Environment: CHARLA_TOKEN   a token to use instead of signing in (e.g. the company's JWT);
             NO_COLOR       no colors; XDG_CONFIG_HOME where charla/tokens.json is kept.`;

/** `http://host:4000` and `http://host:4000/` mean `http://host:4000/graphql`. */
export function endpointOf(server: string): string {
  const url = new URL(server);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/graphql';
  return url.toString();
}

function fail(line: string): never {
  process.stderr.write(`charla-chat: ${line}\n`);
  process.exit(1);
}

/** Asks for credentials on screen until the server accepts them. */
async function signInOnScreen(server: string, color: boolean): Promise<SignedIn> {
  return new Promise((resolve) => {
    const form = render(
      <SignInForm
        server={server}
        color={color}
        onSubmit={async (mode: SignInMode, nickname, password) => {
          try {
            const signedIn = await (mode === 'login' ? login : register)(
              server,
              nickname,
              password,
            );
            form.unmount();
            resolve(signedIn);
          } catch (error) {
            throw new Error(describeError(error, server));
          }
        }}
      />,
    );
  });
}

async function claimOnScreen(server: string, token: string, color: boolean) {
  return new Promise<{ id: string; nickname: string }>((resolve) => {
    const form = render(
      <NicknameForm
        color={color}
        onSubmit={async (nickname) => {
          try {
            const user = await claimNickname(server, token, nickname);
            form.unmount();
            resolve(user);
          } catch (error) {
            throw new Error(describeError(error, server));
          }
        }}
      />,
    );
  });
}

async function main() {
  const { values } = parseArgs({
    options: { server: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let server: string;
  try {
    server = endpointOf(values.server ?? 'http://localhost:4000/graphql');
  } catch {
    fail(`not a URL: ${values.server}`);
  }
  // Ink reads keys in raw mode: without a terminal it would fail with a stack trace.
  if (!process.stdin.isTTY) fail('needs a terminal: run it in one, not with input from a pipe.');
  const color = !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
  const envToken = process.env.CHARLA_TOKEN || undefined;

  let token = envToken ?? readToken(server);
  let me = token ? await whoAmI(server, token) : null;
  if (token && !me) {
    if (envToken) fail('the server does not accept CHARLA_TOKEN.');
    forgetToken(server);
  }
  if (!token || !me) {
    const signedIn = await signInOnScreen(server, color);
    token = signedIn.token;
    me = signedIn.user;
    saveToken(server, token);
  }
  if (!me.nickname) me = await claimOnScreen(server, token, color);

  let signedOut = false;
  const chat = new ChatClient({
    server,
    token,
    me,
    webSocketImpl: WebSocket,
    // The token was revoked (a /logout elsewhere, an expiry): nothing more can work.
    onSignedOut: () => {
      signedOut = !chat.signingOut;
      app.unmount();
    },
  });
  const forget = () => envToken || forgetToken(server);
  const app = render(<ChatApp chat={chat} color={color} forgetToken={forget} />);
  chat.start().catch(chat.fail);
  await app.waitUntilExit();
  await chat.stop();
  if (signedOut) {
    forget();
    fail('your session has ended: run charla-chat again to sign in.');
  }
}

const server = process.argv.includes('--server')
  ? process.argv[process.argv.indexOf('--server') + 1]
  : undefined;
const oneLine = (error: unknown) => fail(describeError(error, server ?? 'localhost:4000'));
process.on('uncaughtException', oneLine);
process.on('unhandledRejection', oneLine);
main().then(
  () => process.exit(0),
  (error: unknown) => oneLine(error),
);
