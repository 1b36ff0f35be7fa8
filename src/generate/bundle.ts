/**
 * `generateBundle`: the intent becomes every file of the bundle, as a map from bundle path to
 * content. Pure and deterministic byte for byte: no dates, no machine paths, sorted where order
 * carries no meaning. Secret values appear only in `secretPatch`, and only when asked for.
 * @module
 */

import { InputError } from '../core/errors.ts'
import { buildTopology, type Topology, topologyMermaid, topologySvg } from '../graph/index.ts'
import type { Intent } from '../intent/schema.ts'
import { authKeyEntry } from '../tailscale/env.ts'
import { buildPolicy, renderPolicy } from '../tailscale/policy.ts'
import { extensionServiceConfigDocument, FORM_SINCE, hasForm } from '../talos/forms.ts'
import { TAILNET_IPV4 } from '../talos/net.ts'
import {
  formatRelease,
  formatTalosVersion,
  forwardVersionWarning,
  knownContract,
  parseTalosVersion,
  releaseAtLeast,
  type TalosVersion,
} from '../talos/version.ts'
import { applyScript } from './apply-script.ts'
import { type GitopsTool, gitopsFiles } from './gitops.ts'
import { imagesJson, imagesMarkdown, imageTable } from './image-table.ts'
import { bundleSchematics } from './images.ts'
import { corednsFile, operatorValuesFile } from './kubernetes.ts'
import { planBundle, resolveTalosVersion } from './plan.ts'
import { readme } from './readme.ts'
import {
  hasDocuments,
  nodePatchPath,
  renderPatchFile,
  settingReasons,
  talosPatchFiles,
  yamlHeader,
} from './talos.ts'

/** One file of the bundle. */
export interface BundleFile {
  content: string
  /** Unix permission bits. */
  mode: number
  /** True when the content holds a secret value (then mode is 0600 and it never enters the bundle dir by default). */
  secret: boolean
}

/** What `generateBundle` returns. */
export interface Bundle {
  /** Bundle path (forward slashes, relative) to file, sorted by path. */
  files: Map<string, BundleFile>
  talosVersion: string
  schematics: ReadonlyArray<{ name: string; file: string; id: string }>
  /** Things the user should know (also in README.md). */
  notes: string[]
  /** What topology.svg and the README's Mermaid block draw. */
  topology: Topology
  /**
   * Things that may be wrong with the request itself, e.g. a Talos version newer than talscale knows
   * (the bundle is still written). The CLI prints them as warnings; also in README.md.
   */
  warnings: string[]
  /**
   * The secret-bearing ExtensionServiceConfig patch (`TS_AUTHKEY=...`), only when `secrets` were
   * given. The writer puts it at the `--secrets-file` path with mode 0600.
   */
  secretPatch?: BundleFile
}

export interface GenerateOptions {
  /** Overrides the intent's `cluster.talosVersion` (`--talos-version`). */
  talosVersion?: TalosVersion | string
  /** Resolved secret values, for `--secrets-file`. Never written into `files`. */
  secrets?: { auth: string }
  /**
   * Path from the bundle directory to the intent file's directory, for `{file}` references, so the
   * bundle works wherever the repository is checked out. Default `..`; `.` for a built-in example
   * (its references are relative to the bundle itself, never to where generate ran).
   */
  intentDir?: string
  /**
   * Who owns the node tags and may reach the Talos and Kubernetes APIs over the tailnet
   * (`autogroup:admin`, `group:ops`, a user). Default `autogroup:admin`.
   */
  admins?: readonly string[]
  /**
   * Config contract: the Talos version whose document forms to write (`talosctl gen config
   * --talos-version` of the cluster). Default: the target version. Must not be newer than it.
   */
  contract?: TalosVersion | string
  /**
   * GitOps manifests for the Tailscale operator (`--gitops`): Flux, Argo CD, or none (default).
   * Written only with `tailscale.operator: true`.
   */
  gitops?: GitopsTool
}

const FILE_MODE = 0o644
const SCRIPT_MODE = 0o755
const SECRET_MODE = 0o600

/** The bundle for an intent. Throws InputError only for a bad `talosVersion` override. */
export function generateBundle(intent: Intent, options: GenerateOptions = {}): Bundle {
  const version = resolveTalosVersion(intent, options.talosVersion)
  const contract =
    options.contract === undefined
      ? version
      : typeof options.contract === 'string'
        ? parseTalosVersion(options.contract, '--config-contract')
        : options.contract
  const warnings: string[] = []
  const versionWarning = forwardVersionWarning(
    version,
    options.talosVersion === undefined ? 'cluster.talosVersion' : '--talos-version',
  )
  if (versionWarning !== undefined) warnings.push(versionWarning)
  if (!releaseAtLeast(version, contract)) {
    throw new InputError(
      `config contract ${formatTalosVersion(contract)} is newer than the target Talos version ${formatTalosVersion(version)}.`,
      {
        hint: 'The contract is the Talos version the cluster configs were first generated for; it cannot be newer than the Talos the nodes run.',
      },
    )
  }
  if (options.contract !== undefined && contract !== version) {
    const contractWarning = forwardVersionWarning(contract, '--config-contract')
    if (contractWarning !== undefined) warnings.push(contractWarning)
  }
  const plan = planBundle(intent, version, options.admins, knownContract(contract))
  const schematics = bundleSchematics(intent, plan.nodes)
  const images = imageTable(plan, schematics)
  const installerFor = images.installerFor

  const files = new Map<string, BundleFile>()
  const add = (path: string, content: string, mode = FILE_MODE) => {
    files.set(path, { content, mode, secret: false })
  }

  for (const schematic of schematics) {
    add(schematic.file, schematic.yaml)
    add(schematic.idFile, `${schematic.id}\n`)
  }
  add('factory/images.json', imagesJson(images))
  add('factory/images.md', imagesMarkdown(images))

  const patches = talosPatchFiles(plan, installerFor)
  for (const patch of patches) add(patch.path, renderPatchFile(patch))

  const policy = buildPolicy({
    tags: intent.tailscale.tags,
    admins: plan.admins,
    routes: plan.routes,
    exitNode: plan.exitNode,
    operator: intent.tailscale.operator,
  })
  add(
    'tailnet/policy.hujson',
    renderPolicy(policy, [
      'Generated by talscale, do not edit: change talscale.yaml and run `talscale generate`.',
      `Tailnet policy fragment for the Talos cluster ${intent.cluster.name}: merge these keys into your policy file.`,
      'tagOwners: who may assign the node tags. autoApprovers: the routes and exit nodes the nodes advertise',
      'are approved without a click. grants: admins reach the Talos API (tcp:50000) and the Kubernetes API',
      '(tcp:6443) on the tagged nodes, every advertised route, and the internet through the exit nodes, so',
      'the fragment works in a default-deny tailnet (one without an allow-all rule).',
    ]),
  )

  const topology = buildTopology(plan, policy, images.talosVersion)
  add('topology.svg', topologySvg(topology))

  const coredns = corednsFile(plan)
  if (coredns !== undefined) add('kubernetes/coredns.yaml', coredns)
  const gitops = options.gitops ?? 'none'
  if (gitops !== 'none' && !intent.tailscale.operator) {
    warnings.push(
      `--gitops ${gitops} writes manifests for the Tailscale operator, but tailscale.operator is off in the intent: nothing was written for it. Set tailscale.operator: true for the hybrid layout.`,
    )
  }
  for (const [path, content] of gitopsFiles(plan, gitops)) add(path, content)
  const operator = operatorValuesFile(plan)
  if (operator !== undefined) add('kubernetes/tailscale-operator-values.yaml', operator)

  add(
    '.gitignore',
    `${yamlHeader(['apply.sh output (node configs, talosconfig, kubeconfig) and the Talos cluster secrets hold private keys.'])}/_out/\n/secrets/\n`,
  )

  const patchByPath = new Map(patches.map(patch => [patch.path, patch]))
  const scriptNodes = plan.nodes.map(node => ({
    plan: node,
    installer: installerFor(node),
    patches: ['talos/all.yaml', `talos/${node.node.role}.yaml`, nodePatchPath(node)].filter(path =>
      hasDocuments(patchByPath.get(path)!),
    ),
  }))
  add(
    'apply.sh',
    applyScript({ plan, schematics, nodes: scriptNodes, intentDir: options.intentDir ?? '..' }),
    SCRIPT_MODE,
  )

  const notes = [...warnings, ...bundleNotes(plan)]
  add(
    'README.md',
    readme({
      plan,
      schematics: schematics.map(schematic => ({
        file: schematic.file,
        id: schematic.id,
        purpose:
          schematic.name === 'tailscale'
            ? 'with siderolabs/tailscale'
            : 'without siderolabs/tailscale, for the nodes with tailscale: false',
      })),
      files: [...files.keys(), 'README.md'],
      reasons: settingReasons(patches),
      notes,
      mermaid: topologyMermaid(topology),
      secretsRelativeTo: options.intentDir === '.' ? 'this bundle directory' : 'the intent file',
    }),
  )

  const bundle: Bundle = {
    files: new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    talosVersion: images.talosVersion,
    schematics: schematics.map(({ name, file, id }) => ({ name, file, id })),
    notes: notes.slice(warnings.length),
    warnings,
    topology,
  }
  if (options.secrets) {
    const doc = extensionServiceConfigDocument('tailscale', [
      authKeyEntry(options.secrets.auth, plan.auth.oauth),
    ])
    bundle.secretPatch = {
      content: `${yamlHeader([
        'SECRET: the Tailscale auth key for the ExtensionServiceConfig tailscale. Keep it out of git.',
        'Pass it to apply.sh with TALSCALE_AUTH_PATCH=<this file>.',
      ])}apiVersion: ${doc.apiVersion}\nkind: ${doc.kind}\nname: ${doc.name}\nenvironment:\n  - ${JSON.stringify((doc.environment as string[])[0])}\n`,
      mode: SECRET_MODE,
      secret: true,
    }
  }
  return bundle
}

function bundleNotes(plan: ReturnType<typeof planBundle>): string[] {
  const { intent, contract: version } = plan
  const notes: string[] = []
  if (hasForm(version, 'multidocKubernetes')) {
    notes.push(
      'The patches use the Talos v1.14 multi-document forms (UnattendedInstallConfig, KubeNodeConfig, KubeAPIServerConfig, SysctlConfig). They merge into configs created with `talosctl gen config --talos-version v1.14` (apply.sh does this). A cluster created with an older contract keeps v1alpha1 fields that conflict with them: generate with `--config-contract` set to that version instead.',
    )
  }
  if (intent.cluster.firewall === 'block' && intent.tailscale.port === 'random') {
    notes.push(
      "The ingress firewall blocks by default and Tailscale's UDP port is random (tailscale.port: random), so no rule can open it: peers cannot connect in directly and traffic may go through DERP relays. Pin the port (T8, T17).",
    )
  }
  if (intent.cluster.kubespan && !hasForm(plan.version, 'excludeAdvertisedNetworks')) {
    notes.push(
      `KubeSpan's excludeAdvertisedNetworks needs Talos ${formatRelease(FORM_SINCE.excludeAdvertisedNetworks)}; on ${formatTalosVersion(plan.version)} only the endpoint filter keeps ${TAILNET_IPV4} out of KubeSpan (T9).`,
    )
  }
  if (intent.tailscale.tags.length === 0 && (plan.routes.length > 0 || plan.exitNode)) {
    notes.push(
      'No tags (tailscale.tags): the advertised routes and exit nodes cannot be auto-approved in the tailnet policy, so approve them in the admin console, or add a tag.',
    )
  }
  if (intent.tailscale.acceptDns) {
    notes.push(
      "tailscale.acceptDns is on, so TS_ACCEPT_DNS=true is written as asked; on Talos tailscaled cannot take over the host resolver (resolv.conf is Talos's and read-only in the extension), and the containerboot default is off (T10). `talscale check` warns about it.",
    )
  }
  if (plan.nodes.some(node => !node.tailscale)) {
    notes.push(
      'Nodes with tailscale: false boot the schematic without siderolabs/tailscale: the extension would otherwise wait forever for its ExtensionServiceConfig.',
    )
  }
  if (plan.auth.oauth) {
    notes.push(
      `TS_AUTH_ONCE=true is set because the nodes log in with an OAuth client secret${intent.tailscale.authOnce ? '' : ' (although tailscale.authOnce is false)'}: without it containerboot runs \`tailscale up\` on every start and mints a new auth key through the Tailscale API each time, so a node that boots while its uplink is down (an LTE link dropping) crash-loops instead of coming up with the identity kept in /var/lib/tailscale (T16). The price: later changes to TS_EXTRA_ARGS are not applied to an enrolled node; change them with \`tailscale set\` or re-enroll.`,
    )
  }
  const explicitMtu = plan.nodes.find(node => node.tailscale?.env.mtu !== undefined)?.tailscale?.env.mtu
  if (explicitMtu !== undefined && explicitMtu > 1280) {
    notes.push(
      `TS_DEBUG_MTU=${explicitMtu} is written because tailscale.mtu asks for it. Tailscale treats this variable as a debugging knob: its default 1280 fits every path, tailscaled does not discover the path MTU unless told to, and the MTU of the local link is not the MTU of the path (PPPoE, DS-Lite, tunnels and mobile carriers are smaller), so packets larger than the path carries are dropped without an error. Raise it only for a path you have measured end to end (T14).`,
    )
  }
  return notes
}
