import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoomByNameDocument } from './generated/graphql.js';
import { dataOf, freshNickname, signUp } from './support/accounts.js';
import { post } from './support/rooms.js';
import { useTestServer } from './support/server.js';

/** Debian's Chromium; `.ci/run` installs it when missing. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** GraphiQL's page is about 9 MB and Monaco starts slowly on a loaded machine. */
const PAGE_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 20_000;

/** `charla_subscriptions_active` from the server's /metrics. */
async function activeSubscriptions(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return Number(/^charla_subscriptions_active (\d+)$/m.exec(text)?.[1]);
}

/** Replaces the text of the Monaco editor `editor` selects, as a paste would. */
async function replaceEditorText(page: Page, selector: string, text: string) {
  const editor = page.locator(selector);
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/**
 * Types `document` (one operation named `name`) into the query editor and runs it, once
 * GraphiQL has taken it in: its tab is named after the operation.
 */
async function run(page: Page, name: string, document: string) {
  await replaceEditorText(page, '.graphiql-query-editor .monaco-editor', document);
  await page
    .locator('.graphiql-tab-active', { hasText: name })
    .waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.locator('.graphiql-execute-button').click();
}

/** The result pane's text (Monaco shows spaces as no-break spaces), once it matches `expected`. */
async function resultMatching(page: Page, expected: RegExp): Promise<string> {
  const text = async () =>
    (await page.locator('.graphiql-response').innerText()).replaceAll('\u00a0', ' ');
  await expect.poll(text, { timeout: STEP_TIMEOUT_MS }).toMatch(expected);
  return text();
}

describe('GraphiQL in a real browser', () => {
  const server = useTestServer();
  let browser: BrowserContext | undefined;
  const profile = mkdtempSync(path.join(tmpdir(), 'charla-chromium-'));

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `This test drives Chromium at ${CHROMIUM}: install it (Debian: apt-get install chromium) ` +
          'or point CHROMIUM_PATH at one',
      );
    }
    // A fresh profile: nothing persisted from another run (GraphiQL keeps tabs and headers).
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      // Flags from ENVIRONMENT.md: nothing reaching out to the network by itself.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      timeout: PAGE_TIMEOUT_MS,
    });
  }, PAGE_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('follows the README: register, paste the token in Headers, subscribe, see a message arrive', async () => {
    const page = await (browser as BrowserContext).newPage();
    const subscribed = new Promise<void>((resolve) =>
      page.on('websocket', (socket) =>
        socket.on('framesent', ({ payload }) => {
          if (String(payload).includes('"type":"subscribe"')) resolve();
        }),
      ),
    );
    await page.goto(`${server.url}/graphql`, { timeout: PAGE_TIMEOUT_MS });
    await page
      .locator('.graphiql-query-editor .monaco-editor')
      .waitFor({ timeout: PAGE_TIMEOUT_MS });

    // 1. Register in the editor; the token is shown in the result pane.
    const nickname = freshNickname('browser');
    const registered = page.waitForResponse(
      (response) => response.url().endsWith('/graphql') && response.request().method() === 'POST',
    );
    await run(
      page,
      'SignUp',
      `mutation SignUp { register(nickname: "${nickname}", password: "a long passphrase") { token } }`,
    );
    // Read from the answer itself: the result pane may wrap the token across lines.
    const token = ((await (await registered).json()) as { data: { register: { token: string } } })
      .data.register.token;
    expect(await resultMatching(page, /"token":\s+"charla_/)).toBeTruthy();

    // 2. The Headers panel, as the README says.
    await page.getByRole('button', { name: 'Headers' }).click();
    await replaceEditorText(
      page,
      '.graphiql-editor-tool .monaco-editor[data-uri$="headers.json"]',
      `{ "Authorization": "Bearer ${token}" }`,
    );
    // GraphiQL takes the editor's text in after a debounce; it then persists it.
    await expect
      .poll(
        () =>
          page.evaluate(
            (value) => Object.values(localStorage).some((stored) => stored.includes(value)),
            `Bearer ${token}`,
          ),
        { timeout: STEP_TIMEOUT_MS },
      )
      .toBe(true);

    // 3. A subscription to `general`, where every new user is a member.
    const general = dataOf(await server.request(RoomByNameDocument, { name: 'general' }), 'room');
    await run(
      page,
      'Follow',
      `subscription Follow { roomMessages(roomId: "${general.id}") { body author { nickname } } }`,
    );
    await subscribed;
    // Without `after` the stream starts from now: post once the server runs it.
    // (Failing, this shows the result pane: before the fix, "UNAUTHENTICATED: Sign in first".)
    const liveOrPane = async () =>
      (await activeSubscriptions(server.url)) === 1
        ? 'live'
        : await page.locator('.graphiql-response').innerText();
    await expect.poll(liveOrPane, { timeout: STEP_TIMEOUT_MS }).toBe('live');

    // 4. Someone else posts over HTTP; the message appears in the result pane.
    const poster = await signUp(server);
    // Short: the result pane wraps long lines.
    const body = `hello ${Date.now() % 1000}`;
    await post(server, poster, general.id, body);
    const shown = await resultMatching(page, new RegExp(body));
    expect(shown).toMatch(/"nickname":\s+"user_/);
    expect(shown).not.toContain('UNAUTHENTICATED');
    await page.close();
  }, 120_000);
});
