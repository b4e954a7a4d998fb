// Runs before `npm start` (prestart): refuses to start a build that is missing or older than
// its sources, rather than silently serving old code. It only reads, so any number of
// instances may start at once; building is `npm run build` (run by `npm install` too).
// Plain JavaScript: it must work after `npm prune --omit=dev`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** Every `.ts` source under `dir` (declaration files emit nothing). */
function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(file);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield file;
  }
}

/** Why the build in `dist/` cannot be started as it is, or undefined when it can. */
function staleness() {
  if (!existsSync(path.join(root, 'dist/index.js'))) return 'there is no build (dist/index.js)';
  for (const source of sources(path.join(root, 'src'))) {
    const relative = path.relative(path.join(root, 'src'), source);
    const built = path.join(root, 'dist', relative.replace(/\.ts$/, '.js'));
    if (!existsSync(built)) return `src/${relative} is not built`;
    if (statSync(source).mtimeMs > statSync(built).mtimeMs)
      return `src/${relative} changed since the build`;
  }
  return undefined;
}

const reason = staleness();
if (reason) {
  console.error(
    `Charla cannot start: ${reason}. Run \`npm run build\` first (\`npm run dev\` runs the sources).`,
  );
  process.exit(1);
}
