/**
 * One meaning per flag across commands. `-c/--config` names the intent file (generate, doctor,
 * graph, tailnet), `--project-config` the .talscale.yaml of `check`, `-f` is `--format`, and
 * `--force` has no short form. The old spellings still work for one release, hidden from help, with a
 * warning on standard error.
 * @module
 */
import { type Command, Option } from 'commander'
import type { CliIO } from './context.ts'

interface Alias {
  /** commander flags of the old spelling. */
  flags: string
  /** Attribute commander stores the old spelling under. */
  from: string
  /** Attribute of the option that replaces it. */
  to: string
  message: string
}

/** Old spellings by command name. */
export const DEPRECATED_ALIASES: Readonly<Record<string, readonly Alias[]>> = {
  check: [
    {
      flags: '--config <file>',
      from: 'config',
      to: 'projectConfig',
      message:
        '"check --config" is deprecated: use --project-config (--config names the intent file in the other commands)',
    },
  ],
  generate: [forceAlias('generate')],
  init: [forceAlias('init')],
  render: [forceAlias('render')],
}

function forceAlias(command: string): Alias {
  return {
    flags: '-f',
    from: 'f',
    to: 'force',
    message: `"${command} -f" is deprecated: use --force (-f means --format in the other commands)`,
  }
}

/** Adds the hidden old spellings to the registered commands, mapping them onto the new options. */
export function addDeprecatedAliases(program: Command, io: CliIO): void {
  for (const command of program.commands) {
    const aliases = DEPRECATED_ALIASES[command.name()]
    if (!aliases) continue
    for (const alias of aliases) command.addOption(new Option(alias.flags).hideHelp())
    command.hook('preAction', (_self, action) => {
      for (const alias of aliases) {
        const value = action.getOptionValue(alias.from)
        if (value === undefined) continue
        io.stderr(`warning: ${alias.message}; the old spelling will be removed in the next release.\n`)
        if (action.getOptionValue(alias.to) === undefined) action.setOptionValue(alias.to, value)
      }
    })
  }
}

/**
 * `--color` / `--no-color` anywhere before `--`: taken out of argv and applied as FORCE_COLOR or
 * NO_COLOR, which every command already honours. The last one given wins.
 */
export function colorFlags(
  argv: readonly string[],
  env: CliIO['env'],
): { argv: string[]; env: CliIO['env'] } {
  const end = argv.indexOf('--')
  const head = end < 0 ? [...argv] : argv.slice(0, end)
  const tail = end < 0 ? [] : argv.slice(end)
  let choice: 'color' | 'no-color' | undefined
  const kept = head.filter(arg => {
    if (arg === '--color' || arg === '--no-color') {
      choice = arg === '--color' ? 'color' : 'no-color'
      return false
    }
    return true
  })
  if (!choice) return { argv: [...argv], env }
  const next: Record<string, string | undefined> = { ...env }
  if (choice === 'color') {
    next.FORCE_COLOR = '1'
    delete next.NO_COLOR
  } else {
    next.NO_COLOR = '1'
    delete next.FORCE_COLOR
  }
  return { argv: [...kept, ...tail], env: next }
}
