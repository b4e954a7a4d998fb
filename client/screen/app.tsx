/** The chat screen wired to a running `ChatClient`: keys, the input line, commands. */
import { useApp, useInput, useStdout } from 'ink';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ChatClient } from '../chat.js';
import { type CommandContext, runLine } from '../commands.js';
import { ChatScreen } from './chat-screen.js';

export type ChatAppProps = {
  chat: ChatClient;
  color: boolean;
  /** Forgets the stored token (after /logout). */
  forgetToken(): void;
};

export function ChatApp({ chat, color, forgetToken }: ChatAppProps) {
  const state = useSyncExternalStore(chat.store.subscribe, chat.store.getState);
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [size, setSize] = useState({ width: stdout.columns || 80, height: stdout.rows || 24 });
  const [input, setInput] = useState('');
  const [scrollBack, setScrollBack] = useState(0);

  useEffect(() => {
    const onResize = () => setSize({ width: stdout.columns || 80, height: stdout.rows || 24 });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);

  // A new current channel starts at its newest message.
  // biome-ignore lint/correctness/useExhaustiveDependencies: resets on a channel change only
  useEffect(() => setScrollBack(0), [state.current]);

  // The status line counts a rate-limit wait down.
  useEffect(() => {
    if (!state.rateLimitedUntil) return;
    const timer = setInterval(() => chat.store.setRateLimitedUntil(state.rateLimitedUntil), 1_000);
    return () => clearInterval(timer);
  }, [chat, state.rateLimitedUntil]);

  // One row is left free: a frame as tall as the terminal would make Ink redraw it all each time.
  const height = size.height - 1;
  const page = Math.max(1, height - 6);

  useInput((_input, key) => {
    if (key.pageUp) {
      const channel = chat.store.channel(state.current);
      const loaded = channel?.messages.length ?? 0;
      const next = scrollBack + page;
      // Scrolled past what is loaded: fetch the page before it (keyset, by cursor).
      if (next + page > loaded && channel?.olderCursor) chat.loadOlder().catch(chat.fail);
      // At the beginning of history, the oldest page fills the view rather than one line of it.
      const limit = channel?.olderCursor === null ? loaded - page : loaded - 1;
      setScrollBack(Math.max(0, Math.min(next, limit)));
    } else if (key.pageDown) {
      setScrollBack(Math.max(0, scrollBack - page));
    } else if (key.tab) {
      const index = state.channels.findIndex((channel) => channel.key === state.current);
      const next =
        state.channels[
          (index + (key.shift ? -1 : 1) + state.channels.length) % state.channels.length
        ];
      if (next) chat.switchTo(next.key);
    }
  });

  const context: CommandContext = { chat, exit, forgetToken };
  return (
    <ChatScreen
      state={state}
      width={size.width}
      height={height}
      color={color}
      scrollBack={scrollBack}
      input={input}
      onInputChange={(value) => {
        setInput(value);
        if (value && !value.startsWith('/')) chat.typing();
      }}
      onSubmit={(value) => {
        setInput('');
        setScrollBack(0);
        runLine(context, value).catch(chat.fail);
      }}
    />
  );
}
