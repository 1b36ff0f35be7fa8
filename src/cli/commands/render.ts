/**
 * `talscale render`: a base machine config plus patches, merged with Talos's own patch semantics,
 * printed or written atomically. The library work is in src/render; this file only wires argv.
 * @module
 */
import { isAbsolute, resolve } from 'node:path'
import { UsageError } from '../../core/errors.ts'
import { SECRET_FILE_MODE, statOrUndefined, writeFileAtomic } from '../../core/fs.ts'
import { redactSecrets } from '../../core/secrets.ts'
import { readSource, type SourceFile, sourceFromText } from '../../core/source.ts'
import { applyPatches, loadPatches } from '../../render/index.ts'
import { DEFAULT_TALOS_VERSION, formatTalosVersion, parseTalosVersion } from '../../talos/version.ts'
import type { RegisterCommand } from '../context.ts'

interface RenderCommandOptions {
  base: string
  patch: string[]
  talosVersion: string
  output?: string
  force?: boolean
}

export const registerRender: RegisterCommand = (program, context) => {
  program
    .command('render')
    .description("apply patches to a base machine config with Talos's own merge rules")
    .requiredOption('-b, --base <file>', 'base machine config (talosctl gen config output); "-" reads stdin')
    .option(
      '-p, --patch <patch>',
      'a patch: @FILE, FILE, or inline YAML/JSON; repeat to apply several in order',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--talos-version <version>',
      'Talos version whose patch rules apply',
      formatTalosVersion(DEFAULT_TALOS_VERSION),
    )
    .option('-o, --output <file>', 'write the result here (mode 0600) instead of standard output')
    .option('--force', 'overwrite the --output file if it exists')
    .addHelpText(
      'after',
      `
Patches are loaded like "talosctl machineconfig patch": strategic-merge YAML documents, or RFC6902
JSON patches (JSON or YAML); consecutive JSON patches are concatenated. Lists are appended (a second
patch adds another TS_AUTHKEY rather than replacing it), except pod/service subnets, auditPolicy and
the keyed lists (interfaces, vlans, admission plugins, ExtensionServiceConfig configFiles).
"$patch: delete" removes a key, a list item or a whole document. JSON patches are refused once the
config has more than one document, as Talos does.

Standard output hides Tailscale keys (tskey-...); use -o to write the full result.

Examples:
  talscale render --base controlplane.yaml --patch @patches/tailscale.yaml
  talscale render --base worker.yaml --patch @a.yaml --patch 'machine: {certSANs: [node1.example.ts.net]}'
  talscale render --base controlplane.yaml --patch @node1.yaml --talos-version v1.12.11 -o node1.yaml`,
    )
    .action(async (options: RenderCommandOptions) => {
      const { io } = context
      const version = parseTalosVersion(options.talosVersion, '--talos-version')
      const base: SourceFile =
        options.base === '-'
          ? sourceFromText('<stdin>', await io.readStdin())
          : readSource(at(io.cwd, options.base), options.base)
      const patches = loadPatches(options.patch, path => readSource(at(io.cwd, path), path))
      const result = applyPatches(base, patches, { talosVersion: version })

      if (options.output === undefined || options.output === '-') {
        // Tailscale credentials are never printed (docs/security.md); -o writes them to a 0600 file instead.
        const hidden = redactSecrets(result.text)
        io.stdout(hidden)
        if (hidden !== result.text) {
          io.stderr(
            'note: Tailscale keys in the output are shown as REDACTED; use -o FILE to write them (mode 0600).\n',
          )
        }
        context.exit(0)
        return
      }
      const path = at(io.cwd, options.output)
      const existing = statOrUndefined(path)
      if (existing?.isDirectory()) {
        throw new UsageError(`"${options.output}" is a directory.`, {
          hint: 'Give a file path with -o, for example -o node1.yaml.',
        })
      }
      if (existing && !options.force) {
        throw new UsageError(`"${options.output}" already exists; render does not overwrite it.`, {
          hint: 'Pass --force to replace it, or choose another -o path.',
        })
      }
      // A machine config holds cluster CA keys and tokens: owner-only, like talosctl writes it.
      writeFileAtomic(path, result.text, { mode: SECRET_FILE_MODE })
      io.stderr(
        `wrote ${options.output} (${result.documents.length} document${result.documents.length === 1 ? '' : 's'})\n`,
      )
      context.exit(0)
    })
}

function at(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path)
}
