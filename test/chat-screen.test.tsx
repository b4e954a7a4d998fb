import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatStore, roomKey, type ShownMessage } from '../client/chat-state.js';
import { describeError } from '../client/errors.js';
import { CharlaError } from '../client/resume.js';
import { ChatScreen } from '../client/screen/chat-screen.js';

const rendered: { unmount(): void }[] = [];
afterEach(() => {
  for (const screen of rendered.splice(0)) screen.unmount();
});

const ada = { id: 'u-ada', nickname: 'ada' };
const grace = { id: 'u-grace', nickname: 'grace' };

function message(id: string, who: typeof ada, body: string, extra: Partial<ShownMessage> = {}) {
  return {
    id,
    body,
    authorId: who.id,
    authorNickname: who.nickname,
    createdAt: '2026-01-31T12:00:00.000Z',
    ...extra,
  };
}

/** A store as the client fills it: ada in #general, with grace talking. */
function chatWithHistory() {
  const store = new ChatStore(ada);
  store.addChannel({ key: roomKey('r1'), kind: 'room', id: 'r1', title: '#general' });
  store.addChannel({ key: roomKey('r2'), kind: 'room', id: 'r2', title: '#coffee' });
  store.setConnection('connected');
  store.setHistory(
    roomKey('r1'),
    [
      message('m1', grace, 'first words'),
      message('m2', ada, 'a reply'),
      message('m3', grace, 'third line'),
    ],
    null,
  );
  return store;
}

/** Renders the screen for the store's current state, as the app does after every change. */
function draw(store: ChatStore, size = { width: 80, height: 23 }) {
  const screen = render(
    <ChatScreen
      state={store.getState()}
      width={size.width}
      height={size.height}
      color={false}
      scrollBack={0}
      input=""
      onInputChange={() => {}}
      onSubmit={() => {}}
      formatTime={() => '12:00'}
    />,
  );
  rendered.push(screen);
  return screen.lastFrame() ?? '';
}

describe('the chat screen (client/screen/chat-screen.tsx)', () => {
  it('shows an edit in place of the original, marked as edited', () => {
    const store = chatWithHistory();
    store.receive(
      roomKey('r1'),
      message('m1', grace, 'first words, corrected', { editedAt: '2026-01-31T12:01:00.000Z' }),
    );
    const lines = draw(store).split('\n');
    const edited = lines.findIndex((line) =>
      line.includes('grace: first words, corrected (edited)'),
    );
    const reply = lines.findIndex((line) => line.includes('ada: a reply'));
    expect(edited).toBeGreaterThan(-1);
    expect(edited).toBeLessThan(reply);
    expect(lines.join('\n')).not.toMatch(/first words\s*$/m);
  });

  it('shows a deleted message as deleted, in its place, without its text', () => {
    const store = chatWithHistory();
    store.receive(roomKey('r1'), message('m2', ada, '', { deletedAt: '2026-01-31T12:02:00.000Z' }));
    const frame = draw(store);
    expect(frame).toContain('ada: [message deleted]');
    expect(frame).not.toContain('a reply');
    expect(frame.indexOf('[message deleted]')).toBeLessThan(frame.indexOf('third line'));
  });

  it('says who is typing in the current room, and nothing once they stop', () => {
    const store = chatWithHistory();
    store.setTyping(roomKey('r1'), 'grace', true);
    store.setTyping(roomKey('r1'), 'linus', true);
    expect(draw(store)).toContain('grace, linus are typing…');
    store.setTyping(roomKey('r1'), 'linus', false);
    expect(draw(store)).toContain('grace is typing…');
    store.setTyping(roomKey('r1'), 'grace', false);
    expect(draw(store)).not.toContain('typing');
  });

  it('shows a send as pending until the server acknowledges it', () => {
    const store = chatWithHistory();
    store.addPending(roomKey('r1'), 'c-1', 'on its way');
    expect(draw(store)).toContain('ada: on its way (sending…)');
    expect(draw(store)).toContain('1 sending');
    store.receive(roomKey('r1'), message('m4', ada, 'on its way', { clientMessageId: 'c-1' }));
    const frame = draw(store);
    expect(frame).toContain('ada: on its way');
    expect(frame).not.toContain('sending');
    expect(frame.match(/on its way/g)).toHaveLength(1);
  });

  it('puts an acknowledged send where the server stored it, after what others wrote first', () => {
    const store = chatWithHistory();
    store.addPending(roomKey('r1'), 'c-1', 'mine');
    store.receive(roomKey('r1'), message('m4', grace, 'stored before mine'));
    expect(draw(store)).toMatch(/stored before mine[\s\S]*mine \(sending…\)/);
    store.acknowledge(roomKey('r1'), message('m5', ada, 'mine', { clientMessageId: 'c-1' }));
    store.receive(roomKey('r1'), message('m5', ada, 'mine', { clientMessageId: 'c-1' }));
    store.receive(roomKey('r1'), message('m6', grace, 'stored after mine'));
    const order = draw(store)
      .split('\n')
      .filter((line) => /stored|mine/.test(line))
      .map((line) => line.replace(/^.*12:00 /, ''));
    expect(order).toEqual(['grace: stored before mine', 'ada: mine', 'grace: stored after mine']);
  });

  it('counts unread messages and mentions of other rooms in the list', () => {
    const store = chatWithHistory();
    store.receive(roomKey('r2'), message('c1', grace, 'coffee?'));
    store.receive(roomKey('r2'), message('c2', grace, '@ada are you in?'));
    expect(draw(store)).toContain('2 #coffee 2@');
    store.setCurrent(roomKey('r2'));
    expect(draw(store)).not.toContain('#coffee 2');
  });

  it.each([
    [
      new CharlaError('NETWORK', 'ECONNREFUSED'),
      'Cannot reach the server at http://localhost:4000/graphql.',
    ],
    [new CharlaError('INVALID_CREDENTIALS', 'x'), 'Wrong nickname or password.'],
    [new CharlaError('RATE_LIMITED', 'x', 4_200), 'Too fast: waiting 5 s before trying again.'],
    [
      new CharlaError('FORBIDDEN', 'Not a member of this room'),
      'Not allowed: Not a member of this room',
    ],
    [new CharlaError('NOT_FOUND', 'no room named tea'), 'Not found: no room named tea'],
    [new CharlaError('BLOCKED', 'x'), 'This person does not accept that from you.'],
    [new CharlaError('ACCOUNT_SUSPENDED', 'x'), 'Your account is suspended.'],
    [new Error('boom\n    at somewhere (file.ts:1:1)'), 'boom'],
  ])('shows %o as one line on the status bar, never a stack trace', (error, line) => {
    const store = chatWithHistory();
    store.notify({ kind: 'error', text: describeError(error, 'http://localhost:4000/graphql') });
    const frame = draw(store);
    const status = frame.split('\n').find((row) => row.startsWith('● connected'));
    expect(status).toBe(`● connected · ${line}`);
    expect(frame).not.toMatch(/at .*:\d+:\d+/);
  });

  it('says when it is reconnecting and when a send waits out a rate limit', () => {
    const store = chatWithHistory();
    store.setConnection('reconnecting');
    store.setRateLimitedUntil(Date.now() + 2_500);
    expect(draw(store)).toMatch(/○ reconnecting… · rate limited: waiting 3 s/);
  });

  it('draws only whole rows when a room has more messages than fit, newest at the bottom', () => {
    const store = new ChatStore(ada);
    store.addChannel({ key: roomKey('r1'), kind: 'room', id: 'r1', title: '#general' });
    const history = Array.from({ length: 20 }, (_, i) => message(`h${i}`, grace, `line ${i}`));
    store.setHistory(roomKey('r1'), history, null);
    const area = draw(store)
      .split('\n')
      .slice(1, -2)
      .map((row) => row.slice(19).trimEnd())
      .filter(Boolean);
    expect(area).toEqual(Array.from({ length: 19 }, (_, i) => `12:00 grace: line ${i + 1}`));
    const shorter = new ChatStore(ada);
    shorter.addChannel({ key: roomKey('r1'), kind: 'room', id: 'r1', title: '#general' });
    shorter.setHistory(roomKey('r1'), history.slice(0, 19), null);
    expect(draw(shorter)).toMatch(/· beginning of the conversation ·\s*\n\s+12:00 grace: line 0\n/);
  });

  it('fits an 80×24 terminal with long messages: the newest stay visible', () => {
    const store = chatWithHistory();
    for (let i = 0; i < 40; i += 1) {
      store.receive(roomKey('r1'), message(`x${i}`, grace, `message ${i} ${'word '.repeat(30)}`));
    }
    const frame = draw(store);
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(80);
    expect(frame).toContain('message 39');
    const area = lines.slice(1, -2).map((row) => row.slice(19));
    // Whole messages only: the first row of the area starts a message, none is cut at the top.
    expect(area.find((row) => row.trim())).toMatch(/^12:00 grace: message \d+/);
    expect(lines[0]).toContain('Charla · ada · #general');
    expect(lines.at(-2)).toMatch(/^● connected/);
  });
});
