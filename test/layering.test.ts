import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { temporaryDatabaseFile } from './support/server.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEPCRUISE = path.join(ROOT, 'node_modules/.bin/depcruise');
const RULES = path.join(ROOT, '.dependency-cruiser.cjs');

/**
 * The layering rules of `.dependency-cruiser.cjs` (part of `npm run lint`), run on a small tree
 * of their own so that each rule is shown to reject what it forbids, whatever the real tree's
 * known violations are.
 */
describe('the layering rules', { timeout: 30_000 }, () => {
  const scratch = temporaryDatabaseFile(); // a temporary folder, removed after
  const root = path.dirname(scratch.file);
  afterAll(() => scratch.cleanup());

  let tree = 0;
  /** Writes `files` into a fresh tree and returns the names of the rules its imports break. */
  function brokenRules(files: Record<string, string>): string[] {
    tree += 1;
    const dir = path.join(root, `tree-${tree}`);
    for (const [name, text] of Object.entries({
      'tsconfig.check.json': JSON.stringify({
        compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' },
      }),
      'client/index.ts': 'export {};\n',
      ...files,
    })) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    // Packages resolve as in the real tree.
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    const run = spawnSync(
      DEPCRUISE,
      ['--config', RULES, '--output-type', 'json', 'src', 'client'],
      { cwd: dir, encoding: 'utf8' },
    );
    if (!run.stdout) throw new Error(`depcruise printed nothing: ${run.stderr}`);
    const report = JSON.parse(run.stdout) as {
      summary: { violations: { rule: { name: string } }[] };
    };
    return [...new Set(report.summary.violations.map((violation) => violation.rule.name))].sort();
  }

  it('accept the intended direction: schema → domain → the event bus port', () => {
    expect(
      brokenRules({
        'src/events/event-bus.ts': 'export type EventBus = { publish(): void };\n',
        'src/domain/rooms.ts':
          "import type { EventBus } from '../events/event-bus.js';\nexport const rooms = (bus: EventBus) => bus;\n",
        'src/schema/room.ts':
          "import { rooms } from '../domain/rooms.js';\nexport const room = rooms;\n",
        'client/chat.ts': 'export const chat = 1;\n',
      }),
    ).toEqual([]);
  });

  it('reject the domain importing the schema, storage, a bus implementation or a transport package', () => {
    expect(
      brokenRules({
        'src/schema/room.ts': 'export const room = 1;\n',
        'src/storage/rooms-store.ts': 'export const store = 1;\n',
        'src/events/redis-bus.ts': 'export const redisBus = 1;\n',
        'src/domain/rooms.ts': [
          "import { room } from '../schema/room.js';",
          "import { store } from '../storage/rooms-store.js';",
          "import { redisBus } from '../events/redis-bus.js';",
          "import { GraphQLError } from 'graphql';",
          'export const all = [room, store, redisBus, GraphQLError];',
          '',
        ].join('\n'),
      }),
    ).toEqual(['domain-is-plain-typescript', 'domain-uses-no-infrastructure-packages']);
  });

  it('reject delivery or schema code reading storage, the client importing the server, and cycles', () => {
    expect(
      brokenRules({
        'src/storage/messages-store.ts': 'export const store = 1;\n',
        'src/delivery/message-stream.ts':
          "import { store } from '../storage/messages-store.js';\nexport const stream = store;\n",
        'src/schema/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
        'src/schema/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
        'client/chat.ts': "import { a } from '../src/schema/a.js';\nexport const chat = a;\n",
      }),
    ).toEqual([
      'client-is-a-separate-program',
      'delivery-and-schema-go-through-the-domain',
      'no-circular',
    ]);
  });
});
