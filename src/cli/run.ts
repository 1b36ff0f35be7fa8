/**
 * The CLI: parses argv, runs one command, maps errors to exit codes (0 ok, 1 findings, 2 usage or
 * input error). Commands live one per file in ./commands.
 * @module
 */
import { Command, CommanderError } from 'commander'
import { ExitCode, formatError, TalscaleError } from '../core/errors.ts'
import { escapeTerminal } from '../core/escape.ts'
import { VERSION } from '../version.ts'
import type { CliIO, RegisterCommand } from './context.ts'
import { addDeprecatedAliases, colorFlags } from './deprecated.ts'

// Each command module (with the jobs and libraries it imports: zod, undici, ...) is loaded only when
// that command runs, so start-up pays for one command, not all of them (the bundle splits per command).
const COMMANDS: ReadonlyArray<readonly [string, () => Promise<RegisterCommand>]> = [
  ['init', async () => (await import('./commands/init.ts')).registerInit],
  ['generate', async () => (await import('./commands/generate.ts')).registerGenerate],
  ['schematic', async () => (await import('./commands/schematic.ts')).registerSchematic],
  ['check', async () => (await import('./commands/check.ts')).registerCheck],
  ['rules', async () => (await import('./commands/rules.ts')).registerRules],
  ['render', async () => (await import('./commands/render.ts')).registerRender],
  ['graph', async () => (await import('./commands/graph.ts')).registerGraph],
  ['serve', async () => (await import('./commands/serve.ts')).registerServe],
  ['doctor', async () => (await import('./commands/doctor.ts')).registerDoctor],
  ['explain-log', async () => (await import('./commands/explain-log.ts')).registerExplainLog],
  ['tailnet', async () => (await import('./commands/tailnet.ts')).registerTailnet],
  ['completion', async () => (await import('./commands/completion.ts')).registerCompletion],
]

/** The commands argv needs: the one it names, none for --version, all for help and suggestions. */
async function commandsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const first = argv[0]
  const named = COMMANDS.find(([name]) => name === first)
  // Completion scripts are generated from the whole command tree.
  if (named && first !== 'completion') return [await named[1]()]
  if (first === '-V' || first === '--version') return []
  return Promise.all(COMMANDS.map(([, load]) => load()))
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function run(rawArgv: readonly string[], rawIo: CliIO): Promise<number> {
  const color = colorFlags(rawArgv, rawIo.env)
  const argv = color.argv
  const io: CliIO = color.env === rawIo.env ? rawIo : { ...rawIo, env: color.env }
  let exitCode: number = ExitCode.ok
  const program = new Command('talscale')
    .description('Tailscale on Talos Linux, correct by construction: generate, check, render and diagnose.')
    .version(VERSION, '-V, --version', 'print the talscale version')
    .helpOption('-h, --help', 'show help')
    .option('--color', 'colour the output even when it is not a terminal (FORCE_COLOR)')
    .option('--no-color', 'never colour the output (NO_COLOR)')
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: text => io.stdout(text), writeErr: text => io.stderr(text) })
    .exitOverride()
  const context = {
    io,
    exit: (code: number) => {
      exitCode = Math.max(exitCode, code)
    },
  }
  for (const register of await commandsFor(argv)) register(program, context)
  addDeprecatedAliases(program, io)
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
  const system = systemError(error)
  if (system) {
    io.stderr(`${formatError(system)}\n`)
    return system.exitCode
  }
  const message = escapeTerminal(error instanceof Error ? error.message : String(error))
  io.stderr(
    `internal error: ${message}\n  This is a bug in talscale ${VERSION}, not in your input. Please report it with the command you ran.\n`,
  )
  if (io.env.TALSCALE_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`)
  return ExitCode.usage
}

const SYSTEM_REASONS: Record<string, string> = {
  ENOENT: 'a directory on the way does not exist (or cannot be created there)',
  ENOTDIR: 'a component of the path is a file, not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EEXIST: 'it already exists',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
}

/**
 * A file-system failure (an unwritable -o, a path through a file, a full disk) is a bad place, not
 * a bug: an InputError-style message naming the path and the reason, exit 2.
 */
function systemError(error: unknown): TalscaleError | undefined {
  const errno = error as NodeJS.ErrnoException | undefined
  if (!(error instanceof Error) || typeof errno?.code !== 'string' || typeof errno.syscall !== 'string')
    return undefined
  const reason = SYSTEM_REASONS[errno.code] ?? errno.code
  const where = errno.path === undefined ? '' : ` "${errno.path}"`
  return new TalscaleError(`cannot ${errno.syscall}${where}: ${reason} (${errno.code}).`, {
    hint: 'Check the path and its permissions, or choose another place.',
    cause: error,
  })
}
