/**
 * Resolves once `condition` holds, checking every 20 ms; fails the test with `what` after
 * `timeoutMs`. For waiting on events a test cannot await directly (a reconnect, a delivery).
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what = 'a condition',
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
