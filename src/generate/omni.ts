/**
 * `generate --target omni`: an Omni cluster template (`omnictl cluster template sync`). One
 * `Cluster` document with the system extensions and the patches for every node, a `ControlPlane` and
 * a `Workers` machine set, and one `Machine` per node with its own patches (the tailscale
 * ExtensionServiceConfig with its hostname, certSANs). Omni picks the installer from the extensions
 * and the Talos version, so no install image is written.
 *
 * Omni names machines by their UUID and does not substitute variables: the template uses
 * `${OMNI_MACHINE_<HOSTNAME>}` for machines not given with `--omni-machine HOSTNAME=UUID`, and
 * `${TS_AUTHKEY}` (or the intent's {env: NAME}) for the auth key, to be filled in with envsubst
 * when the template is synced, so no secret is written into the repository.
 * @module
 */
import { stringify } from 'yaml'
import { InputError } from '../core/errors.ts'
import type { Intent } from '../intent/schema.ts'
import { authKeyEntry } from '../tailscale/env.ts'
import { isMainDocument, type PlainDocument } from '../talos/forms.ts'
import { formatTalosVersion, type TalosVersion } from '../talos/version.ts'
import { imageTable } from './image-table.ts'
import { bundleSchematics } from './images.ts'
import { DEFAULT_ADMINS, type NodePlan, planBundle, resolveTalosVersion } from './plan.ts'
import { type Explained, talosPatchFiles, withoutMainInstallImage } from './talos.ts'

export interface OmniOptions {
  talosVersion?: TalosVersion | string
  kubernetesVersion: string
  /** Machine UUIDs by node hostname; the others get a `${OMNI_MACHINE_<HOSTNAME>}` placeholder. */
  machines?: ReadonlyMap<string, string>
  authVariable?: string
  admins?: readonly string[]
}

interface OmniPatch {
  name: string
  inline: PlainDocument
}

/** The placeholder a node's machine UUID gets when it is not given. */
export function machinePlaceholder(hostname: string): string {
  return `\${OMNI_MACHINE_${hostname.toUpperCase().replace(/[^A-Z0-9]/g, '_')}}`
}

/** The cluster template, as YAML documents. */
export function omniTemplate(intent: Intent, options: OmniOptions): string {
  if (!/^v?\d+\.\d+\.\d+$/.test(options.kubernetesVersion)) {
    throw new InputError(`Kubernetes version "${options.kubernetesVersion}" is not vA.B.C.`, {
      hint: 'Pass --kubernetes-version like v1.34.1.',
    })
  }
  const version = resolveTalosVersion(intent, options.talosVersion)
  const plan = planBundle(intent, version, options.admins ?? DEFAULT_ADMINS)
  const schematics = bundleSchematics(intent, plan.nodes)
  const images = imageTable(plan, schematics)
  const files = talosPatchFiles(plan, images.installerFor)
  const itemsOf = (path: string) => files.find(file => file.path === path)?.items ?? []
  const extensionsOf = (node: NodePlan) => [
    ...(schematics.find(s => s.name === (node.tailscale ? 'tailscale' : 'base'))!.schematic.customization
      ?.systemExtensions?.officialExtensions ?? []),
  ]
  const machineId = (node: NodePlan) =>
    options.machines?.get(node.node.hostname) ?? machinePlaceholder(node.node.hostname)
  const variable = options.authVariable ?? authVariableOf(intent)
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((item, i) => item === b[i])
  const clusterExtensions = extensionsOf(plan.nodes[0]!)
  const uniform = plan.nodes.every(node => same(extensionsOf(node), clusterExtensions))

  const documents: Array<Record<string, unknown>> = []
  const cluster: Record<string, unknown> = {
    kind: 'Cluster',
    name: intent.cluster.name,
    kubernetes: {
      version: options.kubernetesVersion.startsWith('v')
        ? options.kubernetesVersion
        : `v${options.kubernetesVersion}`,
    },
    talos: { version: formatTalosVersion(version) },
  }
  if (uniform && clusterExtensions.length > 0) cluster.systemExtensions = clusterExtensions
  const clusterPatches = patches(`${intent.cluster.name}-all`, itemsOf('talos/all.yaml'))
  if (clusterPatches.length > 0) cluster.patches = clusterPatches
  documents.push(cluster)
  for (const [kind, role] of [
    ['ControlPlane', 'controlplane'],
    ['Workers', 'worker'],
  ] as const) {
    const members = plan.nodes.filter(node => node.node.role === role)
    if (members.length === 0) continue
    const set: Record<string, unknown> = { kind, ...(kind === 'Workers' ? { name: 'workers' } : {}) }
    set.machines = members.map(machineId)
    const rolePatches = patches(`${intent.cluster.name}-${role}`, itemsOf(`talos/${role}.yaml`))
    if (rolePatches.length > 0) set.patches = rolePatches
    documents.push(set)
  }
  for (const node of plan.nodes) {
    const machine: Record<string, unknown> = { kind: 'Machine', name: machineId(node) }
    if (!uniform) machine.systemExtensions = extensionsOf(node)
    const items = itemsOf(`talos/nodes/${node.node.hostname}.yaml`).map(item =>
      item.doc.kind === 'ExtensionServiceConfig' && item.doc.name === 'tailscale'
        ? {
            ...item,
            doc: {
              ...item.doc,
              environment: [
                authKeyEntry(`\${${variable}}`, plan.auth.oauth),
                ...(item.doc.environment as string[]).filter(line => !line.startsWith('TS_AUTHKEY=')),
              ],
            },
          }
        : item,
    )
    const machinePatches = patches(`${intent.cluster.name}-${node.node.hostname}`, items)
    if (machinePatches.length > 0) machine.patches = machinePatches
    documents.push(machine)
  }
  const header = [
    `# Omni cluster template for ${intent.cluster.name}, generated by talscale (talscale generate --target omni).`,
    '# Fill in the ${...} variables (machine UUIDs from `omnictl get machines`, the auth key from your',
    '# secret store) when syncing, so no secret enters the repository:',
    '#   envsubst < cluster-template.yaml > /tmp/cluster.yaml && omnictl cluster template sync -f /tmp/cluster.yaml',
  ].join('\n')
  return `${header}\n${documents.map(doc => `---\n${stringify(doc, { lineWidth: 0 })}`).join('')}`
}

function authVariableOf(intent: Intent): string {
  const ref = (intent.tailscale.auth.oauthClientSecret ?? intent.tailscale.auth.authKey) as
    | { env?: string }
    | undefined
  return ref?.env && /^[A-Za-z_][A-Za-z0-9_]*$/.test(ref.env) ? ref.env : 'TS_AUTHKEY'
}

// One inline patch per document, named after the setting; no install image (Omni picks it).
function patches(prefix: string, items: readonly Explained[]): OmniPatch[] {
  const out: OmniPatch[] = []
  const used = new Set<string>()
  for (const item of items) {
    if (item.doc.kind === 'UnattendedInstallConfig') continue
    const doc = isMainDocument(item.doc) ? withoutMainInstallImage(item.doc) : item.doc
    if (doc === undefined) continue
    let name = `${prefix}-${item.setting
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')}`
    for (let n = 2; used.has(name); n++) name = `${name.replace(/-\d+$/, '')}-${n}`
    used.add(name)
    out.push({ name, inline: doc })
  }
  return out
}
