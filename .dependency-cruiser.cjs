/**
 * Charla's layering, as an executable description (run by `npm run lint`; docs/architecture.md
 * explains the layers in prose). Each rule below is one sentence of the design; a new import that
 * breaks one fails lint. Violations that today's code already has are listed in
 * `.dependency-cruiser-known-violations.json` (regenerate it with `npm run lint:layers:baseline`
 * once they are fixed; it should end up empty).
 *
 * Type-only imports count (`tsPreCompilationDeps`): a type is as much a dependency of the design
 * as a value, even though the compiler erases it.
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'No import cycles anywhere in src/ or client/: a cycle makes load order matter and hides ' +
        'which module owns a fact. Break one by moving the shared piece to the lower layer.',
      severity: 'error',
      from: { path: '^(src|client)/' },
      to: { circular: true },
    },
    {
      name: 'domain-is-plain-typescript',
      comment:
        'The domain (src/domain) knows nothing of storage, GraphQL, transports or live delivery: ' +
        'it declares the storage ports it needs and src/storage implements them. It may import ' +
        'the event bus *port* (src/events/event-bus.ts: the topic map and the EventBus interface) ' +
        'because services publish after commit; it never imports a bus implementation.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        path: [
          '^src/(storage|db|schema|server|delivery|generated)/',
          '^src/events/(?!event-bus\\.ts$)',
        ],
      },
    },
    {
      name: 'domain-uses-no-infrastructure-packages',
      comment:
        'No database driver, Prisma (not even its types), GraphQL, WebSocket or Redis package in ' +
        'the domain: the ports speak domain types only, so a new storage engine is one folder ' +
        'under src/storage and every transport reaches the same domain functions.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        path: '(^|/)node_modules/(@prisma|prisma|pg|better-sqlite3|graphql|graphql-yoga|graphql-ws|graphql-sse|@pothos|ws|ioredis)/',
      },
    },
    {
      name: 'delivery-and-schema-go-through-the-domain',
      comment:
        'Live delivery (src/delivery) and the GraphQL schema (src/schema) reach data only through ' +
        'domain services and ports: they import no storage implementation and no Prisma client.',
      severity: 'error',
      from: { path: '^src/(delivery|schema)/' },
      to: {
        path: [
          '^src/(storage|db|generated)/',
          '(^|/)node_modules/(@prisma|prisma|pg|better-sqlite3)/',
        ],
      },
    },
    {
      name: 'client-is-a-separate-program',
      comment:
        'The terminal client (client/) talks to the server only through the public GraphQL API: it ' +
        'imports nothing from src/, so it can be built and shipped on its own.',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^src/' },
    },
    {
      name: 'events-are-below-the-domain',
      comment:
        'The event bus carries domain types but does not call services, storage or transports.',
      severity: 'error',
      from: { path: '^src/events/' },
      to: { path: '^src/(storage|db|schema|server|delivery|generated)/' },
    },
  ],
  options: {
    // Generated code is a leaf: imports of it are checked, its own imports are not.
    doNotFollow: { path: ['node_modules', '^src/generated/', '^client/generated/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.check.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
    skipAnalysisNotInRules: true,
  },
};
