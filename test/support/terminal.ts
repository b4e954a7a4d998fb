import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import xterm from '@xterm/headless';

export type TerminalClient = {
  /** The screen as a person sees it: one string per row, trailing spaces trimmed. */
  screen(): string[];
  /** Everything the program wrote, escape sequences included. */
  raw(): string;
  /** Sends text as one burst, as a paste would. */
  type(text: string): void;
  /**
   * Types a line, waits until the screen shows it (or `shown`, e.g. the mask of a password),
   * then presses Enter: keys sent faster than the screen redraws could otherwise race it.
   */
  enter(line: string, shown?: string): Promise<void>;
  /** Resolves with the screen once `check` is true of it; throws with the screen after `timeoutMs`. */
  waitFor(check: string | ((rows: string[]) => boolean), timeoutMs?: number): Promise<string[]>;
  /** Resolves with the program's exit code when it ends. */
  exited: Promise<number | null>;
  close(): Promise<void>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const shellQuote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

/**
 * This process's environment as a person's shell would have it. Under CI (`CI`,
 * `CONTINUOUS_INTEGRATION` or any `CI_*` set, as on CI machines) Ink draws only its last frame,
 * so the screen stays blank until the program exits; and with `CI` present at all, even
 * `CI=false`, terminal color detection changes how the input's cursor is drawn.
 */
function interactiveEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => key !== 'CI' && key !== 'CONTINUOUS_INTEGRATION' && !key.startsWith('CI_'),
    ),
  );
  return env;
}

/**
 * Runs a command in a real pseudo-terminal of `cols`×`rows` (util-linux `script`, on every Linux
 * machine) and keeps a terminal emulator (xterm.js, headless) of what it draws, so that tests read
 * the screen a person would see.
 */
export function startInTerminal(
  command: string[],
  options: { env?: Record<string, string>; cols?: number; rows?: number; cwd?: string } = {},
): TerminalClient {
  if (spawnSync('script', ['--version']).error) {
    throw new Error('These tests need `script` from util-linux (Debian: bsdutils) on the PATH');
  }
  const cols = options.cols ?? 80;
  const rows = options.rows ?? 24;
  const terminal = new xterm.Terminal({ cols, rows, allowProposedApi: true });
  let raw = '';
  const inner = `stty cols ${cols} rows ${rows}; exec ${command.map(shellQuote).join(' ')}`;
  const child: ChildProcess = spawn('script', ['-q', '-f', '-e', '-c', inner, '/dev/null'], {
    cwd: options.cwd,
    env: { ...interactiveEnv(), TERM: 'xterm-256color', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let pending = Promise.resolve();
  const onOutput = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    raw += text;
    pending = pending.then(() => new Promise<void>((resolve) => terminal.write(text, resolve)));
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const screen = () => {
    const buffer = terminal.buffer.active;
    const lines: string[] = [];
    for (let row = 0; row < rows; row += 1) {
      lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
    }
    return lines;
  };
  const type = (text: string) => {
    child.stdin?.write(text);
  };
  const client: TerminalClient = {
    exited,
    screen,
    raw: () => raw,
    type,
    async enter(line, shown = line) {
      type(line);
      const before = await client.waitFor((lines) => lines.some((row) => row.includes(shown)));
      const row = before.findLastIndex((text) => text.includes(shown));
      child.stdin?.write('\r');
      // Enter is handled once the row it was typed on changes (the input is cleared, or the
      // next step is drawn): keys typed before that would land in the old input.
      // (or the program ends: /quit leaves its last frame as it was).
      const changed = client.waitFor((lines) => lines[row] !== before[row]);
      changed.catch(() => {});
      await Promise.race([changed, exited]);
    },
    async waitFor(check, timeoutMs = 15_000) {
      const test =
        typeof check === 'string' ? (lines: string[]) => lines.join('\n').includes(check) : check;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await pending;
        const lines = screen();
        if (test(lines)) return lines;
        if (Date.now() > deadline) {
          throw new Error(`waited for ${String(check)}; the screen shows:\n${lines.join('\n')}`);
        }
        await sleep(50);
      }
    },
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(2_000)]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      terminal.dispose();
    },
  };
  return client;
}
