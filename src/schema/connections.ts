import type { Page } from '../domain/pagination.js';

/** Turns a domain page into the Relay connection shape Pothos resolves. */
export function toConnection<T, Extra extends object = object>(
  page: Page<T>,
  cursorOf: (item: T) => string,
  extra?: Extra,
) {
  const edges = page.items.map((node) => ({ node, cursor: cursorOf(node) }));
  return {
    ...(extra as Extra),
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
