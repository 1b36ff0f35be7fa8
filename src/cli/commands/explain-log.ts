import { UsageError } from '../../core/errors.ts'
import type { RegisterCommand } from '../context.ts'

// Placeholder until the explain-log command lands; it says so instead of pretending to work.
export const registerExplainLog: RegisterCommand = program => {
  program
    .command('explain-log')
    .description('(not available yet)')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new UsageError('"talscale explain-log" is not available in this build yet.')
    })
}
