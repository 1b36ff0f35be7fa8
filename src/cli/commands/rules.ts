import { UsageError } from '../../core/errors.ts'
import type { RegisterCommand } from '../context.ts'

// Placeholder until the rules command lands; it says so instead of pretending to work.
export const registerRules: RegisterCommand = program => {
  program
    .command('rules')
    .description('(not available yet)')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new UsageError('"talscale rules" is not available in this build yet.')
    })
}
