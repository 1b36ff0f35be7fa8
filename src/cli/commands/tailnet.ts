import { UsageError } from '../../core/errors.ts'
import type { RegisterCommand } from '../context.ts'

// Placeholder until the tailnet command lands; it says so instead of pretending to work.
export const registerTailnet: RegisterCommand = program => {
  program
    .command('tailnet')
    .description('(not available yet)')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new UsageError('"talscale tailnet" is not available in this build yet.')
    })
}
