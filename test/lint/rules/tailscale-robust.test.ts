// biome-ignore-all lint/suspicious/noTemplateCurlyInString: talhelper ${VAR} placeholders are test data
/** The Tailscale rules never throw, whatever shape an ExtensionServiceConfig has. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { runRules } from '../../../src/lint/engine.ts'
import { RULES } from '../../../src/lint/rules/index.ts'
import { targetFromText } from '../../../src/lint/targets.ts'
import { FUZZ_RUNS as RUNS } from '../../support/fuzz.ts'

const OURS = RULES.filter(rule => /^TAL(2[0-3]\d|[34]\d\d|5\d\d|7\d\d)$/.test(rule.code))

const word = fc.constantFrom(
  'TS_EXTRA_ARGS=',
  'TS_TAILSCALED_EXTRA_ARGS=',
  'TS_AUTHKEY=',
  'TS_ROUTES=',
  'TS_DEBUG_MTU=',
  'TS_HOSTNAME=',
  'TS_ACCEPT_DNS=',
  '--',
  '-',
  '=',
  ' ',
  '"',
  "'",
  ',',
  '?',
  '&',
  ':',
  '--port',
  '--accept-dns',
  '--exit-node',
  '--advertise-tags',
  'tag:',
  'tskey-client-',
  'tskey-auth-',
  '0.0.0.0/0',
  '::/0',
  '10.1.2.3/8',
  'true',
  'false',
  'mem:',
  '${X}',
  'é',
  '\t',
)
const entry = fc.array(word, { maxLength: 12 }).map(parts => parts.join(''))
const environment = fc.oneof(
  fc.array(fc.oneof(entry, fc.integer(), fc.constant(null), fc.dictionary(entry, entry, { maxKeys: 2 })), {
    maxLength: 6,
  }),
  entry,
  fc.constant(null),
  fc.dictionary(entry, entry, { maxKeys: 3 }),
)

describe('Tailscale rules on arbitrary service configs', () => {
  it('report findings with positions and never throw', () => {
    fc.assert(
      fc.property(environment, fc.boolean(), (env, flow) => {
        const doc = {
          apiVersion: 'v1alpha1',
          kind: 'ExtensionServiceConfig',
          name: 'tailscale',
          environment: env,
        }
        const text = stringify(doc, flow ? { collectionStyle: 'flow' } : {})
        const findings = runRules(OURS, [targetFromText('fuzz.yaml', text)])
        for (const finding of findings) {
          expect(finding.line).toBeGreaterThan(0)
          expect(finding.message).not.toMatch(/\{\{\w+\}\}/)
        }
      }),
      { numRuns: RUNS },
    )
  })
})
