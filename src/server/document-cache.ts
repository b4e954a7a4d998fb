import type { DocumentNode, GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';

/**
 * Heap bytes a parsed document takes per lexical token: measured with graphql-js 16 (each token
 * keeps a `Token` and, for most, an AST node with its `Location`), about 520 bytes; rounded up.
 */
const BYTES_PER_TOKEN = 600;
/** How long an unused document stays cached, in ms (Yoga's default). */
const TTL_MS = 3_600_000;

/** Tokens of a parsed document, counted on the lexer's token list kept in its location. */
function tokensOf(document: DocumentNode): number {
  let count = 0;
  for (let token = document.loc?.startToken ?? null; token; token = token.next) count += 1;
  return count;
}

/** The heap a cached document is charged: its source (UTF-16) and its tokens and nodes. */
function documentBytes(document: DocumentNode, source: string): number {
  return source.length * 2 + tokensOf(document) * BYTES_PER_TOKEN;
}

/**
 * Yoga's parser cache (`parserAndValidationCache`), bounded by bytes rather than by count: by
 * default Yoga keeps 1,024 documents whatever their size, and a document near the length limit
 * costs about 1 MB of heap, so distinct large documents could hold a gigabyte. Validation
 * results are kept by Yoga in a WeakMap on the document, so they go with it.
 *
 * @param maxBytes heap budget for parsed documents, and separately for parse errors (0: none)
 */
export function boundedParserCache(maxBytes: number) {
  if (maxBytes === 0) return false as const;
  return {
    documentCache: new LRUCache<string, DocumentNode>({
      maxSize: maxBytes,
      sizeCalculation: documentBytes,
      ttl: TTL_MS,
    }),
    // A parse error keeps its source; charged for it, plus the error itself.
    errorCache: new LRUCache<string, GraphQLError>({
      maxSize: maxBytes,
      sizeCalculation: (_error, source) => source.length * 2 + 1_024,
      ttl: TTL_MS,
    }),
    validationCache: true,
  };
}
