import { parseIp } from '../../core/net.ts'
import { isOpaqueValue } from '../../tailscale/keys.ts'
import { goQuote } from '../../tailscale/parse.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atValue, safeText, servicesOf } from './util/esc.ts'

// containerboot's forwarding set-up parses each of these with Go's netip.ParseAddr before it runs
// tailscale up (cmd/containerboot/forwarding.go, unchanged from Tailscale 1.82 to 1.102).
const VARIABLES: ReadonlyArray<readonly [string, string]> = [
  ['TS_DEST_IP', 'invalid cluster destination IP'],
  ['TS_TAILNET_TARGET_IP', 'invalid tailnet destination IP'],
]

/** Go's netip.ParseAddr: an IPv4 or IPv6 literal; IPv6 may carry a %zone. */
function goParsesAddr(text: string): boolean {
  const zone = text.indexOf('%')
  if (zone === -1) return parseIp(text) !== undefined
  const address = parseIp(text.slice(0, zone))
  return address?.family === 6 && zone < text.length - 1
}

export default defineRule({
  code: 'TAL420',
  name: 'invalid-destination-ip',
  topic: 'flags',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    invalid:
      '{{key}}={{value}} is not an IP address: containerboot exits before tailscale up with "Failed to enable IP forwarding: {{text}}: …" and the service crash-loops',
  },
  fixTitle: 'Write a single IP address (no prefix length, no port, no host name)',
  fix: 'none',
  docs: {
    summary: 'Finds TS_DEST_IP or TS_TAILNET_TARGET_IP values that are not IP addresses.',
    why: 'In kernel mode (the Talos extension) containerboot parses these addresses to decide which forwarding sysctls to enable before it runs tailscale up; a CIDR, a port or a host name makes it exit, so the service restarts forever.',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_DEST_IP=10.96.0.10/32
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_DEST_IP=10.96.0.10
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      for (const [key, prefix] of VARIABLES) {
        const entry = service.effectiveEntry.get(key)
        const value = entry?.value ?? ''
        if (!entry || value === '' || isOpaqueValue(value) || goParsesAddr(value)) continue
        context.report({
          at: atValue(entry),
          messageId: 'invalid',
          data: {
            key,
            value: safeText(value, 60),
            text: safeText(`${prefix}: ParseAddr(${goQuote(value)})`, 120),
          },
        })
      }
    }
  },
})
