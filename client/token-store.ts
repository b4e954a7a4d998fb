/**
 * Where the client keeps its sign-in token between runs: `$XDG_CONFIG_HOME/charla/tokens.json`
 * (default `~/.config/charla/tokens.json`), one token per server URL, readable by the owner only
 * (0600, in a 0700 folder).
 */
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export function tokenFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || homedir(), '.config');
  return path.join(base, 'charla', 'tokens.json');
}

function readAll(file: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function writeAll(file: string, tokens: Record<string, string>) {
  if (Object.keys(tokens).length === 0) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
  // `mode` applies only when the file is created: an older file keeps its permissions otherwise.
  chmodSync(file, 0o600);
}

export function readToken(server: string, env?: NodeJS.ProcessEnv): string | undefined {
  return readAll(tokenFile(env))[server];
}

export function saveToken(server: string, token: string, env?: NodeJS.ProcessEnv): void {
  const file = tokenFile(env);
  writeAll(file, { ...readAll(file), [server]: token });
}

export function forgetToken(server: string, env?: NodeJS.ProcessEnv): void {
  const file = tokenFile(env);
  const { [server]: _forgotten, ...others } = readAll(file);
  writeAll(file, others);
}
