import type { Interference } from '../driver/protocol.js';
import type { Plan } from '../plan.js';

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

/** Other processes held either core for more than this share of a run: the run is noisy. */
export const NOISY_PERCENT = 20;
export function isNoisy(run: Interference): boolean {
  const share = Math.max(run.otherOnServerCorePercent ?? 0, run.otherOnDriverCorePercent ?? 0);
  return share > NOISY_PERCENT;
}

/**
 * Measures runs into `runs` until it holds `plan.runs`. On a shared machine a noisy run is
 * measured again, up to `plan.noise.retries` times per point; past that it is kept (and the
 * report marks it).
 */
export async function measureRuns<R extends Interference>(
  plan: Plan,
  runs: R[],
  measure: () => Promise<R>,
  describe: (run: R) => string,
): Promise<void> {
  let retries = plan.noise.retries;
  while (runs.length < plan.runs) {
    const run = await measure();
    const noisy = isNoisy(run);
    if (noisy && retries > 0) {
      retries--;
      progress(`  ${describe(run)}: noisy (other processes on our cores), measuring again`);
      continue;
    }
    progress(`  ${describe(run)}${noisy ? ' (noisy)' : ''}`);
    runs.push(run);
  }
}
