/**
 * `generate --target talhelper`: the bundle in talhelper's shape (see src/generate/talhelper.ts),
 * written to --out, or merged into an existing talconfig.yaml with --into (with --dry-run: the diff
 * only). The tailnet policy and Kubernetes files are the same as the talosctl bundle's.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { UsageError } from '../core/errors.ts'
import { writeFileAtomic } from '../core/fs.ts'
import { readSource } from '../core/source.ts'
import { type Bundle, generateBundle, writeBundle } from '../generate/index.ts'
import { omniTemplate } from '../generate/omni.ts'
import {
  DEFAULT_INSTALL_DISK,
  mergeTalconfig,
  renderTalconfig,
  talhelperConfig,
} from '../generate/talhelper.ts'
import type { Intent } from '../intent/schema.ts'
import { unifiedDiff } from '../lint/fix.ts'
import type { CliIO } from './context.ts'

export const TARGETS = ['talosctl', 'talhelper', 'omni'] as const
export type Target = (typeof TARGETS)[number]

export interface TargetOptions {
  out: string
  into?: string
  dryRun?: boolean
  force?: boolean
  quiet?: boolean
  talosVersion?: string
  kubernetesVersion?: string
  installDisk?: string
  authVariable?: string
  admins?: readonly string[]
  /** --omni-machine HOSTNAME=UUID, repeatable. */
  omniMachines?: readonly string[]
}

/** Writes the talhelper form; returns the exit code. */
export function generateTalhelper(intent: Intent, options: TargetOptions, io: CliIO): number {
  if (options.authVariable !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.authVariable)) {
    throw new UsageError(`--auth-variable "${options.authVariable}" is not a variable name.`, {
      hint: 'Use letters, digits and "_", for example TS_AUTHKEY.',
    })
  }
  const config = talhelperConfig(intent, {
    ...(options.talosVersion === undefined ? {} : { talosVersion: options.talosVersion }),
    ...(options.kubernetesVersion === undefined ? {} : { kubernetesVersion: options.kubernetesVersion }),
    ...(options.installDisk === undefined ? {} : { installDisk: options.installDisk }),
    ...(options.authVariable === undefined ? {} : { authVariable: options.authVariable }),
    ...(options.admins === undefined ? {} : { admins: options.admins }),
  })
  const say = (text: string) => {
    if (!options.quiet) io.stdout(text)
  }
  if (options.into !== undefined) {
    const path = resolve(io.cwd, options.into)
    const before = existsSync(path) ? readSource(path, options.into).text : undefined
    const after =
      before === undefined ? renderTalconfig(config) : mergeTalconfig(before, config, options.into)
    if (options.dryRun) {
      io.stdout(unifiedDiff(options.into, before ?? '', after))
      return 0
    }
    if (after !== before) writeFileAtomic(path, after)
    say(
      `${options.into}: ${after === before ? 'up to date' : before === undefined ? 'written' : 'merged'} (talhelper, ${config.nodes.length} nodes)\n`,
    )
  }
  if (options.dryRun && options.into === undefined)
    throw new UsageError('--dry-run with --target talhelper needs --into: it shows the merge as a diff.')
  if (options.dryRun) return 0
  // The rest of the bundle: the same policy and Kubernetes files as the talosctl bundle.
  const full = generateBundle(intent, {
    ...(options.talosVersion === undefined ? {} : { talosVersion: options.talosVersion }),
    ...(options.admins === undefined ? {} : { admins: options.admins }),
  })
  const files = new Map(
    [...full.files].filter(([path]) => path.startsWith('tailnet/') || path.startsWith('kubernetes/')),
  )
  if (options.into === undefined)
    files.set('talconfig.yaml', { content: renderTalconfig(config), mode: 0o644, secret: false })
  const bundle: Bundle = { ...full, files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1))) }
  const outDir = resolve(io.cwd, options.out)
  const result = writeBundle(outDir, bundle, { force: options.force === true, displayDir: options.out })
  say(`${options.out}: ${result.written.length} written, ${result.unchanged.length} unchanged (talhelper)\n`)
  if (
    !options.installDisk &&
    !options.quiet &&
    (options.into === undefined ||
      !readFileSync(resolve(io.cwd, options.into), 'utf8').includes('installDisk'))
  )
    io.stderr(
      `note: new nodes get installDisk ${DEFAULT_INSTALL_DISK}; pass --install-disk or edit each node's installDisk/installDiskSelector.\n`,
    )
  say(
    `next: talhelper genconfig${options.into ? ` -c ${relative(io.cwd, resolve(io.cwd, options.into)) || options.into}` : ` -c ${options.out}/talconfig.yaml`} (TS_AUTHKEY from talenv.sops.yaml or the environment)\n`,
  )
  return 0
}

/** Writes the Omni cluster template with the policy and Kubernetes files; returns the exit code. */
export function generateOmni(intent: Intent, options: TargetOptions, io: CliIO): number {
  if (!options.kubernetesVersion) {
    throw new UsageError('an Omni cluster template needs a Kubernetes version.', {
      hint: 'Pass --kubernetes-version (for example v1.34.1).',
    })
  }
  if (options.authVariable !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.authVariable)) {
    throw new UsageError(`--auth-variable "${options.authVariable}" is not a variable name.`)
  }
  const machines = new Map<string, string>()
  for (const pair of options.omniMachines ?? []) {
    const match = /^([^=\s]+)=([0-9a-fA-F-]{8,})$/.exec(pair)
    if (!match) {
      throw new UsageError(`--omni-machine "${pair}" is not HOSTNAME=MACHINE-UUID.`, {
        hint: 'Take the UUIDs from omnictl get machines, for example --omni-machine cp-1=27c16241-96bf-4f17-9579-ea3a6c4a3ca8.',
      })
    }
    if (!intent.nodes.some(node => node.hostname === match[1]))
      throw new UsageError(`--omni-machine names "${match[1]}", which is not a node of the intent.`)
    machines.set(match[1]!, match[2]!)
  }
  const template = omniTemplate(intent, {
    kubernetesVersion: options.kubernetesVersion,
    machines,
    ...(options.talosVersion === undefined ? {} : { talosVersion: options.talosVersion }),
    ...(options.authVariable === undefined ? {} : { authVariable: options.authVariable }),
    ...(options.admins === undefined ? {} : { admins: options.admins }),
  })
  const full = generateBundle(intent, {
    ...(options.talosVersion === undefined ? {} : { talosVersion: options.talosVersion }),
    ...(options.admins === undefined ? {} : { admins: options.admins }),
  })
  const files = new Map(
    [...full.files].filter(([path]) => path.startsWith('tailnet/') || path.startsWith('kubernetes/')),
  )
  files.set('cluster-template.yaml', { content: template, mode: 0o644, secret: false })
  const bundle: Bundle = { ...full, files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1))) }
  const result = writeBundle(resolve(io.cwd, options.out), bundle, {
    force: options.force === true,
    displayDir: options.out,
  })
  if (!options.quiet) {
    io.stdout(
      `${options.out}: ${result.written.length} written, ${result.unchanged.length} unchanged (Omni)\n`,
    )
    const missing = intent.nodes.filter(node => !machines.has(node.hostname)).length
    if (missing > 0)
      io.stderr(
        `note: ${missing} node(s) have a \${OMNI_MACHINE_...} placeholder: pass --omni-machine HOSTNAME=UUID or fill them in with envsubst.\n`,
      )
    io.stdout(
      `next: envsubst < ${options.out}/cluster-template.yaml > cluster.yaml && omnictl cluster template sync -f cluster.yaml\n`,
    )
  }
  return 0
}
