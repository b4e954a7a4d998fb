import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

/** Runs the real entry point (as `npm start` would, without the build) and collects its exit. */
function runEntryPoint(env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('configuration', () => {
  it('has defaults that start on port 4000 with ./data/charla.db', () => {
    expect(loadConfig({})).toMatchObject({
      port: 4000,
      host: undefined,
      databaseUrl: 'file:./data/charla.db',
      logLevel: 'info',
      tokenTtlMs: 30 * 24 * 60 * 60 * 1000,
      loginFailureLimit: { points: 10, durationSeconds: 900 },
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).port).toBe(4000);
  });

  it('names every bad variable in one message', () => {
    expect(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(
      /PORT[\s\S]*"eighty"[\s\S]*LOG_LEVEL[\s\S]*"loud"/,
    );
  });

  it('refuses a DATABASE_URL that is not a SQLite file URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://localhost/charla' })).toThrow(/DATABASE_URL/);
  });

  it('makes the server exit at once with a clear message for a bad DATABASE_URL', async () => {
    const { code, output } = await runEntryPoint({ DATABASE_URL: 'mysql://localhost/charla' });
    expect(code).toBe(1);
    expect(output).toContain('DATABASE_URL must be a SQLite file URL');
    expect(output).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('makes the server exit with the reason when the database file cannot be created', async () => {
    const { code, output } = await runEntryPoint({ DATABASE_URL: 'file:/etc/hostname/charla.db' });
    expect(code).toBe(1);
    expect(output).toContain('DATABASE_URL');
    expect(output).toContain('/etc/hostname');
  });
});
