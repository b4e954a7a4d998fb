import { afterAll, describe, expect, it } from 'vitest';
import { temporaryDatabaseFile } from './support/server.js';
import { spawnServerProcess } from './support/server-process.js';

describe('process lifecycle', () => {
  const temporary = temporaryDatabaseFile();
  afterAll(() => temporary.cleanup());

  it.each(['SIGTERM', 'SIGINT'] as const)('stops cleanly on %s', async (signal) => {
    const server = await spawnServerProcess({ DATABASE_URL: `file:${temporary.file}` });
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);

    const started = Date.now();
    server.child.kill(signal);
    const { code } = await server.exited;
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(server.output()).toContain('Charla stopped');
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });
});
