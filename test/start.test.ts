import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/free-port.js';
import { temporaryDatabaseFile } from './support/server.js';
import { type ServerProcess, spawnServerProcess } from './support/server-process.js';

const BUILT_ENTRY = 'dist/index.js';

/**
 * Stops a server started through npm: SIGTERM to the server itself (its log lines carry its
 * pid), then npm ends with it.
 */
async function stop(server: ServerProcess) {
  const pid = Number(/"pid":(\d+)/.exec(server.output())?.[1]);
  if (pid) process.kill(pid, 'SIGTERM');
  else server.child.kill('SIGTERM');
  await server.exited;
}

describe('building once, starting many', () => {
  beforeAll(() => {
    // `npm install` builds; after editing sources (or on a machine that skipped it) build here.
    if (spawnSync(process.execPath, ['scripts/check-build.mjs']).status !== 0) {
      execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
    }
  }, 180_000);

  it('starts two instances at once from one build, without building again', async () => {
    const builtAt = statSync(BUILT_ENTRY).mtimeMs;
    const databases = [temporaryDatabaseFile(), temporaryDatabaseFile()];
    const servers = await Promise.all(
      databases.map(({ file }) =>
        spawnServerProcess({ DATABASE_URL: `file:${file}` }, ['npm', 'start', '--silent']),
      ),
    );
    try {
      for (const server of servers) {
        expect((await fetch(`${server.url}/health`)).status).toBe(200);
        const answer = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ room(name: "general") { name } }' }),
        });
        expect(await answer.json()).toEqual({ data: { room: { name: 'general' } } });
      }
      // Starting only reads the build: nothing rewrote it under the other instance.
      expect(statSync(BUILT_ENTRY).mtimeMs).toBe(builtAt);
    } finally {
      await Promise.all(servers.map(stop));
      for (const database of databases) database.cleanup();
    }
  }, 60_000);

  it('logs the address it listens on: every interface without HOST, else HOST', async () => {
    const { file, cleanup } = temporaryDatabaseFile();
    const everywhere = await spawnServerProcess({
      DATABASE_URL: `file:${file}`,
      HOST: undefined,
      PORT: String(await freePort()),
    });
    try {
      expect(everywhere.output()).toContain('Charla is listening on every interface, port');
      expect(everywhere.url).toMatch(/^http:\/\/localhost:\d+$/);
      expect((await fetch(`http://127.0.0.1:${new URL(everywhere.url).port}/health`)).status).toBe(
        200,
      );
    } finally {
      everywhere.child.kill('SIGTERM');
      await everywhere.exited;
    }
    const loopback = await spawnServerProcess({ DATABASE_URL: `file:${file}`, HOST: '127.0.0.1' });
    try {
      expect(loopback.output()).toMatch(
        /Charla is listening on http:\/\/127\.0\.0\.1:\d+\/graphql/,
      );
    } finally {
      loopback.child.kill('SIGTERM');
      await loopback.exited;
      cleanup();
    }
  }, 60_000);

  it('refuses to start a build older than its sources, saying what to run', () => {
    const { file, cleanup } = temporaryDatabaseFile();
    // A copy of the check in a tree of its own: src/a.ts edited after dist/a.js was built.
    const root = path.dirname(file);
    mkdirSync(path.join(root, 'scripts'));
    mkdirSync(path.join(root, 'src'));
    mkdirSync(path.join(root, 'dist'));
    copyFileSync('scripts/check-build.mjs', path.join(root, 'scripts/check-build.mjs'));
    for (const name of ['index', 'a']) {
      writeFileSync(path.join(root, `src/${name}.ts`), '');
      writeFileSync(path.join(root, `dist/${name}.js`), '');
    }
    const check = () =>
      spawnSync(process.execPath, [path.join(root, 'scripts/check-build.mjs')], {
        encoding: 'utf8',
      });
    try {
      expect(check().status).toBe(0);
      const later = new Date(Date.now() + 60_000);
      utimesSync(path.join(root, 'src/a.ts'), later, later);
      const stale = check();
      expect(stale.status).toBe(1);
      expect(stale.stderr).toContain('src/a.ts changed since the build');
      expect(stale.stderr).toContain('npm run build');
    } finally {
      cleanup();
    }
  });
});
