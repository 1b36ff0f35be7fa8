/**
 * "Did you mean" suggestions: one edit distance and one closest-match search, shared by every
 * place that answers a typo (intent keys, schematic fields, Tailscale flags and variables, rule
 * codes, the tailscale service name).
 * @module
 */

/** Options of {@link editDistance}. */
export interface EditDistanceOptions {
  /**
   * Count a swapped pair of neighbours (`hsot` for `host`) as one edit (optimal string alignment)
   * instead of two (plain Levenshtein). Default false.
   */
  transpositions?: boolean
}

/**
 * The number of single-character insertions, deletions and substitutions (and, with
 * `transpositions`, swaps of neighbours) that turn `a` into `b`. Case-sensitive.
 */
export function editDistance(a: string, b: string, options: EditDistanceOptions = {}): number {
  if (a === b) return 0
  const cols = b.length + 1
  // Three rolling rows: the transposition step looks two rows back.
  let before: number[] = []
  let previous = Array.from({ length: cols }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j < cols; j++) {
      let value = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
      if (options.transpositions && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, before[j - 2]! + 1)
      current[j] = value
    }
    before = previous
    previous = current
  }
  return previous[b.length]!
}

/** Options of {@link closestMatch}. */
export interface ClosestMatchOptions extends EditDistanceOptions {
  /**
   * The largest distance still taken for a typo. Default: a third of the word's length, at least 2,
   * so short words allow two slips and long ones proportionally more.
   */
  maxDistance?: number
}

/**
 * The candidate closest to `word` by {@link editDistance}, compared without regard to case, when
 * it is within `maxDistance`; else undefined. On a tie the earlier candidate wins, so callers that
 * want a stable answer pass a sorted list.
 */
export function closestMatch(
  word: string,
  candidates: Iterable<string>,
  options: ClosestMatchOptions = {},
): string | undefined {
  const limit = options.maxDistance ?? Math.max(2, Math.floor(word.length / 3))
  const lower = word.toLowerCase()
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase(), options)
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return bestDistance <= limit ? best : undefined
}
