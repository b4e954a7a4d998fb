import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * How big and deep an operation may be. GraphiQL's introspection query and every operation our
 * clients and tests send stay well inside (the deepest, a room's history with authors, has
 * depth 6 and under 200 tokens); `test/document-limits.test.ts` checks each limit at its edge.
 */
export const DOCUMENT_LIMITS = {
  /** Characters of the query text, checked before parsing. */
  maxLength: 20_000,
  /** Lexical tokens (names, punctuation, values), checked while parsing. */
  maxTokens: 2_000,
  /** Nesting of selections; introspection is exempt. */
  maxDepth: 12,
  /** Aliased fields in one operation (aliases multiply work). */
  maxAliases: 15,
  /** Directives in one operation. */
  maxDirectives: 20,
} as const;

/** The query-length check: a huge document is refused before the parser spends time on it. */
function useMaxQueryLength(maxLength: number): Plugin {
  return {
    onParse({ params }) {
      const source = typeof params.source === 'string' ? params.source : params.source.body;
      if (source.length > maxLength) {
        throw new GraphQLError(`Syntax Error: the query is longer than ${maxLength} characters.`, {
          extensions: { code: 'GRAPHQL_PARSE_FAILED' },
        });
      }
    },
  };
}

/**
 * graphql-js's own rule against introspection, on every validation. (Yoga's plugin for this
 * keys on the HTTP request, so it would leave graphql-ws open.)
 */
function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

/**
 * graphql-armor reports its rejections as BAD_USER_INPUT, and sometimes throws them from
 * validation. Charla's contract keeps BAD_USER_INPUT for bad arguments: a document refused for
 * its shape is GRAPHQL_VALIDATION_FAILED, returned like any validation error, on every transport.
 */
function useLimitErrorsAsValidationErrors(): Plugin {
  const normalize = (error: GraphQLError) =>
    error.extensions.code === 'BAD_USER_INPUT' || error.extensions.code === undefined
      ? new GraphQLError(error.message, {
          nodes: error.nodes,
          extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' },
        })
      : error;
  return {
    onValidate({ validateFn, setValidationFn }) {
      setValidationFn((schema, document, rules, typeInfo, options) => {
        try {
          return validateFn(schema, document, rules, typeInfo, options).map(normalize);
        } catch (error) {
          if (error instanceof GraphQLError) return [normalize(error)];
          throw error;
        }
      });
    },
  };
}

/**
 * The envelop plugins that bound every operation, whatever the transport (Yoga applies them to
 * HTTP and SSE, and graphql-ws runs through `yoga.getEnveloped`). With `introspection: false`,
 * introspection is refused and validation errors stop suggesting field names.
 */
export function documentLimitPlugins({ introspection }: { introspection: boolean }): Plugin[] {
  const armor = EnvelopArmorPlugin({
    maxTokens: { n: DOCUMENT_LIMITS.maxTokens },
    maxDepth: { n: DOCUMENT_LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: DOCUMENT_LIMITS.maxAliases },
    maxDirectives: { n: DOCUMENT_LIMITS.maxDirectives },
    // Cost is Charla's own (operation-budget.ts): armor's ignores arguments given as variables.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: !introspection },
  }) as unknown as Plugin;
  const plugins = [
    useMaxQueryLength(DOCUMENT_LIMITS.maxLength),
    useLimitErrorsAsValidationErrors(),
    armor,
  ];
  if (!introspection) plugins.push(useNoIntrospection());
  return plugins;
}
