#!/usr/bin/env node
// Launches the terminal client from its TypeScript source through tsx (a devDependency of this
// package), so that `npx charla-chat` works right after `npm install`, with no build step.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let tsx;
try {
  tsx = import.meta.resolve('tsx');
} catch {
  process.stderr.write('charla-chat: run `npm install` in the Charla folder first.\n');
  process.exit(1);
}
const child = spawn(
  process.execPath,
  ['--import', tsx, join(root, 'client', 'main.tsx'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'client', 'tsconfig.json') },
  },
);
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {});
