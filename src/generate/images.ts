/**
 * The image side of the bundle: the schematic(s) for the intent, their IDs, and the installer and
 * boot media for every platform/arch/schematic in use. Nodes without Tailscale get a schematic
 * without the extension, which would otherwise wait forever for its service config.
 * @module
 */
import { InputError } from '../core/errors.ts'
import {
  canonicalSchematicYaml,
  type Schematic,
  schematicId,
  schematicSecretRisks,
  TAILSCALE_EXTENSION,
} from '../factory/schematic.ts'
import type { Intent } from '../intent/schema.ts'
import type { NodePlan } from './plan.ts'

/** One schematic of the bundle. */
export interface BundleSchematic {
  /** `tailscale` for the main one, `base` for nodes without Tailscale. */
  name: 'tailscale' | 'base'
  /** Bundle path of the canonical YAML. */
  file: string
  idFile: string
  yaml: string
  id: string
  schematic: Schematic
}

/** The schematic for the intent, with or without siderolabs/tailscale. */
export function intentSchematic(intent: Intent, withTailscale: boolean): Schematic {
  const extensions = intent.image.extensions.filter(name => name !== TAILSCALE_EXTENSION)
  if (withTailscale) extensions.push(TAILSCALE_EXTENSION)
  const customization: NonNullable<Schematic['customization']> = {}
  if (intent.image.extraKernelArgs.length > 0)
    customization.extraKernelArgs = [...intent.image.extraKernelArgs]
  if (extensions.length > 0) customization.systemExtensions = { officialExtensions: extensions }
  const schematic: Schematic = { customization }
  const overlay = intent.image.overlay
  if (overlay) {
    schematic.overlay = { image: overlay.image, name: overlay.name }
    if (Object.keys(overlay.options).length > 0) {
      schematic.overlay.options = overlay.options as NonNullable<Schematic['overlay']>['options']
    }
  }
  return schematic
}

// customization.extraKernelArgs[2] -> image.extraKernelArgs[2]; overlay.options.x -> image.overlay.options.x
function intentPathOfSchematicField(path: string): string {
  if (path.startsWith('customization.extraKernelArgs')) return `image.${path.slice('customization.'.length)}`
  if (path.startsWith('overlay')) return `image.${path}`
  return 'image'
}

/** The schematics the nodes need: `tailscale` always, `base` when some node runs without Tailscale. */
export function bundleSchematics(intent: Intent, nodes: readonly NodePlan[]): BundleSchematic[] {
  const out: BundleSchematic[] = []
  const make = (name: BundleSchematic['name'], withTailscale: boolean, stem: string): BundleSchematic => {
    const schematic = intentSchematic(intent, withTailscale)
    // Schematics are public once registered (T19): refuse to write one that carries a secret.
    const risk = schematicSecretRisks(schematic)[0]
    if (risk) {
      throw new InputError(`the image settings put a secret into the public schematic: ${risk.message}`, {
        location: { file: '', path: intentPathOfSchematicField(risk.path) },
        hint: 'Anyone with the schematic ID can read it back from the factory (T19); remove the secret from image.extraKernelArgs or image.overlay.options.',
      })
    }
    return {
      name,
      file: `factory/${stem}.yaml`,
      idFile: `factory/${stem}.id`,
      yaml: canonicalSchematicYaml(schematic),
      id: schematicId(schematic),
      schematic,
    }
  }
  out.push(make('tailscale', true, 'schematic'))
  if (nodes.some(node => !node.tailscale)) out.push(make('base', false, 'schematic-base'))
  return out
}
