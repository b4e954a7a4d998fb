import type { FormattedExecutionResult } from 'graphql';
import type { Client, Sink, SubscribePayload } from 'graphql-ws';

/**
 * A graphql-ws `subscribe` that resumes Charla's message subscriptions without gaps: when the
 * socket drops, or the server ends a stream quietly (a restart), it subscribes again with `after`
 * set to the last `cursor` received, so every message arrives once, in order. Give it a client
 * created with `retryAttempts: 0`: graphql-ws's own retry re-sends the original variables, which
 * loses messages (without `after`) or repeats them (with one). The subscription must select its
 * root field's `cursor`. GraphQL errors (FORBIDDEN, CURSOR_EXPIRED…) and 4xxx closes (a revoked
 * token) end it for good; SLOW_CONSUMER resumes too.
 *
 * @param retryDelayMs first wait before resubscribing, in ms (default 500); it doubles on each
 * failed attempt, up to 30 s, and starts over once a message arrives.
 */
export function resumingSubscribe(client: Client, retryDelayMs = 500): Client['subscribe'] {
  return <Data, Extensions>(
    payload: SubscribePayload,
    sink: Sink<FormattedExecutionResult<Data, Extensions>>,
  ) => {
    let variables = payload.variables ?? {};
    let delay = retryDelayMs;
    let stopped = false;
    let failed = false;
    let unsubscribe = () => {};
    let timer: ReturnType<typeof setTimeout> | undefined;
    const resume = () => {
      if (stopped) return;
      timer = setTimeout(start, delay);
      delay = Math.min(delay * 2, 30_000);
    };
    function start() {
      unsubscribe = client.subscribe<Data, Extensions>(
        { ...payload, variables },
        {
          next(result) {
            const codes = result.errors?.map((error) => error.extensions?.code);
            if (codes?.includes('SLOW_CONSUMER')) return; // the complete that follows resumes
            if (result.errors) failed = true;
            const [field] = Object.values(result.data ?? {}) as ({ cursor?: unknown } | null)[];
            if (typeof field?.cursor === 'string')
              variables = { ...variables, after: field.cursor };
            delay = retryDelayMs;
            sink.next(result);
          },
          error(error) {
            const code = (error as { code?: unknown }).code;
            if (Array.isArray(error) || (typeof code === 'number' && code >= 4000)) {
              sink.error(error);
            } else resume(); // the network, or the server restarting
          },
          complete: () => (failed || stopped ? sink.complete() : resume()),
        },
      );
    }
    start();
    return () => {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
    };
  };
}
