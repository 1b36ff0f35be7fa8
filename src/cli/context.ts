/**
 * What a command needs from the outside world. Injected so tests drive the CLI in-process, and so
 * nothing below the CLI touches process.stdout or process.exit.
 * @module
 */
import type { Command } from 'commander'
import type { Clock } from '../core/clock.ts'
import type { TalosctlSpawn } from '../doctor/talosctl.ts'

export interface CliIO {
  stdout(text: string): void
  stderr(text: string): void
  /** Reads all of standard input (for `-` arguments). */
  readStdin(): Promise<string>
  env: Readonly<Record<string, string | undefined>>
  cwd: string
  /** Whether stdout is a terminal: decides colour and whether secrets may be printed (never to a TTY). */
  stdoutIsTTY: boolean
  stderrIsTTY: boolean
  /** "Now" for everything that judges time (key expiry, stale devices); the system clock when absent. */
  now?: Clock
  /** Starts external tools (talosctl); tests pass an in-process fake. Default: execFile. */
  spawn?: TalosctlSpawn
}

/** Passed to every command's registration function. */
export interface CommandContext {
  io: CliIO
  /** Records the exit code of the command that ran; the highest recorded wins. */
  exit(code: number): void
}

/** A command module registers itself on the root program. */
export type RegisterCommand = (program: Command, context: CommandContext) => void
