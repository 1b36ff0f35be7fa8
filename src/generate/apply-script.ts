/**
 * `apply.sh`: the ordered steps from bundle to running cluster. It registers the schematic with
 * the Image Factory (T2), builds each node's config with `talosctl gen config` and the bundle's
 * patches, applies, bootstraps and upgrades with the factory installer. The auth key is read from
 * its reference at run time into a 0600 temporary patch and is never echoed.
 * @module
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: this module writes bash, where ${VAR} is meant literally
import { shellComment, shellQuote } from '../core/escape.ts'
import type { SecretRef } from '../intent/schema.ts'
import { formatTalosMinor, formatTalosVersion } from '../talos/version.ts'
import type { NodePlan, Plan } from './plan.ts'

/** A schematic as apply.sh registers it. */
export interface ScriptSchematic {
  /** Bundle path of the canonical YAML, e.g. `factory/schematic.yaml`. */
  file: string
  id: string
}

/** One node as apply.sh sees it. */
export interface ScriptNode {
  plan: NodePlan
  installer: string
  /** Bundle paths of the patches for this node, in order (empty patches left out). */
  patches: string[]
}

export interface ApplyScriptInput {
  plan: Plan
  schematics: readonly ScriptSchematic[]
  nodes: readonly ScriptNode[]
  /** Path from the bundle directory to the intent file's directory, for `{file}` secret references. */
  intentDir: string
}

export { shellQuote }

/**
 * The script text. Deterministic: no dates, no machine paths. Everything that depends on the input
 * is decided once in {@link decide}; the steps below only write their part of the script, in the
 * order it runs top to bottom, separated by one blank line.
 */
export function applyScript(input: ApplyScriptInput): string {
  const decided = decide(input)
  const sections = [
    preamble(decided),
    settings(decided),
    nodeTable(decided),
    helperFunctions(),
    registerStep(input.schematics),
    authPatchStep(decided),
    configsStep(),
    installStep(),
    bootstrapStep(),
    applyStep(),
    upgradeStep(),
    corednsStep(),
    usageFunction(),
    subcommandDispatch(),
  ]
  return `${sections.map(lines => lines.join('\n')).join('\n\n')}\n`
}

/** What apply.sh says and does that depends on the input: decided once, written by the steps. */
interface ScriptDecisions {
  plan: Plan
  /** `v1.x.y`: the Talos version the nodes run. */
  version: string
  /** What the Tailscale secret is: `auth key` or `OAuth client secret`. */
  secretKind: string
  /** Where the secret comes from, for the header comment (already comment-safe). */
  secretSource: string
  /** The lines of `auth_patch` that read the secret into `$secret`. */
  readSecret: string[]
  /** The `?ephemeral=..&preauthorized=..` OAuth suffix; undefined with an auth key. */
  oauthQuery?: string
  firstControlPlane: string
  controlPlanes: string[]
  /** One NODES entry per node, shell-quoted: hostname role address installer tailscale patch... */
  nodeEntries: string[]
}

function decide(input: ApplyScriptInput): ScriptDecisions {
  const { plan } = input
  const { ref, oauth } = plan.auth
  const controlPlanes = input.nodes.filter(node => node.plan.node.role === 'controlplane')
  const secretKind = oauth ? 'OAuth client secret' : 'auth key'
  return {
    plan,
    version: formatTalosVersion(plan.version),
    secretKind,
    secretSource: secretSourceText(ref),
    readSecret: readSecretLines(ref, secretKind, input.intentDir),
    ...(oauth ? { oauthQuery: `?ephemeral=${oauth.ephemeral}&preauthorized=${oauth.preauthorized}` } : {}),
    firstControlPlane: controlPlanes[0]!.plan.node.address,
    controlPlanes: controlPlanes.map(node => node.plan.node.address),
    nodeEntries: input.nodes.map(node => {
      const n = node.plan.node
      return shellQuote(
        [
          n.hostname,
          n.role,
          n.address,
          node.installer,
          n.tailscale ? 'tailscale' : 'no-tailscale',
          ...node.patches,
        ].join(' '),
      )
    }),
  }
}

/** The header comment names where the secret comes from. */
function secretSourceText(ref: SecretRef): string {
  if ('env' in ref) return `env ${shellComment(ref.env)}`
  if ('file' in ref) return `file ${shellComment(ref.file)}`
  return 'the intent file itself (a literal: set TS_AUTHKEY or TALSCALE_AUTH_PATCH instead)'
}

/** The bash that reads the secret from its reference (never a literal: that comes from TS_AUTHKEY). */
function readSecretLines(ref: SecretRef, secretKind: string, intentDir: string): string[] {
  if ('env' in ref) {
    return [
      `  [ -n "\${${ref.env}:-}" ] || die "set ${ref.env} to the Tailscale ${secretKind} (see README.md)"`,
      `  secret="\${${ref.env}}"`,
    ]
  }
  if ('file' in ref) {
    return [
      `  local secret_file=${shellQuote(ref.file.startsWith('/') ? ref.file : `${intentDir}/${ref.file}`)}`,
      `  case "$secret_file" in /*) ;; *) secret_file="$HERE/$secret_file" ;; esac`,
      '  [ -r "$secret_file" ] || die "cannot read the secret file $secret_file (see README.md)"',
      '  IFS= read -r secret < "$secret_file" || true',
      '  [ -n "$secret" ] || die "the secret file $secret_file is empty"',
    ]
  }
  return [
    '  [ -n "${TS_AUTHKEY:-}" ] || die "the intent file holds the secret literally; export TS_AUTHKEY or set TALSCALE_AUTH_PATCH (see README.md)"',
    '  secret="${TS_AUTHKEY}"',
  ]
}

/** Shebang, the usage comment (printed by `usage`), strict mode. */
function preamble(decided: ScriptDecisions): string[] {
  return [
    '#!/usr/bin/env bash',
    '# Generated by talscale, do not edit: change talscale.yaml and run `talscale generate`.',
    '#',
    `# Cluster ${shellComment(decided.plan.intent.cluster.name)}, Talos ${decided.version}. Steps, in order (see README.md):`,
    '#   ./apply.sh register    register the schematic(s) with the Image Factory (T2)',
    "#   ./apply.sh configs     build each node config: talosctl gen config + this bundle's patches",
    '#   ./apply.sh install     first install: apply each config to nodes in maintenance mode (--insecure)',
    '#   ./apply.sh bootstrap   bootstrap etcd on the first control plane and fetch the kubeconfig',
    '#   ./apply.sh apply       later changes: apply the rebuilt configs to running nodes',
    '#   ./apply.sh upgrade     upgrade every node with its factory installer, one at a time (T3)',
    '#',
    `# The Tailscale ${decided.secretKind} comes from ${decided.secretSource}, or from a ready`,
    '# patch named by TALSCALE_AUTH_PATCH (talscale generate --secrets-file). It is never printed.',
    'set -euo pipefail',
    'umask 077',
  ]
}

/** Paths (overridable from the environment) and the cluster's settings, every value quoted. */
function settings(decided: ScriptDecisions): string[] {
  const { intent } = decided.plan
  return [
    'HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"',
    'OUT="${TALSCALE_OUT:-$HERE/_out}"',
    'TALOS_SECRETS="${TALOS_SECRETS:-$HERE/secrets/talos-secrets.yaml}"',
    `FACTORY=${shellQuote(intent.image.factory)}`,
    `CLUSTER_NAME=${shellQuote(intent.cluster.name)}`,
    `ENDPOINT=${shellQuote(intent.cluster.endpoint)}`,
    `TALOS_VERSION=${shellQuote(decided.version)}`,
    `TALOS_CONTRACT=${shellQuote(formatTalosMinor(decided.plan.contract))}`,
    `FIRST_CONTROLPLANE=${shellQuote(decided.firstControlPlane)}`,
    `CONTROLPLANES=(${decided.controlPlanes.map(shellQuote).join(' ')})`,
  ]
}

/** The NODES array the steps loop over. */
function nodeTable(decided: ScriptDecisions): string[] {
  return [
    '# hostname role address installer tailscale patch...',
    'NODES=(',
    ...decided.nodeEntries.map(entry => `  ${entry}`),
    ')',
  ]
}

/** die, need, talosctl_cfg and the talosctl version guard. */
function helperFunctions(): string[] {
  return [
    'die() { printf \'apply.sh: %s\\n\' "$*" >&2; exit 1; }',
    'need() { command -v "$1" >/dev/null 2>&1 || die "$1 is required but not installed"; }',
    'talosctl_cfg() { talosctl --talosconfig "$OUT/talosconfig" "$@"; }',
    '# An older talosctl does not know the config documents of a newer Talos and fails on them.',
    'check_talosctl() {',
    '  local client minor want',
    '  client="$(talosctl version --client --short 2>/dev/null | grep -Eo \'v?1\\.[0-9]+\\.[0-9]+\' | head -n 1 || true)"',
    '  if [ -z "$client" ]; then echo "apply.sh: cannot tell the talosctl client version; it must be $TALOS_VERSION or newer" >&2; return 0; fi',
    '  minor="${client#*1.}"; minor="${minor%%.*}"; want="${TALOS_VERSION#v1.}"; want="${want%%.*}"',
    '  [ "$minor" -ge "$want" ] || die "talosctl $client is older than the target Talos $TALOS_VERSION: it fails on config documents it does not know; install talosctl $TALOS_VERSION or newer"',
    '}',
  ]
}

/** `./apply.sh register`: posts each schematic and checks the factory answers with its ID. */
function registerStep(schematics: readonly ScriptSchematic[]): string[] {
  return [
    'register() {',
    '  need curl',
    ...schematics.flatMap(schematic => [
      `  got="$(curl -fsS -X POST --data-binary @"$HERE/${schematic.file}" "$FACTORY/schematics")"`,
      `  case "$got" in *'"id":"${schematic.id}"'*) echo "registered ${schematic.file}: ${schematic.id}" ;;`,
      `    *) die "the factory answered with another ID for ${schematic.file}: $got" ;; esac`,
    ]),
    '}',
  ]
}

/** `auth_patch`, used by configs: reads the secret and writes the 0600 ExtensionServiceConfig patch. */
function authPatchStep(decided: ScriptDecisions): string[] {
  return [
    '# Writes the secret-bearing ExtensionServiceConfig patch (mode 0600) and prints its path.',
    'auth_patch() {',
    '  if [ -n "${TALSCALE_AUTH_PATCH:-}" ]; then',
    '    [ -r "$TALSCALE_AUTH_PATCH" ] || die "cannot read TALSCALE_AUTH_PATCH=$TALSCALE_AUTH_PATCH"',
    '    printf \'%s\\n\' "$TALSCALE_AUTH_PATCH"',
    '    return',
    '  fi',
    '  local secret=""',
    ...decided.readSecret,
    '  case "$secret" in',
    String.raw`    *[[:space:]]* | *\'* | *\"* | *\\*) die "the secret contains whitespace, quotes or a backslash; Talos would pass them literally (T7)" ;;`,
    '  esac',
    ...(decided.oauthQuery !== undefined
      ? [
          '  case "$secret" in *\\?*) die "the OAuth client secret already has a ?query; talscale adds it (T15)" ;; esac',
          `  secret="\${secret}${decided.oauthQuery}"`,
        ]
      : []),
    '  mkdir -p "$OUT"',
    '  printf \'apiVersion: v1alpha1\\nkind: ExtensionServiceConfig\\nname: tailscale\\nenvironment:\\n  - "TS_AUTHKEY=%s"\\n\' "$secret" > "$OUT/tailscale-auth.yaml"',
    '  printf \'%s\\n\' "$OUT/tailscale-auth.yaml"',
    '}',
  ]
}

/** `./apply.sh configs`: talosctl gen config per node with its patches, then the talosconfig. */
function configsStep(): string[] {
  return [
    'configs() {',
    '  need talosctl',
    '  check_talosctl',
    '  mkdir -p "$OUT/nodes" "$(dirname "$TALOS_SECRETS")"',
    '  [ -f "$TALOS_SECRETS" ] || talosctl gen secrets -o "$TALOS_SECRETS"',
    '  local auth=""',
    '  local entry host role address installer tailscale args patch',
    '  for entry in "${NODES[@]}"; do',
    '    read -r host role address installer tailscale patches <<<"$entry"',
    '    args=()',
    '    for patch in $patches; do args+=(--config-patch "@$HERE/$patch"); done',
    '    if [ "$tailscale" = tailscale ]; then',
    '      [ -n "$auth" ] || auth="$(auth_patch)"',
    '      args+=(--config-patch "@$auth")',
    '    fi',
    '    talosctl gen config "$CLUSTER_NAME" "$ENDPOINT" --with-secrets "$TALOS_SECRETS" \\',
    '      --talos-version "$TALOS_CONTRACT" --install-image "$installer" --output-types "$role" \\',
    '      --with-docs=false --with-examples=false ${TALSCALE_GEN_ARGS:-} "${args[@]}" \\',
    '      --output "$OUT/nodes/$host.yaml" --force',
    '  done',
    '  talosctl gen config "$CLUSTER_NAME" "$ENDPOINT" --with-secrets "$TALOS_SECRETS" \\',
    '    --talos-version "$TALOS_CONTRACT" --output-types talosconfig --output "$OUT/talosconfig" --force',
    '  talosctl --talosconfig "$OUT/talosconfig" config endpoint "${CONTROLPLANES[@]}"',
    '  if [ -z "${TALSCALE_AUTH_PATCH:-}" ]; then rm -f "$OUT/tailscale-auth.yaml"; fi',
    '  echo "Talos $TALOS_VERSION configs written to $OUT (they hold cluster secrets: keep them out of git)"',
    '}',
  ]
}

/** `./apply.sh install`: first install, nodes in maintenance mode. */
function installStep(): string[] {
  return [
    'install() {',
    '  need talosctl',
    '  local entry host role address rest',
    '  for entry in "${NODES[@]}"; do',
    '    read -r host role address rest <<<"$entry"',
    '    talosctl apply-config --insecure --nodes "$address" --file "$OUT/nodes/$host.yaml"',
    '  done',
    '}',
  ]
}

/** `./apply.sh bootstrap`: etcd on the first control plane, then the kubeconfig. */
function bootstrapStep(): string[] {
  return [
    'bootstrap() {',
    '  need talosctl',
    '  talosctl_cfg bootstrap --nodes "$FIRST_CONTROLPLANE" --endpoints "$FIRST_CONTROLPLANE"',
    '  talosctl_cfg kubeconfig "$OUT/kubeconfig" --nodes "$FIRST_CONTROLPLANE" --endpoints "$FIRST_CONTROLPLANE" --force',
    '}',
  ]
}

/** `./apply.sh apply`: later changes to running nodes. */
function applyStep(): string[] {
  return [
    'apply() {',
    '  need talosctl',
    '  local entry host role address rest',
    '  for entry in "${NODES[@]}"; do',
    '    read -r host role address rest <<<"$entry"',
    '    talosctl_cfg apply-config --nodes "$address" --endpoints "$address" --file "$OUT/nodes/$host.yaml"',
    '  done',
    '}',
  ]
}

/** `./apply.sh upgrade`: each node to its factory installer, one at a time. */
function upgradeStep(): string[] {
  return [
    'upgrade() {',
    '  need talosctl',
    '  check_talosctl',
    '  local entry host role address installer rest',
    '  for entry in "${NODES[@]}"; do',
    '    read -r host role address installer rest <<<"$entry"',
    '    talosctl_cfg upgrade --nodes "$address" --endpoints "$address" --image "$installer"',
    '  done',
    '}',
  ]
}

/** `./apply.sh coredns`: kept for old callers; only points at the declarative CoreDNS. */
function corednsStep(): string[] {
  return [
    'coredns() {',
    '  # Kept for scripts that call it: CoreDNS is declarative now (README.md, "CoreDNS").',
    '  echo "CoreDNS is deployed by the control-plane patch as an inline manifest; run ./apply.sh apply." >&2',
    '}',
  ]
}

/** `usage`: prints the header comment's step list and exits 2. */
function usageFunction(): string[] {
  return [
    'usage() {',
    "  sed -n '/^# Cluster /,/^set -euo/p' \"${BASH_SOURCE[0]}\" | sed '$d' >&2",
    '  exit 2',
    '}',
  ]
}

/** The argument parsing: the first argument names the step; anything else prints the usage. */
function subcommandDispatch(): string[] {
  return [
    'case "${1:-}" in',
    '  register | configs | install | bootstrap | apply | upgrade | coredns) "$1" ;;',
    '  *) usage ;;',
    'esac',
  ]
}
