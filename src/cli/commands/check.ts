import { UsageError } from '../../core/errors.ts'
import type { RegisterCommand } from '../context.ts'

// Placeholder until the check command lands; it says so instead of pretending to work.
export const registerCheck: RegisterCommand = program => {
  program
    .command('check')
    .description('(not available yet)')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new UsageError('"talscale check" is not available in this build yet.')
    })
}
