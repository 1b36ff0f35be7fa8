import { UsageError } from '../../core/errors.ts'
import type { RegisterCommand } from '../context.ts'

// Placeholder until the doctor command lands; it says so instead of pretending to work.
export const registerDoctor: RegisterCommand = program => {
  program
    .command('doctor')
    .description('(not available yet)')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new UsageError('"talscale doctor" is not available in this build yet.')
    })
}
