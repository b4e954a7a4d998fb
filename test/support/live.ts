/** Subscriptions the server counts as live (`charla_subscriptions_active` on /metrics). */
export async function activeSubscriptions(endpoint: { url: string }): Promise<number> {
  const text = await (await fetch(`${endpoint.url}/metrics`)).text();
  return Number(/^charla_subscriptions_active (\d+)/m.exec(text)?.[1] ?? 0);
}

/**
 * Resolves once `count` more subscriptions than `baseline` are live, so that what a test posts
 * next is not posted before a subscriber listens (a fixed sleep raced on loaded machines). After
 * 10 s it gives up and lets the test's own assertions speak.
 */
export async function untilLive(
  endpoint: { url: string },
  baseline: number,
  count: number,
): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 25) {
    if ((await activeSubscriptions(endpoint)) >= baseline + count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
