/**
 * `talscale graph`: the topology picture of an intent (the same one `generate` puts in the bundle as
 * topology.svg), as SVG, Mermaid, JSON or plain sentences.
 * @module
 */
import { dirname, isAbsolute, resolve } from 'node:path'
import { InputError, UsageError } from '../../core/errors.ts'
import { statOrUndefined, writeFileAtomic } from '../../core/fs.ts'
import { readSource } from '../../core/source.ts'
import { generateBundle } from '../../generate/index.ts'
import { describeTopology, topologyMermaid, topologySvg } from '../../graph/index.ts'
import { EXAMPLE_NAMES, loadExample } from '../../intent/examples.ts'
import { type LoadedIntent, loadIntent } from '../../intent/load.ts'
import { headline } from '../../report/compact.ts'
import type { RegisterCommand } from '../context.ts'

const FORMATS = ['svg', 'mermaid', 'json', 'text'] as const
type GraphFormat = (typeof FORMATS)[number]

interface GraphOptions {
  config?: string
  example?: string
  talosVersion?: string
  format: string
  output?: string
  force?: boolean
}

export const registerGraph: RegisterCommand = (program, context) => {
  program
    .command('graph')
    .description(
      'draw the topology: nodes, tailnet, LAN, advertised routes and the policy entry approving each',
    )
    .option('-c, --config <file>', 'intent file (default: talscale.yaml in the current directory)')
    .option('-e, --example <name>', `use a built-in example instead: ${EXAMPLE_NAMES.join(', ')}`)
    .option('--talos-version <version>', 'target Talos version (overrides cluster.talosVersion)')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'svg')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .option('--force', 'overwrite the --output file if it exists')
    .addHelpText(
      'after',
      `
The picture is the one generate writes as topology.svg: control planes and workers between the
tailnet and the LAN, each route a node advertises with the autoApprovers entry that approves it (or a
warning that someone must approve it by hand), exit nodes, tags and KubeSpan. The SVG needs no fonts,
images or scripts from outside and carries a title and description for screen readers.

Examples:
  talscale graph --example homelab -o topology.svg
  talscale graph -c talscale.yaml --format mermaid
  talscale graph -c talscale.yaml --format text`,
    )
    .action((options: GraphOptions) => {
      const { io } = context
      const format = parseFormat(options.format)
      if (options.config !== undefined && options.example !== undefined) {
        throw new UsageError('-c/--config and --example cannot be used together.', {
          hint: 'Pass either an intent file or the name of a built-in example.',
        })
      }
      const loaded: LoadedIntent =
        options.example !== undefined
          ? loadExample(options.example)
          : loadIntent(
              readSource(
                absolute(io.cwd, options.config ?? 'talscale.yaml'),
                options.config ?? 'talscale.yaml',
              ),
            )
      for (const warning of loaded.warnings) io.stderr(`${headline(warning)}\n`)
      const { topology } = generateBundle(loaded.intent, {
        ...(options.talosVersion === undefined ? {} : { talosVersion: options.talosVersion }),
      })
      const output =
        format === 'svg'
          ? topologySvg(topology)
          : format === 'mermaid'
            ? topologyMermaid(topology)
            : format === 'json'
              ? `${JSON.stringify(topology, null, 2)}\n`
              : `${describeTopology(topology).join('\n')}\n`

      if (options.output === undefined || options.output === '-') {
        io.stdout(output)
        context.exit(0)
        return
      }
      const path = absolute(io.cwd, options.output)
      const existing = statOrUndefined(path)
      if (existing?.isDirectory()) {
        throw new InputError(`--output "${options.output}" is a directory.`, {
          hint: 'Name a file, for example -o topology.svg.',
        })
      }
      if (existing && !options.force) {
        throw new UsageError(`--output "${options.output}" exists; talscale does not overwrite it.`, {
          hint: 'Pass --force to replace it, or choose another path.',
        })
      }
      try {
        writeFileAtomic(path, output)
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'an error'
        throw new InputError(`cannot write --output "${options.output}" (${code}).`, {
          hint: `Check that ${dirname(options.output)} exists or can be created and is writable.`,
        })
      }
      io.stdout(`wrote ${options.output} (${format})\n`)
      context.exit(0)
    })
}

function parseFormat(value: string): GraphFormat {
  if ((FORMATS as readonly string[]).includes(value)) return value as GraphFormat
  throw new UsageError(`--format "${value}" is not a graph format.`, {
    hint: `Use one of: ${FORMATS.join(', ')}.`,
  })
}

function absolute(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path)
}
