/**
 * The one knob for property tests. Every fast-check property takes its run count from here: small by
 * default so `npm test` stays fast; `npm run fuzz` sets FUZZ_RUNS=20000.
 */

/** Runs per property: $FUZZ_RUNS, else 100. */
export const FUZZ_RUNS = fuzzRuns(process.env.FUZZ_RUNS)

/** Per-test timeout that grows with the run count, so a hang fails the test instead of CI. */
export const FUZZ_TIMEOUT = Math.max(60_000, FUZZ_RUNS * 200)

function fuzzRuns(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 100
  const runs = Number(value)
  if (!Number.isSafeInteger(runs) || runs < 1)
    throw new Error(`FUZZ_RUNS must be a positive integer, not "${value}"`)
  return runs
}
