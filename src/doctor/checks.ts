/**
 * The registry of doctor checks, as data like lint rules: DOC1xx node checks, DOC2xx log classes
 * (from `tailscale/logs.ts`), DOC3xx tailnet checks. Findings without a file use the node address or
 * `tailnet` as `file` and 1:1 as position.
 * @module
 */
import type { Finding, Severity, Topic } from '../core/finding.ts'
import { redactSecrets } from '../core/secrets.ts'
import { interpolate } from '../lint/engine.ts'
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
  /**
   * Message templates by id, as lint rules have them: `{{key}}` is replaced by `data.key`. Say what
   * is wrong, quoting the value. A part that is there or not (a hint, a count) is one placeholder.
   */
  messages: Readonly<Record<string, string>>
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
    messages: {
      notFound: 'talosctl not found on PATH; install it or pass --talosctl ({{detail}})',
    },
  },
  {
    code: 'DOC101',
    name: 'node-unreachable',
    topic: 'meta',
    severity: 'error',
    summary: 'The node did not answer the Talos API.',
    why: 'Nothing else can be checked on a node that does not answer; the other nodes are still checked.',
    fix: 'Check the address, the endpoints of your talosconfig context, and the firewall (50000/tcp; T17 over the tailnet).',
    messages: {
      timeout: '{{node}} did not answer: {{detail}}',
      unreachable: '{{node}} is unreachable: {{detail}}',
    },
  },
  {
    code: 'DOC102',
    name: 'client-certificate-rejected',
    topic: 'certs',
    severity: 'error',
    summary: 'The TLS handshake with the node failed: expired or unknown client certificate.',
    why: 'talosconfig client certificates expire (one year by default); an expired one locks you out of every node.',
    fix: 'Create a fresh talosconfig: `talosctl config new --roles os:admin` from a working one, or regenerate it from the cluster secrets.',
    messages: {
      handshake: 'TLS handshake with {{node}} failed: {{detail}}',
    },
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
    messages: {
      sensitive:
        'cannot read {{what}} on {{node}} ({{detail}}): the talosconfig role needs os:admin for sensitive resources; not checked: {{checks}}',
    },
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
    messages: {
      failed: 'cannot read {{what}} on {{node}} (`{{command}}`): {{detail}}; not checked: {{checks}}',
      unknownResource:
        'cannot read {{what}} on {{node}}: this Talos version does not have it ({{detail}}); not checked: {{checks}}',
      unreadableOutput:
        'could not read the output of `{{command}}` on {{node}} ({{what}}); not checked: {{checks}}',
      damagedObjects:
        '{{damaged}} of the objects `talosctl get {{read}} -o json` printed for {{node}} could not be read; {{checks}} judged the other {{judged}}',
      machineConfigUnparsable: 'the machine config of {{node}} could not be parsed',
      serviceConfigUncheckable: 'the ExtensionServiceConfig of {{node}} could not be checked: {{error}}',
    },
  },
  {
    code: 'DOC110',
    name: 'service-waiting-for-config',
    topic: 'extension-service',
    severity: 'error',
    summary: 'ext-tailscale is Waiting: there is no ExtensionServiceConfig named `tailscale`.',
    why: 'The extension depends on `configuration: true`; without a document named exactly `tailscale` the service waits forever and Tailscale never starts.',
    fix: 'Apply an ExtensionServiceConfig with `name: tailscale` (talscale generate writes one) with `talosctl patch mc`.',
    messages: {
      waiting:
        'ext-tailscale is Waiting ("{{event}}"): no ExtensionServiceConfig named "tailscale" exists on {{node}}',
    },
  },
  {
    code: 'DOC111',
    name: 'service-crash-loop',
    topic: 'extension-service',
    severity: 'error',
    summary: 'ext-tailscale keeps exiting and restarting.',
    why: 'containerboot exits on any configuration or login error and Talos restarts it every 5 s; the log says why.',
    fix: 'Read the DOC2xx findings from the log of the same node and fix what they name.',
    messages: {
      restarts:
        'ext-tailscale restarted {{restarts}} among its recent events (state {{state}}{{lastEvent}}); last exit: {{reason}}',
    },
  },
  {
    code: 'DOC112',
    name: 'service-not-running',
    topic: 'extension-service',
    severity: 'error',
    summary: 'ext-tailscale is neither Running nor Waiting for its configuration.',
    why: 'The service is stopped, failed or still preparing, so the node is not on the tailnet.',
    fix: 'Check `talosctl service ext-tailscale` and `talosctl logs ext-tailscale`; restart it with `talosctl service ext-tailscale restart`.',
    messages: {
      notRunning: 'ext-tailscale is {{state}}, not Running',
      notRunningAfterEvent: 'ext-tailscale is {{state}} ("{{event}}"), not Running',
    },
  },
  {
    code: 'DOC113',
    name: 'service-unhealthy',
    topic: 'extension-service',
    severity: 'warning',
    summary: 'ext-tailscale runs but its health check fails.',
    why: 'A failing health check means the container is up but Tailscale is not in a working state.',
    fix: 'Read the last health message and the log of ext-tailscale.',
    messages: {
      unhealthy: 'ext-tailscale is Running but unhealthy',
      unhealthyWithMessage: 'ext-tailscale is Running but unhealthy: {{health}}',
    },
  },
  {
    code: 'DOC120',
    name: 'extension-not-installed',
    topic: 'image',
    severity: 'error',
    summary: 'The tailscale system extension is not installed on the node.',
    why: 'Extensions come only from the boot image (schematic); machine.install.extensions has no effect since Talos 1.10 (T4).',
    fix: 'Upgrade the node to the factory installer of a schematic that lists siderolabs/tailscale (`talscale generate` prints it).',
    messages: {
      noService:
        'service "ext-tailscale" does not exist on {{node}}: the tailscale extension is not installed',
      notRegistered:
        'service "ext-tailscale" does not exist on {{node}}: the tailscale extension is not installed ({{detail}})',
      notInstalled: 'the tailscale extension is not installed on {{node}} (extensions: {{extensions}})',
    },
  },
  {
    code: 'DOC121',
    name: 'tailscale-version',
    topic: 'image',
    severity: 'info',
    summary: 'The installed tailscale extension and its Tailscale version.',
    why: 'Log messages and flags depend on the Tailscale version; older extensions lack fixes (for example the /etc/ssl/certs mount).',
    fix: 'Nothing to do; upgrade Talos to get a newer extension.',
    messages: {
      installed: 'tailscale extension {{version}} is installed',
      installedWithSchematic: 'tailscale extension {{version}} is installed (schematic {{schematic}})',
    },
  },
  {
    code: 'DOC122',
    name: 'schematic-mismatch',
    topic: 'image',
    severity: 'warning',
    summary: 'The node runs a different schematic than the one expected for it.',
    why: 'A different schematic has a different set of extensions; the node may lack tailscale after a reinstall or carry extensions you removed.',
    fix: 'Upgrade the node to the expected installer image: `talosctl upgrade --image <installer>`.',
    messages: {
      mismatch: '{{node}} runs schematic {{schematic}}, expected {{expected}}',
    },
  },
  {
    code: 'DOC123',
    name: 'install-image-drops-extension',
    topic: 'image',
    severity: 'error',
    summary: 'machine.install.image does not point at the schematic with tailscale (upgrade safety).',
    why: 'The next `talosctl upgrade` or reinstall uses machine.install.image; an image without the schematic silently drops the extension (T3).',
    fix: 'Set machine.install.image to factory.talos.dev/<platform>-installer/<schematic-id>:<version>.',
    messages: {
      notSet:
        'machine.install.image is not set on {{node}}: an upgrade installs the default image, which has no tailscale extension',
      notExpected:
        'machine.install.image is "{{image}}", not the installer of the expected schematic {{expected}}; the next upgrade would install {{next}}',
      noSchematic:
        'machine.install.image is "{{image}}", an image without a schematic: the next upgrade drops every extension, tailscale included (running schematic {{running}})',
      otherSchematic:
        'machine.install.image is "{{image}}", but the node runs schematic {{running}}; the next upgrade switches to schematic {{next}}, which may lack the extension',
    },
  },
  {
    code: 'DOC130',
    name: 'no-tailnet-address',
    topic: 'state',
    severity: 'error',
    summary: 'tailscale0 has no tailnet address.',
    why: 'Without a 100.64.0.0/10 address on tailscale0 the node is not logged in to the tailnet.',
    fix: 'Read the ext-tailscale log findings; typical causes are a missing or used-up auth key and device approval.',
    messages: {
      noAddress:
        'no address on tailscale0 (ext-tailscale is {{state}}): the node is not logged in to the tailnet',
      noTailnetAddress: 'tailscale0 has {{addresses}} but no 100.64.0.0/10 address',
    },
  },
  {
    code: 'DOC131',
    name: 'kubelet-node-ip-tailnet',
    topic: 'node-ip',
    severity: 'error',
    summary: 'Kubelet chose a tailnet address as the node IP.',
    why: '100.64.0.0/10 sorts before 172.16/12 and 192.168/16, so without a pin kubelet picks the tailnet address (T12); pods and other nodes then route through Tailscale.',
    fix: 'Pin machine.kubelet.nodeIP.validSubnets to the LAN subnet (KubeNodeConfig on Talos 1.14).',
    messages: {
      tailnetNodeIp:
        'kubelet node IP is {{captured}}, a tailnet address (node IPs: {{nodeIPs}}); pods and the API server reach this node through Tailscale',
    },
  },
  {
    code: 'DOC132',
    name: 'etcd-address-tailnet',
    topic: 'node-ip',
    severity: 'error',
    summary: 'etcd advertises or listens for peers on a tailnet address.',
    why: 'etcd picks the first routed address like kubelet (T12); peers on the LAN then talk over Tailscale, or fail when it is down.',
    fix: 'Pin cluster.etcd.advertisedSubnets to the LAN subnet.',
    messages: {
      tailnetAddress: 'etcd {{uses}}, a tailnet address',
    },
  },
  {
    code: 'DOC133',
    name: 'etcd-member-peer-tailnet',
    topic: 'node-ip',
    severity: 'error',
    summary: 'An etcd member is registered with a tailnet peer URL.',
    why: 'The peer URL is stored in the etcd cluster when a member joins; it stays after advertisedSubnets is fixed, so the other members keep dialling the tailnet address (T12).',
    fix: 'Pin cluster.etcd.advertisedSubnets, then let the member rejoin: `talosctl etcd leave` and a reset of its EPHEMERAL partition; that also wipes /var/lib/tailscale, so run `talscale tailnet prune` afterwards.',
    messages: {
      tailnetPeerUrl:
        'etcd member "{{member}}" ({{id}}) is registered with peer URL {{urls}}, a tailnet address',
    },
  },
  {
    code: 'DOC140',
    name: 'service-config-unreadable',
    topic: 'extension-service',
    severity: 'info',
    summary: 'The ExtensionServiceConfig could not be read, so its contents were not checked.',
    why: 'ExtensionServiceConfigs hold auth keys and are Sensitive since Talos v1.12.9, v1.13.4 and v1.14: only the os:admin role may read them.',
    fix: 'Run doctor with an os:admin talosconfig, or run `talscale check` on the config files you apply.',
    messages: {
      sensitive:
        'cannot read the ExtensionServiceConfig on {{node}} ({{detail}}): it is Sensitive since Talos v1.12.9, v1.13.4 and v1.14 and needs a talosconfig with the os:admin role; its contents were not checked',
    },
  },
  {
    code: 'DOC141',
    name: 'service-config-lint',
    topic: 'extension-service',
    severity: 'info',
    summary: "The node's effective ExtensionServiceConfig was checked with check's rules.",
    why: 'The findings that follow (TALnnn) are about the configuration the node really runs, patches included.',
    fix: 'Fix the TAL findings in the source of the configuration and apply it again.',
    messages: {
      findings: `the ExtensionServiceConfig running on {{node}} has {{count}} finding(s) from check's rules, listed under "{{label}}"`,
    },
  },
  {
    code: 'DOC150',
    name: 'log-unreadable',
    topic: 'meta',
    severity: 'info',
    summary: 'The ext-tailscale log could not be read.',
    why: 'The log is where containerboot says why it exits.',
    fix: 'Run `talosctl logs ext-tailscale` yourself, or save it and run `talscale explain-log FILE`.',
    messages: {
      unreadable: 'cannot read the ext-tailscale log on {{node}}: {{detail}}; not checked: log',
    },
  },
  {
    code: 'DOC151',
    name: 'node-not-checked',
    topic: 'meta',
    severity: 'error',
    summary: 'Nothing could be checked on the node.',
    why: 'Every talosctl call for the node failed, or none of its answers could be read; a health check that judged nothing must not pass.',
    fix: 'Read the other findings of the node for each cause, and run the quoted talosctl commands yourself.',
    messages: {
      nothingChecked:
        'nothing could be checked on {{node}}: every talosctl call failed ({{causes}}); run `talosctl --nodes {{node}} service ext-tailscale` to see the whole error',
      diagnosisFailed: 'diagnosing {{node}} failed: {{error}}',
    },
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
    messages: {
      apiFailed: '{{error}}. {{hint}}',
    },
  },
  {
    code: 'DOC301',
    name: 'duplicate-device',
    topic: 'tailnet',
    severity: 'warning',
    summary: 'One node appears as several devices (the -1, -2 suffixes).',
    why: 'A node that lost its state in /var/lib/tailscale (reset, reinstall, wiped EPHEMERAL) logs in as a new device; the old one lingers and takes the plain name.',
    fix: 'Remove the offline duplicates: `talscale tailnet prune` (shows the plan; --yes to act).',
    messages: {
      duplicates: 'node "{{node}}" has {{count}} devices: {{devices}}; {{offline}} offline',
    },
  },
  {
    code: 'DOC302',
    name: 'route-not-approved',
    topic: 'routing',
    severity: 'warning',
    summary: 'A device advertises routes that are not approved.',
    why: 'Advertised routes carry no traffic until they are approved in the admin console or by autoApprovers.',
    fix: 'Approve the routes the intent advertises: `talscale tailnet approve-routes`, or add autoApprovers to the policy.',
    messages: {
      routeNotApproved: '{{device}} advertises {{routes}} but it is not approved',
      routesNotApproved: '{{device}} advertises {{routes}} but they are not approved',
    },
  },
  {
    code: 'DOC303',
    name: 'key-expiring',
    topic: 'auth',
    severity: 'warning',
    summary: "A device's node key expires soon.",
    why: 'When the node key expires the node drops off the tailnet and containerboot exits (tailscaled left running state).',
    fix: 'Disable key expiry for server nodes (tagged devices have it disabled by default), or re-authenticate.',
    messages: {
      expiring: 'the node key of {{device}} expires on {{expires}} (in {{days}}, threshold {{threshold}})',
    },
  },
  {
    code: 'DOC304',
    name: 'key-expired',
    topic: 'auth',
    severity: 'error',
    summary: "A device's node key has expired.",
    why: 'The device cannot connect until it logs in again.',
    fix: 'Re-authenticate the node with a fresh auth key and disable key expiry for it.',
    messages: {
      expired: 'the node key of {{device}} expired on {{expires}}',
    },
  },
  {
    code: 'DOC305',
    name: 'ephemeral-persistent-node',
    topic: 'state',
    severity: 'error',
    summary: 'A node meant to persist is registered as an ephemeral device.',
    why: 'Ephemeral devices are deleted soon after going offline; an OAuth secret without ?ephemeral=false is ephemeral by default (T15).',
    fix: 'Enrol with a non-ephemeral key (`talscale tailnet mint-key` without --ephemeral, or add ?ephemeral=false to the OAuth secret).',
    messages: {
      ephemeral: '{{device}} is ephemeral, but node "{{node}}" is meant to persist',
    },
  },
  {
    code: 'DOC306',
    name: 'tags-mismatch',
    topic: 'tailnet',
    severity: 'warning',
    summary: "A device's tags differ from the intent.",
    why: 'Tags decide what the policy lets the node reach and who may reach it.',
    fix: 'Re-enrol with --advertise-tags matching the intent, or correct the intent.',
    messages: {
      tags: '{{device}} has tags [{{have}}], the intent says [{{want}}]',
    },
  },
  {
    code: 'DOC307',
    name: 'stale-offline-device',
    topic: 'tailnet',
    severity: 'info',
    summary: 'A device has been offline for a long time.',
    why: 'Stale devices clutter the tailnet and keep their names, pushing new logins to -1 suffixes.',
    fix: 'Remove the device in the admin console if it is gone for good.',
    messages: {
      stale: '{{device}} has been offline since {{lastSeen}} (more than {{days}} days)',
    },
  },
  {
    code: 'DOC308',
    name: 'node-not-in-tailnet',
    topic: 'tailnet',
    severity: 'warning',
    summary: 'A node of the intent has no device in the tailnet.',
    why: 'The node never logged in, or logged in under another hostname.',
    fix: 'Run `talscale doctor` against the node to see why ext-tailscale does not log in.',
    messages: {
      missing: 'node "{{node}}" has no device in the tailnet',
    },
  },
  {
    code: 'DOC309',
    name: 'device-not-authorized',
    topic: 'auth',
    severity: 'warning',
    summary: 'A device waits for approval.',
    why: 'With device approval on, a key that is not pre-approved leaves the device unauthorised and containerboot times out.',
    fix: 'Approve the device in the admin console, or use a pre-approved key.',
    messages: {
      unauthorized: '{{device}} is not authorised (waits for approval)',
    },
  },
] as const satisfies readonly DoctorCheck[]

/**
 * The messages of every log class (DOC2xx): the matched line, how often it recurred, and the
 * class's own explanation and fix. `log` is a finding on a live node, `savedLog` one in a saved
 * log (`explain-log`), which points at the line instead of naming the log.
 */
const LOG_MESSAGES = {
  log: 'ext-tailscale log: "{{line}}"{{times}}: {{explanation}}. Fix: {{fix}}',
  savedLog: '"{{line}}"{{times}}: {{explanation}}. Fix: {{fix}}',
} as const

const LOG_CHECKS: DoctorCheck[] = LOG_CLASSES.map(logClass => ({
  code: logClass.code,
  name: logClass.name,
  topic: logClass.topic,
  severity: logClass.severity,
  summary: logClass.summary,
  why: 'Classified from the ext-tailscale log; the finding message carries the explanation of the matched line.',
  fix: logClass.fixTitle,
  messages: LOG_MESSAGES,
}))

/**
 * The code of a doctor check, checked when the code is compiled: a typo in `doctorFinding(file, 'DOC1x0', …)`
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

/** The message templates of the check with code `C`. */
type MessagesOf<C extends DoctorCode> = C extends LogCode
  ? typeof LOG_MESSAGES
  : Extract<(typeof NODE_CHECKS)[number] | (typeof TAILNET_CHECKS)[number], { code: C }>['messages']

/** The message ids of the check with code `C`: an id the check does not define does not build. */
export type DoctorMessageId<C extends DoctorCode> = keyof MessagesOf<C> & string

/** The `{{key}}` placeholders of a template, as a union of keys. */
type Placeholders<T extends string> = T extends `${string}{{${infer Key}}}${infer Rest}`
  ? Key | Placeholders<Rest>
  : never

/** What one message of one check needs: its placeholders' values (none for a fixed text). */
type MessageData<C extends DoctorCode, M extends DoctorMessageId<C>> = Record<
  Placeholders<MessagesOf<C>[M] & string>,
  string | number
>

/** Overrides for one finding; the check's own values otherwise. */
export interface DoctorFindingOptions {
  severity?: Severity
}

/**
 * A finding of a doctor check at `file` (the node address, `tailnet`, or a saved log): the check's
 * message `messageId` filled with `data`. The code, the message id and the data's keys are checked
 * when the code is compiled. The position is 1:1. The message is redacted: nothing that came from a
 * node or the API may leak a secret.
 */
export function doctorFinding<C extends DoctorCode, M extends DoctorMessageId<C>>(
  file: string,
  code: C,
  messageId: M,
  ...[data, options]: [keyof MessageData<C, M>] extends [never]
    ? [data?: Record<string, never>, options?: DoctorFindingOptions]
    : [data: MessageData<C, M>, options?: DoctorFindingOptions]
): Finding {
  const check = doctorCheck(code)
  const template = check.messages[messageId]
  if (template === undefined) throw new Error(`doctor check ${code} has no message ${messageId}`)
  return {
    code,
    name: check.name,
    topic: check.topic,
    severity: options?.severity ?? check.severity,
    message: redactSecrets(interpolate(template, data ?? {})),
    file,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
  }
}
