import { resolve } from 'node:path'
import { readSource, type SourceFile, sourceFromText } from '../../core/source.ts'
import {
  type BootMedia,
  bootMedia,
  canonicalSchematicYaml,
  FACTORY_PLATFORMS,
  factoryEndpoint,
  PUBLIC_FACTORY_URL,
  parseImageTalosVersion,
  parseSchematic,
  registerSchematicCommand,
  type Schematic,
  schematicId,
  schematicSecretRisks,
} from '../../factory/index.ts'
import { DEFAULT_TALOS_VERSION, formatTalosVersion } from '../../talos/version.ts'
import type { CliIO, RegisterCommand } from '../context.ts'

/** `talscale schematic id|urls`: offline schematic IDs and the factory's image names (T1, T3). */
export const registerSchematic: RegisterCommand = (program, context) => {
  const schematic = program
    .command('schematic')
    .description('Image Factory schematics: the exact ID, and installer/boot-media URLs per Talos version')
    .addHelpText(
      'after',
      '\nExamples:\n  talscale schematic id schematic.yaml\n  talscale schematic urls schematic.yaml --talos-version v1.13.2 --platform metal --arch amd64\n',
    )

  schematic
    .command('id')
    .description('print the 64-hex Image Factory ID of a schematic (YAML or JSON, any formatting)')
    .argument('<file>', 'schematic file, or - to read standard input')
    .option('--canonical', 'print the canonical YAML the factory hashes instead of the ID')
    .addHelpText(
      'after',
      '\nThe ID is the sha256 of the canonical YAML, computed offline and bit-exact with the factory.\nUnknown fields are rejected, as the factory does (exit 2 with their position).\n',
    )
    .action(async (file: string, options: { canonical?: boolean }) => {
      const value = await readSchematic(file, context.io)
      context.io.stdout(options.canonical ? canonicalSchematicYaml(value) : `${schematicId(value)}\n`)
    })

  schematic
    .command('urls')
    .description('print the installer image and boot media URLs of a schematic')
    .argument('<file>', 'schematic file, or - to read standard input')
    .option(
      '--talos-version <version>',
      'Talos version of the images',
      formatTalosVersion(DEFAULT_TALOS_VERSION),
    )
    .option('--platform <platform>', `platform: ${FACTORY_PLATFORMS.map(p => p.name).join(', ')}`, 'metal')
    .option('--arch <arch>', 'architecture (amd64, arm64)', 'amd64')
    .option('--secureboot', 'secure boot images')
    .option('--factory <url>', 'Image Factory base URL (self-hosted factories exist)', PUBLIC_FACTORY_URL)
    .option('--json', 'print JSON instead of a table')
    .action(
      async (
        file: string,
        options: {
          talosVersion: string
          platform: string
          arch: string
          secureboot?: boolean
          factory: string
          json?: boolean
        },
      ) => {
        const value = await readSchematic(file, context.io)
        const version = parseImageTalosVersion(options.talosVersion)
        const media = bootMedia({
          schematicId: schematicId(value),
          talosVersion: version,
          platform: options.platform,
          arch: options.arch,
          secureboot: options.secureboot === true,
          factoryUrl: options.factory,
        })
        const register = registerSchematicCommand({
          schematicFile: file === '-' ? 'schematic.yaml' : file,
          factoryUrl: options.factory,
        })
        context.io.stdout(
          options.json ? jsonOutput(media, options.factory, register) : textOutput(media, register),
        )
      },
    )
}

async function readSchematic(file: string, io: CliIO): Promise<Schematic> {
  let source: SourceFile
  if (file === '-') source = sourceFromText('<stdin>', await io.readStdin())
  else source = readSource(resolve(io.cwd, file), file)
  const value = parseSchematic(source)
  // T19: schematics are public. Say where, never what.
  for (const risk of schematicSecretRisks(value)) {
    io.stderr(`warning: ${source.path}: ${risk.path}: ${risk.message}\n`)
  }
  return value
}

function jsonOutput(media: BootMedia, factoryUrl: string, register: string): string {
  const artifacts: Record<string, string> = {}
  for (const artifact of media.artifacts) artifacts[artifact.kind] = artifact.url
  const data = {
    schematicId: media.schematicId,
    talosVersion: media.talosVersion,
    platform: media.platform,
    arch: media.arch,
    secureboot: media.secureboot,
    factory: factoryEndpoint(factoryUrl).baseUrl,
    installer: media.installer,
    artifacts,
    register,
  }
  return `${JSON.stringify(data, null, 2)}\n`
}

function textOutput(media: BootMedia, register: string): string {
  const rows: Array<[string, string]> = [
    ['schematic', media.schematicId],
    ['talos', media.talosVersion],
    ['platform', `${media.platform} ${media.arch}${media.secureboot ? ' (secure boot)' : ''}`],
    ['installer', media.installer],
    ...media.artifacts.map(a => [a.kind, a.url] as [string, string]),
  ]
  const width = Math.max(...rows.map(([k]) => k.length))
  const table = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')
  return `${table}\n\nRegister the schematic once before the first download (the factory serves only schematics it has been sent):\n  ${register}\n`
}
