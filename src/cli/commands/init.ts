/**
 * `talscale init`: writes a commented intent file (the full template, or a built-in example) that
 * references the editor schema. It never overwrites a file without --force and never writes a secret.
 * @module
 */
import { isAbsolute, resolve } from 'node:path'
import { UsageError } from '../../core/errors.ts'
import { statOrUndefined, writeFileAtomic } from '../../core/fs.ts'
import { EXAMPLE_NAMES, initIntent } from '../../intent/init.ts'
import type { RegisterCommand } from '../context.ts'

interface InitOptions {
  example?: string
  output: string
  force?: boolean
  quiet?: boolean
}

export const registerInit: RegisterCommand = (program, context) => {
  program
    .command('init')
    .description('write a commented intent file (talscale.yaml) to start from')
    .option('-e, --example <name>', `start from a built-in example: ${EXAMPLE_NAMES.join(', ')}`)
    .option('-o, --output <path>', 'where to write it ("-" for standard output)', 'talscale.yaml')
    .option('--force', 'overwrite the file if it exists')
    .option('-q, --quiet', 'say nothing when the file is written')
    .addHelpText(
      'after',
      `
Without --example, init writes a template with every setting: the required ones filled in with
placeholders, the optional ones commented out at their defaults. Secrets are references
({env: NAME} or {file: PATH}); init never writes a secret value.

Examples:
  talscale init
  talscale init --example homelab -o clusters/homelab/talscale.yaml
  talscale init --example edge -o -
`,
    )
    .action((options: InitOptions) => {
      const { io } = context
      const result = initIntent({
        ...(options.example === undefined ? {} : { example: options.example }),
        output: options.output,
      })
      if (options.output === '-') {
        io.stdout(result.text)
        context.exit(0)
        return
      }
      const path = isAbsolute(options.output) ? options.output : resolve(io.cwd, options.output)
      const existing = statOrUndefined(path)
      if (existing?.isDirectory()) {
        throw new UsageError(`"${options.output}" is a directory.`, {
          hint: 'Give a file path with -o, for example -o talscale.yaml.',
        })
      }
      if (existing && !options.force) {
        throw new UsageError(`"${options.output}" already exists; init does not overwrite it.`, {
          hint: 'Pass --force to replace it, or -o to write somewhere else.',
        })
      }
      writeFileAtomic(path, result.text)
      if (options.quiet) {
        context.exit(0)
        return
      }
      io.stdout(`wrote ${options.output} (${result.description})\n`)
      for (const step of result.nextSteps) io.stdout(`  next: ${step}\n`)
      context.exit(0)
    })
}
