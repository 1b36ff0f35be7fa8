import { UsageError } from '../../core/errors.ts'
import type { RegisterCommand } from '../context.ts'

// Placeholder until the schematic command lands; it says so instead of pretending to work.
export const registerSchematic: RegisterCommand = program => {
  program
    .command('schematic')
    .description('(not available yet)')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new UsageError('"talscale schematic" is not available in this build yet.')
    })
}
