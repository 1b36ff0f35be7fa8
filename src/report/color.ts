/**
 * Terminal colours. Decided once per run from the environment and whether the stream is a terminal,
 * then passed down as a palette, so formatters stay pure and tests are deterministic.
 * @module
 */
import pc from 'picocolors'

/** The palette formatters draw with; every function is the identity when colours are off. */
export type Palette = ReturnType<typeof pc.createColors>

/**
 * Whether to colour output: `NO_COLOR` (non-empty) always wins, then `FORCE_COLOR` (anything but
 * `0`/`false`), then whether the stream is a terminal. See no-color.org and force-color.org.
 */
export function colorEnabled(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  const force = env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force !== 'false'
  return isTTY
}

/** A palette that colours, or one that returns its input unchanged. */
export function palette(enabled: boolean): Palette {
  return pc.createColors(enabled)
}
