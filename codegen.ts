import type { CodegenConfig } from '@graphql-codegen/cli';

const typedDocuments = {
  preset: 'client',
  presetConfig: { fragmentMasking: false },
  config: {
    documentMode: 'string',
    useTypeImports: true,
    enumsAsTypes: true,
    scalars: { DateTime: 'string' },
  },
} as const;

// Typed operations (checked in; `npm test` fails when they are stale): every `.graphql`
// document under test/operations becomes a typed document in test/generated, and the terminal
// client's documents (client/operations) become client/generated.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: false,
  importExtension: '.js',
  generates: {
    'test/generated/': { ...typedDocuments, documents: ['test/operations/**/*.graphql'] },
    'client/generated/': { ...typedDocuments, documents: ['client/operations/**/*.graphql'] },
  },
};

export default config;
