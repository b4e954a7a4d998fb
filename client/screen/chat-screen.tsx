/**
 * The chat screen, drawn from a `ChatState` alone: rooms and conversations on the left, the
 * current one's messages, a status line and the input line. Fits 80×24; with `color` off
 * (NO_COLOR) it uses no colors, only bold and inverse.
 */
import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import wrapAnsi from 'wrap-ansi';
import type { Channel, ChatState, ShownMessage } from '../chat-state.js';

/** Width of the rooms/conversations column, in terminal cells. */
const SIDEBAR_WIDTH = 18;

export type ChatScreenProps = {
  state: ChatState;
  width: number;
  height: number;
  color: boolean;
  /** How many messages up from the newest the view is scrolled (PageUp). */
  scrollBack: number;
  input: string;
  onInputChange(value: string): void;
  onSubmit(value: string): void;
  /** Renders the current time of a message; local HH:MM by default. */
  formatTime?(iso: string): string;
};

export function localTime(iso: string): string {
  const date = new Date(iso);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

export function ChatScreen(props: ChatScreenProps) {
  const { state, width, height, color } = props;
  const current = state.channels.find((channel) => channel.key === state.current);
  // Header, status and input take one row each; the rest is the message area.
  const bodyRows = Math.max(3, height - 3);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        Charla · {state.me.nickname}
        {current ? ` · ${current.title}` : ''} · /help
      </Text>
      <Box height={bodyRows}>
        <Sidebar channels={state.channels} current={state.current} color={color} />
        <Box flexDirection="column" flexGrow={1} paddingLeft={1} overflow="hidden">
          {state.panel ? (
            <Panel panel={state.panel} rows={bodyRows} />
          ) : (
            <Messages
              channel={current}
              me={state.me.id}
              rows={bodyRows}
              width={Math.max(10, width - SIDEBAR_WIDTH - 1)}
              scrollBack={props.scrollBack}
              color={color}
              formatTime={props.formatTime ?? localTime}
            />
          )}
        </Box>
      </Box>
      <StatusLine state={state} current={current} color={color} />
      <Box>
        <Text bold>{'> '}</Text>
        <TextInput value={props.input} onChange={props.onInputChange} onSubmit={props.onSubmit} />
      </Box>
    </Box>
  );
}

function Sidebar(props: { channels: Channel[]; current?: string; color: boolean }) {
  return (
    <Box flexDirection="column" width={SIDEBAR_WIDTH} flexShrink={0} overflow="hidden">
      {props.channels.map((channel, index) => {
        const selected = channel.key === props.current;
        const badge =
          channel.unread > 0 ? ` ${channel.unread}${channel.mentions > 0 ? '@' : ''}` : '';
        return (
          <Text
            key={channel.key}
            inverse={selected}
            bold={channel.unread > 0}
            color={props.color && channel.mentions > 0 ? 'yellow' : undefined}
            wrap="truncate-end"
          >
            {`${index + 1} ${channel.title}${badge}`}
          </Text>
        );
      })}
    </Box>
  );
}

/** The text of a message's line, as `MessageLine` draws it (without styles). */
function lineText(message: ShownMessage, time: string): string {
  const deleted = Boolean(message.deletedAt);
  return `${time} ${message.authorNickname}: ${deleted ? '[message deleted]' : message.body}${
    message.editedAt && !deleted ? ' (edited)' : ''
  }${message.pending ? ' (sending…)' : ''}`;
}

/** Rows a message takes at `width` columns: wrapped the way Ink wraps it (wrap-ansi, hard). */
function rowsOf(text: string, width: number): number {
  return wrapAnsi(text, width, { trim: false, hard: true }).split('\n').length;
}

function Messages(props: {
  channel?: Channel;
  me: string;
  rows: number;
  width: number;
  scrollBack: number;
  color: boolean;
  formatTime(iso: string): string;
}) {
  const { channel } = props;
  if (!channel) return <Text>No room open: /join a room, /dm someone, /help.</Text>;
  const end = Math.max(0, channel.messages.length - props.scrollBack);
  // Ink cannot clip a column at its top: exactly what fits is drawn, newest at the bottom.
  const shown: ShownMessage[] = [];
  let free = props.rows - 1; // one row for the "beginning" or "newer below" line
  for (let index = end - 1; index >= 0; index -= 1) {
    const message = channel.messages[index] as ShownMessage;
    const rows = rowsOf(lineText(message, props.formatTime(message.createdAt)), props.width);
    if (rows > free) break;
    free -= rows;
    shown.unshift(message);
  }
  const fromTheBeginning = channel.olderCursor === null && shown.length === end;
  const marker = fromTheBeginning
    ? '· beginning of the conversation ·'
    : props.scrollBack > 0
      ? `· ${props.scrollBack} newer below: PageDown ·`
      : undefined;
  return (
    <Box flexDirection="column" justifyContent="flex-end" height={props.rows} overflow="hidden">
      {marker ? <Text dimColor>{marker}</Text> : null}
      {shown.map((message) => (
        <MessageLine
          key={message.id}
          message={message}
          mine={message.authorId === props.me}
          color={props.color}
          formatTime={props.formatTime}
        />
      ))}
    </Box>
  );
}

function MessageLine(props: {
  message: ShownMessage;
  mine: boolean;
  color: boolean;
  formatTime(iso: string): string;
}) {
  const { message } = props;
  const deleted = Boolean(message.deletedAt);
  return (
    <Text wrap="wrap">
      <Text dimColor>{props.formatTime(message.createdAt)} </Text>
      <Text bold color={props.color ? (props.mine ? 'green' : 'cyan') : undefined}>
        {message.authorNickname}
      </Text>
      <Text>: </Text>
      {deleted ? (
        <Text italic dimColor>
          [message deleted]
        </Text>
      ) : (
        <Text>{message.body}</Text>
      )}
      {message.editedAt && !deleted ? <Text dimColor> (edited)</Text> : null}
      {message.pending ? <Text dimColor> (sending…)</Text> : null}
    </Text>
  );
}

function Panel(props: { panel: NonNullable<ChatState['panel']>; rows: number }) {
  return (
    <Box flexDirection="column" height={props.rows} overflow="hidden">
      <Text bold wrap="truncate-end">
        {props.panel.title}
      </Text>
      {props.panel.lines.slice(0, props.rows - 1).map((line, index) => (
        // Lines are plain text without identity: their position is their key.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Text key={index} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  );
}

function StatusLine(props: { state: ChatState; current?: Channel; color: boolean }) {
  const { state, current, color } = props;
  const connection =
    state.connection === 'connected'
      ? '● connected'
      : state.connection === 'connecting'
        ? '○ connecting…'
        : state.connection === 'reconnecting'
          ? '○ reconnecting…'
          : '○ disconnected';
  const pending = state.channels.reduce(
    (count, channel) => count + channel.messages.filter((message) => message.pending).length,
    0,
  );
  const parts: string[] = [];
  if (current?.typing.length) {
    parts.push(`${current.typing.join(', ')} ${current.typing.length > 1 ? 'are' : 'is'} typing…`);
  }
  if (pending > 0) parts.push(`${pending} sending`);
  if (state.rateLimitedUntil) {
    const seconds = Math.max(1, Math.ceil((state.rateLimitedUntil - Date.now()) / 1000));
    parts.push(`rate limited: waiting ${seconds} s`);
  }
  const noticeColor = state.notice?.kind === 'error' ? 'red' : 'yellow';
  return (
    <Text wrap="truncate-end">
      <Text color={color ? (state.connection === 'connected' ? 'green' : 'yellow') : undefined}>
        {connection}
      </Text>
      {parts.length > 0 ? <Text> · {parts.join(' · ')}</Text> : null}
      {state.notice ? (
        <Text color={color ? noticeColor : undefined} bold={!color}>
          {' '}
          · {state.notice.text}
        </Text>
      ) : null}
    </Text>
  );
}
