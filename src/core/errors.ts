/**
 * Errors that reach the user. Each carries the exit code the CLI maps it to and a message written
 * in three parts: what is wrong, why it matters, what to do. Anything else that escapes is a bug.
 * @module
 */
import { escapeTerminal } from './escape.ts'

/** Exit codes shared by every command. */
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
} as const

/** Where in an input file an error points; 1-based. */
export interface ErrorLocation {
  file: string
  line?: number
  column?: number
  /** Dotted or slash path inside the document, when one is known (`tailscale.auth.env`). */
  path?: string
}

/** Base class for every error that is the user's to fix, never a crash. Exit code 2. */
export class TalscaleError extends Error {
  readonly exitCode: number = ExitCode.usage
  readonly location: ErrorLocation | undefined
  /** What to do about it, printed on its own line after the message. */
  readonly hint: string | undefined
  /**
   * True when the message has several lines on purpose, each escaped where it was built (the intent
   * loader's issue list). Other messages are printed on one line whatever they quote.
   */
  readonly multiline: boolean = false

  constructor(message: string, options: { location?: ErrorLocation; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.location = options.location
    this.hint = options.hint
  }
}

/** Bad command line: unknown option, missing argument, conflicting flags. */
export class UsageError extends TalscaleError {}

/** An input file that cannot be read, parsed or accepted (intent file, config, schematic, patch). */
export class InputError extends TalscaleError {}

/** Renders a TalscaleError as the lines the CLI prints: `file:line:col: message` then the hint. */
export function formatError(error: TalscaleError): string {
  const where = error.location
  const prefix = where
    ? `${escapeTerminal(where.file)}${where.line === undefined ? '' : `:${where.line}${where.column === undefined ? '' : `:${where.column}`}`}: `
    : ''
  // Messages that already start with their path (the intent loader's) need no `(at ...)` suffix.
  const path =
    where?.path && !error.message.startsWith(where.path) ? ` (at ${escapeTerminal(where.path)})` : ''
  // Messages quote file names, @references and config keys from untrusted files: escaped, one line.
  const hint = error.hint ? `\n  ${escapeTerminal(error.hint)}` : ''
  return `error: ${prefix}${escapeTerminal(error.message, { keepNewlines: error.multiline })}${path}${hint}`
}
