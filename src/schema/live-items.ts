import type { LiveItem } from '../delivery/live-queue.js';

/**
 * The resolver of every live subscription field: delivers the value a live stream yields, or
 * ends the subscription with the error it carries (graphql-ws sends it as `error`, SSE as a
 * `next` with errors, both masked by Yoga like any other).
 */
export function deliver<T>(item: LiveItem<T>): T {
  if ('end' in item) throw item.end;
  return item.value;
}
