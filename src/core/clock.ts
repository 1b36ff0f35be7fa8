/**
 * The one clock: everything that judges time (node key expiry, last seen, stale devices, token
 * lifetimes, certificate dates) takes "now" from a Clock passed in, never from Date.now() directly,
 * so callers and tests decide what "now" is.
 * @module
 */

/** Milliseconds since the epoch, like Date.now(). */
export type Clock = () => number

/** The machine's wall clock: the default wherever no clock is injected. */
export const systemClock: Clock = () => Date.now()

/** A clock that always reads `at` (a Date, an ISO string or epoch milliseconds). For tests and replays. */
export function fixedClock(at: Date | string | number): Clock {
  const time = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime()
  if (Number.isNaN(time)) throw new TypeError(`fixedClock: "${String(at)}" is not a date`)
  return () => time
}
