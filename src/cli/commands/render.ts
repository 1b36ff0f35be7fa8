import { UsageError } from '../../core/errors.ts'
import type { RegisterCommand } from '../context.ts'

// Placeholder until the render command lands; it says so instead of pretending to work.
export const registerRender: RegisterCommand = program => {
  program
    .command('render')
    .description('(not available yet)')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new UsageError('"talscale render" is not available in this build yet.')
    })
}
