/**
 * The CLI: parses argv, runs one command, maps errors to exit codes (0 ok, 1 findings, 2 usage or
 * input error). Commands live one per file in ./commands.
 * @module
 */
import { Command, CommanderError } from 'commander'
import { ExitCode, formatError, TalscaleError } from '../core/errors.ts'
import { VERSION } from '../version.ts'
import { registerCheck } from './commands/check.ts'
import { registerDoctor } from './commands/doctor.ts'
import { registerExplainLog } from './commands/explain-log.ts'
import { registerGenerate } from './commands/generate.ts'
import { registerInit } from './commands/init.ts'
import { registerRender } from './commands/render.ts'
import { registerRules } from './commands/rules.ts'
import { registerSchematic } from './commands/schematic.ts'
import { registerTailnet } from './commands/tailnet.ts'
import type { CliIO, RegisterCommand } from './context.ts'

const COMMANDS: readonly RegisterCommand[] = [
  registerInit,
  registerGenerate,
  registerSchematic,
  registerCheck,
  registerRules,
  registerRender,
  registerDoctor,
  registerExplainLog,
  registerTailnet,
]

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = ExitCode.ok
  const program = new Command('talscale')
    .description('Tailscale on Talos Linux, correct by construction: generate, check, render and diagnose.')
    .version(VERSION, '-V, --version', 'print the talscale version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: text => io.stdout(text), writeErr: text => io.stderr(text) })
    .exitOverride()
  const context = {
    io,
    exit: (code: number) => {
      exitCode = Math.max(exitCode, code)
    },
  }
  for (const register of COMMANDS) register(program, context)
  for (const command of program.commands) applyDefaults(command, io)

  try {
    if (argv.length === 0) {
      io.stdout(program.helpInformation())
      return ExitCode.ok
    }
    await program.parseAsync([...argv], { from: 'user' })
    return exitCode
  } catch (error) {
    return reportError(error, io)
  }
}

// Every subcommand (and sub-subcommand) writes through io and throws instead of exiting.
function applyDefaults(command: Command, io: CliIO): void {
  command
    .configureOutput({ writeOut: text => io.stdout(text), writeErr: text => io.stderr(text) })
    .exitOverride()
    .showSuggestionAfterError(true)
  for (const child of command.commands) applyDefaults(child, io)
}

function reportError(error: unknown, io: CliIO): number {
  if (error instanceof CommanderError) {
    // Help and version are successful exits; commander has already printed usage errors.
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help'
    ) {
      return ExitCode.ok
    }
    return ExitCode.usage
  }
  if (error instanceof TalscaleError) {
    io.stderr(`${formatError(error)}\n`)
    return error.exitCode
  }
  const message = error instanceof Error ? error.message : String(error)
  io.stderr(
    `internal error: ${message}\n  This is a bug in talscale ${VERSION}, not in your input. Please report it with the command you ran.\n`,
  )
  if (io.env.TALSCALE_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`)
  return ExitCode.usage
}
