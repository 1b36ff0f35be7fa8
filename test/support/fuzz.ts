/**
 * The knobs for property tests. Every fast-check property takes its run count from here: small by
 * default so `npm test` stays fast; `npm run fuzz` sets FUZZ_RUNS=20000.
 *
 * The seed is fixed unless asked otherwise, so `npm test` explores the same inputs on every machine
 * and a red run is reproducible: a random seed once failed CI on an input no local run had tried.
 * `npm run fuzz` sets FUZZ_SEED=random to look for new failures; fast-check prints the seed of any
 * failure, and FUZZ_SEED=<that seed> replays it.
 */
import fc from 'fast-check'

/** Runs per property: $FUZZ_RUNS, else 100. */
export const FUZZ_RUNS = fuzzRuns(process.env.FUZZ_RUNS)

/** Per-test timeout that grows with the run count, so a hang fails the test instead of CI. */
export const FUZZ_TIMEOUT = Math.max(60_000, FUZZ_RUNS * 200)

/** The fast-check seed for every property: $FUZZ_SEED, a random one for "random", else a fixed one. */
export const FUZZ_SEED = fuzzSeed(process.env.FUZZ_SEED)

/** Applies FUZZ_SEED to every fast-check run in this worker (a vitest setup file calls it). */
export function configureFuzz(): void {
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: FUZZ_SEED })
}

function fuzzSeed(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return 20261204
  if (value.trim() === 'random') return undefined
  const seed = Number(value)
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer or "random", not "${value}"`)
  return seed
}

function fuzzRuns(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 100
  const runs = Number(value)
  if (!Number.isSafeInteger(runs) || runs < 1)
    throw new Error(`FUZZ_RUNS must be a positive integer, not "${value}"`)
  return runs
}
