import { UsageError } from '../../core/errors.ts'
import type { RegisterCommand } from '../context.ts'

// Placeholder until the generate command lands; it says so instead of pretending to work.
export const registerGenerate: RegisterCommand = program => {
  program
    .command('generate')
    .description('(not available yet)')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new UsageError('"talscale generate" is not available in this build yet.')
    })
}
