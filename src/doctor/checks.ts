/**
 * The registry of doctor checks, as data like lint rules: DOC1xx node checks, DOC2xx log classes
 * (from `tailscale/logs.ts`), DOC3xx tailnet checks. Findings without a file use the node address or
 * `tailnet` as `file` and 1:1 as position.
 * @module
 */
import type { Finding, Severity, Topic } from '../core/finding.ts'
import { redactSecrets } from '../core/secrets.ts'
import type { RuleMetadata } from '../report/rules.ts'
import { LOG_CLASSES, type LogCode } from '../tailscale/logs.ts'

/** One doctor check. Codes are stable and never reused. */
export interface DoctorCheck {
  code: string
  name: string
  topic: Topic
  severity: Severity
  /** One sentence: what the check finds. */
  summary: string
  /** Why it matters. */
  why: string
  /** Imperative: what to do. */
  fix: string
}

const NODE_CHECKS = [
  {
    code: 'DOC100',
    name: 'talosctl-not-found',
    topic: 'meta',
    severity: 'error',
    summary: 'The talosctl executable cannot be run.',
    why: 'doctor reads nodes through your own talosctl, talosconfig and context; without it no node can be checked.',
    fix: 'Install talosctl (https://www.talos.dev) or pass --talosctl PATH.',
  },
  {
    code: 'DOC101',
    name: 'node-unreachable',
    topic: 'meta',
    severity: 'error',
    summary: 'The node did not answer the Talos API.',
    why: 'Nothing else can be checked on a node that does not answer; the other nodes are still checked.',
    fix: 'Check the address, the endpoints of your talosconfig context, and the firewall (50000/tcp; T17 over the tailnet).',
  },
  {
    code: 'DOC102',
    name: 'client-certificate-rejected',
    topic: 'certs',
    severity: 'error',
    summary: 'The TLS handshake with the node failed: expired or unknown client certificate.',
    why: 'talosconfig client certificates expire (one year by default); an expired one locks you out of every node.',
    fix: 'Create a fresh talosconfig: `talosctl config new --roles os:admin` from a working one, or regenerate it from the cluster secrets.',
  },
  {
    code: 'DOC103',
    name: 'permission-denied',
    topic: 'meta',
    severity: 'info',
    summary:
      'The talosconfig role may not read something doctor needs; the checks that need it were not done.',
    why: 'Roles below os:admin cannot read Sensitive resources (the machine config; the ExtensionServiceConfig since v1.12.9, v1.13.4 and v1.14). The finding names the checks that were not done, so nothing is skipped silently.',
    fix: 'Run doctor with a talosconfig that has the os:admin role to run those checks too.',
  },
  {
    code: 'DOC104',
    name: 'talosctl-failed',
    topic: 'meta',
    severity: 'warning',
    summary:
      'A talosctl call failed, or its output could not be read; the checks that needed it were not done.',
    why: "The finding quotes the cause without talosctl's wrapping and names the checks that were not done on that node.",
    fix: 'Run the quoted talosctl command yourself to see the whole error.',
  },
  {
    code: 'DOC110',
    name: 'service-waiting-for-config',
    topic: 'extension-service',
    severity: 'error',
    summary: 'ext-tailscale is Waiting: there is no ExtensionServiceConfig named `tailscale`.',
    why: 'The extension depends on `configuration: true`; without a document named exactly `tailscale` the service waits forever and Tailscale never starts.',
    fix: 'Apply an ExtensionServiceConfig with `name: tailscale` (talscale generate writes one) with `talosctl patch mc`.',
  },
  {
    code: 'DOC111',
    name: 'service-crash-loop',
    topic: 'extension-service',
    severity: 'error',
    summary: 'ext-tailscale keeps exiting and restarting.',
    why: 'containerboot exits on any configuration or login error and Talos restarts it every 5 s; the log says why.',
    fix: 'Read the DOC2xx findings from the log of the same node and fix what they name.',
  },
  {
    code: 'DOC112',
    name: 'service-not-running',
    topic: 'extension-service',
    severity: 'error',
    summary: 'ext-tailscale is neither Running nor Waiting for its configuration.',
    why: 'The service is stopped, failed or still preparing, so the node is not on the tailnet.',
    fix: 'Check `talosctl service ext-tailscale` and `talosctl logs ext-tailscale`; restart it with `talosctl service ext-tailscale restart`.',
  },
  {
    code: 'DOC113',
    name: 'service-unhealthy',
    topic: 'extension-service',
    severity: 'warning',
    summary: 'ext-tailscale runs but its health check fails.',
    why: 'A failing health check means the container is up but Tailscale is not in a working state.',
    fix: 'Read the last health message and the log of ext-tailscale.',
  },
  {
    code: 'DOC120',
    name: 'extension-not-installed',
    topic: 'image',
    severity: 'error',
    summary: 'The tailscale system extension is not installed on the node.',
    why: 'Extensions come only from the boot image (schematic); machine.install.extensions has no effect since Talos 1.10 (T4).',
    fix: 'Upgrade the node to the factory installer of a schematic that lists siderolabs/tailscale (`talscale generate` prints it).',
  },
  {
    code: 'DOC121',
    name: 'tailscale-version',
    topic: 'image',
    severity: 'info',
    summary: 'The installed tailscale extension and its Tailscale version.',
    why: 'Log messages and flags depend on the Tailscale version; older extensions lack fixes (for example the /etc/ssl/certs mount).',
    fix: 'Nothing to do; upgrade Talos to get a newer extension.',
  },
  {
    code: 'DOC122',
    name: 'schematic-mismatch',
    topic: 'image',
    severity: 'warning',
    summary: 'The node runs a different schematic than the one expected for it.',
    why: 'A different schematic has a different set of extensions; the node may lack tailscale after a reinstall or carry extensions you removed.',
    fix: 'Upgrade the node to the expected installer image: `talosctl upgrade --image <installer>`.',
  },
  {
    code: 'DOC123',
    name: 'install-image-drops-extension',
    topic: 'image',
    severity: 'error',
    summary: 'machine.install.image does not point at the schematic with tailscale (upgrade safety).',
    why: 'The next `talosctl upgrade` or reinstall uses machine.install.image; an image without the schematic silently drops the extension (T3).',
    fix: 'Set machine.install.image to factory.talos.dev/<platform>-installer/<schematic-id>:<version>.',
  },
  {
    code: 'DOC130',
    name: 'no-tailnet-address',
    topic: 'state',
    severity: 'error',
    summary: 'tailscale0 has no tailnet address.',
    why: 'Without a 100.64.0.0/10 address on tailscale0 the node is not logged in to the tailnet.',
    fix: 'Read the ext-tailscale log findings; typical causes are a missing or used-up auth key and device approval.',
  },
  {
    code: 'DOC131',
    name: 'kubelet-node-ip-tailnet',
    topic: 'node-ip',
    severity: 'error',
    summary: 'Kubelet chose a tailnet address as the node IP.',
    why: '100.64.0.0/10 sorts before 172.16/12 and 192.168/16, so without a pin kubelet picks the tailnet address (T12); pods and other nodes then route through Tailscale.',
    fix: 'Pin machine.kubelet.nodeIP.validSubnets to the LAN subnet (KubeNodeConfig on Talos 1.14).',
  },
  {
    code: 'DOC132',
    name: 'etcd-address-tailnet',
    topic: 'node-ip',
    severity: 'error',
    summary: 'etcd advertises or listens for peers on a tailnet address.',
    why: 'etcd picks the first routed address like kubelet (T12); peers on the LAN then talk over Tailscale, or fail when it is down.',
    fix: 'Pin cluster.etcd.advertisedSubnets to the LAN subnet.',
  },
  {
    code: 'DOC133',
    name: 'etcd-member-peer-tailnet',
    topic: 'node-ip',
    severity: 'error',
    summary: 'An etcd member is registered with a tailnet peer URL.',
    why: 'The peer URL is stored in the etcd cluster when a member joins; it stays after advertisedSubnets is fixed, so the other members keep dialling the tailnet address (T12).',
    fix: 'Pin cluster.etcd.advertisedSubnets, then let the member rejoin: `talosctl etcd leave` and a reset of its EPHEMERAL partition; that also wipes /var/lib/tailscale, so run `talscale tailnet prune` afterwards.',
  },
  {
    code: 'DOC140',
    name: 'service-config-unreadable',
    topic: 'extension-service',
    severity: 'info',
    summary: 'The ExtensionServiceConfig could not be read, so its contents were not checked.',
    why: 'ExtensionServiceConfigs hold auth keys and are Sensitive since Talos v1.12.9, v1.13.4 and v1.14: only the os:admin role may read them.',
    fix: 'Run doctor with an os:admin talosconfig, or run `talscale check` on the config files you apply.',
  },
  {
    code: 'DOC141',
    name: 'service-config-lint',
    topic: 'extension-service',
    severity: 'info',
    summary: "The node's effective ExtensionServiceConfig was checked with check's rules.",
    why: 'The findings that follow (TALnnn) are about the configuration the node really runs, patches included.',
    fix: 'Fix the TAL findings in the source of the configuration and apply it again.',
  },
  {
    code: 'DOC150',
    name: 'log-unreadable',
    topic: 'meta',
    severity: 'info',
    summary: 'The ext-tailscale log could not be read.',
    why: 'The log is where containerboot says why it exits.',
    fix: 'Run `talosctl logs ext-tailscale` yourself, or save it and run `talscale explain-log FILE`.',
  },
  {
    code: 'DOC151',
    name: 'node-not-checked',
    topic: 'meta',
    severity: 'error',
    summary: 'Nothing could be checked on the node.',
    why: 'Every talosctl call for the node failed, or none of its answers could be read; a health check that judged nothing must not pass.',
    fix: 'Read the other findings of the node for each cause, and run the quoted talosctl commands yourself.',
  },
] as const satisfies readonly DoctorCheck[]

const TAILNET_CHECKS = [
  {
    code: 'DOC300',
    name: 'tailnet-api-failed',
    topic: 'tailnet',
    severity: 'error',
    summary: 'The Tailscale API could not be read.',
    why: 'Without the device list none of the tailnet checks can run.',
    fix: 'Check TS_API_KEY or TS_OAUTH_CLIENT_ID/TS_OAUTH_CLIENT_SECRET, their scopes, and --api-url.',
  },
  {
    code: 'DOC301',
    name: 'duplicate-device',
    topic: 'tailnet',
    severity: 'warning',
    summary: 'One node appears as several devices (the -1, -2 suffixes).',
    why: 'A node that lost its state in /var/lib/tailscale (reset, reinstall, wiped EPHEMERAL) logs in as a new device; the old one lingers and takes the plain name.',
    fix: 'Remove the offline duplicates: `talscale tailnet prune` (shows the plan; --yes to act).',
  },
  {
    code: 'DOC302',
    name: 'route-not-approved',
    topic: 'routing',
    severity: 'warning',
    summary: 'A device advertises routes that are not approved.',
    why: 'Advertised routes carry no traffic until they are approved in the admin console or by autoApprovers.',
    fix: 'Approve the routes the intent advertises: `talscale tailnet approve-routes`, or add autoApprovers to the policy.',
  },
  {
    code: 'DOC303',
    name: 'key-expiring',
    topic: 'auth',
    severity: 'warning',
    summary: "A device's node key expires soon.",
    why: 'When the node key expires the node drops off the tailnet and containerboot exits (tailscaled left running state).',
    fix: 'Disable key expiry for server nodes (tagged devices have it disabled by default), or re-authenticate.',
  },
  {
    code: 'DOC304',
    name: 'key-expired',
    topic: 'auth',
    severity: 'error',
    summary: "A device's node key has expired.",
    why: 'The device cannot connect until it logs in again.',
    fix: 'Re-authenticate the node with a fresh auth key and disable key expiry for it.',
  },
  {
    code: 'DOC305',
    name: 'ephemeral-persistent-node',
    topic: 'state',
    severity: 'error',
    summary: 'A node meant to persist is registered as an ephemeral device.',
    why: 'Ephemeral devices are deleted soon after going offline; an OAuth secret without ?ephemeral=false is ephemeral by default (T15).',
    fix: 'Enrol with a non-ephemeral key (`talscale tailnet mint-key` without --ephemeral, or add ?ephemeral=false to the OAuth secret).',
  },
  {
    code: 'DOC306',
    name: 'tags-mismatch',
    topic: 'tailnet',
    severity: 'warning',
    summary: "A device's tags differ from the intent.",
    why: 'Tags decide what the policy lets the node reach and who may reach it.',
    fix: 'Re-enrol with --advertise-tags matching the intent, or correct the intent.',
  },
  {
    code: 'DOC307',
    name: 'stale-offline-device',
    topic: 'tailnet',
    severity: 'info',
    summary: 'A device has been offline for a long time.',
    why: 'Stale devices clutter the tailnet and keep their names, pushing new logins to -1 suffixes.',
    fix: 'Remove the device in the admin console if it is gone for good.',
  },
  {
    code: 'DOC308',
    name: 'node-not-in-tailnet',
    topic: 'tailnet',
    severity: 'warning',
    summary: 'A node of the intent has no device in the tailnet.',
    why: 'The node never logged in, or logged in under another hostname.',
    fix: 'Run `talscale doctor` against the node to see why ext-tailscale does not log in.',
  },
  {
    code: 'DOC309',
    name: 'device-not-authorized',
    topic: 'auth',
    severity: 'warning',
    summary: 'A device waits for approval.',
    why: 'With device approval on, a key that is not pre-approved leaves the device unauthorised and containerboot times out.',
    fix: 'Approve the device in the admin console, or use a pre-approved key.',
  },
] as const satisfies readonly DoctorCheck[]

const LOG_CHECKS: DoctorCheck[] = LOG_CLASSES.map(logClass => ({
  code: logClass.code,
  name: logClass.name,
  topic: logClass.topic,
  severity: logClass.severity,
  summary: logClass.summary,
  why: 'Classified from the ext-tailscale log; the finding message carries the explanation of the matched line.',
  fix: logClass.fixTitle,
}))

/**
 * The code of a doctor check, checked when the code is compiled: a typo in `doctorFinding('DOC1x0', …)`
 * does not build. Log classes (DOC2xx) are typed by their own module.
 */
export type DoctorCode =
  | (typeof NODE_CHECKS)[number]['code']
  | (typeof TAILNET_CHECKS)[number]['code']
  | LogCode

/**
 * Codes of dropped checks: reserved forever (codes are never reused). DOC152 was announced for a
 * check that was withdrawn before it shipped.
 */
export const RETIRED_DOCTOR_CODES: readonly string[] = ['DOC152']

/** Every doctor check, sorted by code. */
export const DOCTOR_CHECKS: readonly DoctorCheck[] = [...NODE_CHECKS, ...LOG_CHECKS, ...TAILNET_CHECKS].sort(
  (a, b) => (a.code < b.code ? -1 : 1),
)

const BY_CODE = new Map(DOCTOR_CHECKS.map(check => [check.code, check]))

/** Looks a check up by code; throws on an unknown code (a bug, not an input error). */
export function doctorCheck(code: string): DoctorCheck {
  const check = BY_CODE.get(code)
  if (!check) throw new Error(`unknown doctor check ${code}`)
  return check
}

/** The checks as formatter metadata (SARIF rules, `help:` lines). */
export function doctorRuleMetadata(): RuleMetadata[] {
  return DOCTOR_CHECKS.map(check => ({
    code: check.code,
    name: check.name,
    topic: check.topic,
    severity: check.severity,
    fixTitle: check.fix,
    docs: { summary: check.summary, why: check.why },
  }))
}

/**
 * A finding of a doctor check. `file` is the node address or `tailnet`; the position is 1:1. The
 * message is redacted: nothing that came from a node or the API may leak a secret.
 */
export function doctorFinding(
  code: DoctorCode,
  file: string,
  message: string,
  options: { severity?: Severity; topic?: Topic; name?: string } = {},
): Finding {
  const check = doctorCheck(code)
  return {
    code,
    name: options.name ?? check.name,
    topic: options.topic ?? check.topic,
    severity: options.severity ?? check.severity,
    message: redactSecrets(message),
    file,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
  }
}
