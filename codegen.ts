import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations for clients and tests: every `.graphql` document under test/operations
// becomes a typed document in test/generated (checked in; `npm test` fails when it is stale).
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['test/operations/**/*.graphql'],
  ignoreNoDocuments: false,
  importExtension: '.js',
  generates: {
    'test/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string' },
      },
    },
  },
};

export default config;
