import { UsageError } from '../../core/errors.ts'
import type { RegisterCommand } from '../context.ts'

// Placeholder until the init command lands; it says so instead of pretending to work.
export const registerInit: RegisterCommand = program => {
  program
    .command('init')
    .description('(not available yet)')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new UsageError('"talscale init" is not available in this build yet.')
    })
}
