import { execFileSync, spawnSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, temporaryDir } from './processes.js';

export type CharlaCheckout = { dir: string; commit: string; remove(): void };

/**
 * A copy of Charla at a git ref, to benchmark committed code while the working tree is being
 * edited. It shares this repository's node_modules (so the ref should not need other
 * dependencies) and gets its own Prisma client, generated as `npm install` would.
 */
export function checkoutCharla(ref: string): CharlaCheckout {
  const commit = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  }).trim();
  const { path: dir, remove } = temporaryDir(`charla-${commit.slice(0, 7)}-`);
  try {
    execFileSync('bash', ['-c', 'git archive "$1" | tar -x -C "$2"', 'archive', commit, dir], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const generated = spawnSync(process.execPath, ['scripts/generate-prisma-client.mjs'], {
      cwd: dir,
      env: {
        ...process.env,
        PATH: `${join(REPO_ROOT, 'node_modules', '.bin')}:${process.env.PATH}`,
      },
      encoding: 'utf8',
    });
    if (generated.status !== 0) {
      throw new Error(`could not generate the Prisma client of ${commit}:\n${generated.stderr}`);
    }
  } catch (error) {
    remove();
    throw error;
  }
  return { dir, commit, remove };
}
