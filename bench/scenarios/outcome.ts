/** One data point: the measured runs, or why they could not all be measured. */
export type Outcome<R> = { runs: R[] } | { error: string; runs: R[] };

/** Runs `body`; a failure is printed and returned as text so that other points still run. */
export async function attempt(
  label: string,
  body: () => Promise<void>,
): Promise<string | undefined> {
  try {
    await body();
    return undefined;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    console.error(`  ${label} failed: ${text.split('\n').slice(0, 8).join('\n  ')}`);
    return text.slice(0, 2_000);
  }
}

/** The point's outcome: its runs, plus the error when one cut them short. */
export function outcome<R>(runs: R[], error: string | undefined): Outcome<R> {
  return error === undefined ? { runs } : { error, runs };
}

/** Prints one progress line to stderr (the tables go to stdout). */
export function progress(text: string): void {
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${text}`);
}
