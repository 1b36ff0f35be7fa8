import { isOpaqueValue } from '../../tailscale/keys.ts'
import { checkAddrPort } from '../../tailscale/parse.ts'
import { parseGoBool } from '../../tailscale/variables.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atValue, safeText, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL211',
  name: 'invalid-addr-port',
  topic: 'extension-service',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    invalid:
      '{{key}}={{value}} is not an IP:port ({{problem}}): containerboot exits with "error parsing {{key}} value" and the service crash-loops',
  },
  fixTitle: 'Write an IP literal and a port, like 0.0.0.0:9002 or [::]:9002',
  fix: 'none',
  docs: {
    summary:
      'Finds containerboot address variables that Go netip.ParseAddrPort rejects, such as localhost:9002.',
    why: 'containerboot parses TS_DEBUG_ADDR_PORT, TS_HEALTHCHECK_ADDR_PORT and (with metrics or health checks on) TS_LOCAL_ADDR_PORT as IP:port with no host names, and exits on a parse error; Talos does not check them (T7).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_ENABLE_METRICS=true
  - TS_LOCAL_ADDR_PORT=localhost:9002
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_ENABLE_METRICS=true
  - TS_LOCAL_ADDR_PORT=127.0.0.1:9002
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      const env = service.effective
      const localUsed =
        parseGoBool(env.get('TS_ENABLE_METRICS') ?? '') === true ||
        parseGoBool(env.get('TS_ENABLE_HEALTH_CHECK') ?? '') === true
      const keys = [
        'TS_DEBUG_ADDR_PORT',
        'TS_HEALTHCHECK_ADDR_PORT',
        ...(localUsed ? ['TS_LOCAL_ADDR_PORT'] : []),
      ]
      for (const key of keys) {
        const entry = service.effectiveEntry.get(key)
        const value = entry?.value ?? ''
        if (!entry || value === '' || /^(["']).*\1$/.test(value) || isOpaqueValue(value)) continue
        const problem = checkAddrPort(value)
        if (problem)
          context.report({
            at: atValue(entry),
            messageId: 'invalid',
            data: { key, value: safeText(value, 40), problem },
          })
      }
    }
  },
})
