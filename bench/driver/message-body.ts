/**
 * Published bodies carry their run and sequence number as `bench#<run>#<seq>#`, so the driver
 * finds them in a raw frame with one Buffer.indexOf instead of parsing JSON per delivery.
 * Warm-up messages carry `warm#` and are only counted as "this subscription is live".
 */
const MEASURED_TAG = 'bench#';
const WARM_UP_TAG = 'warm#';
const HASH = 0x23;
const ZERO = 0x30;

/** Padding to a typical chat line (about 64 characters), so frames have a realistic size. */
const FILLER = ' lorem ipsum dolor sit amet, consectetur adipiscing elit';

export function measuredBody(run: number, sequence: number): string {
  return `${MEASURED_TAG}${run}#${sequence}#${FILLER}`.slice(0, 64);
}

export function warmUpBody(sequence: number): string {
  return `${WARM_UP_TAG}${sequence}#${FILLER}`.slice(0, 64);
}

/** A frame's tag: a measured message (with run and sequence), a warm-up one, or neither. */
export type Tagged = { kind: 'measured'; run: number; sequence: number } | { kind: 'warm-up' };

/** Reads the tag of a raw `next` frame without decoding it; null for protocol frames. */
export function readTag(frame: Buffer): Tagged | null {
  const at = frame.indexOf(MEASURED_TAG);
  if (at >= 0) {
    let cursor = at + MEASURED_TAG.length;
    let run = 0;
    for (let byte = frame[cursor]; byte !== HASH && byte !== undefined; byte = frame[++cursor]) {
      run = run * 10 + (byte - ZERO);
    }
    let sequence = 0;
    for (let byte = frame[++cursor]; byte !== HASH && byte !== undefined; byte = frame[++cursor]) {
      sequence = sequence * 10 + (byte - ZERO);
    }
    return { kind: 'measured', run, sequence };
  }
  return frame.indexOf(WARM_UP_TAG) >= 0 ? { kind: 'warm-up' } : null;
}
