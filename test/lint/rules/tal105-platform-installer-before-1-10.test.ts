import rule from '../../../src/lint/rules/tal105-platform-installer-before-1-10.ts'
import { testRule } from '../../support/rule-tester.ts'
import { TAILSCALE_ID } from './talos-cases.ts'

testRule(rule, {
  valid: [
    `machine:\n  install:\n    image: factory.talos.dev/metal-installer/${TAILSCALE_ID}:v1.10.0\n`,
    `machine:\n  install:\n    image: factory.talos.dev/installer/${TAILSCALE_ID}:v1.9.5\n`,
    `machine:\n  install:\n    image: factory.talos.dev/metal-installer/${TAILSCALE_ID}\n`,
  ],
  invalid: [
    {
      yaml: `machine:\n  install:\n    image: factory.talos.dev/metal-installer/${TAILSCALE_ID}:v1.9.5\n`,
      errors: [
        {
          messageId: 'early',
          line: 3,
          column: 12,
          message: `install image "factory.talos.dev/metal-installer/${TAILSCALE_ID}:v1.9.5" uses the platform installer name, which Talos v1.9.5 predates (v1.10 and later only); use "factory.talos.dev/installer/${TAILSCALE_ID}:v1.9.5"`,
        },
      ],
      output: `machine:\n  install:\n    image: factory.talos.dev/installer/${TAILSCALE_ID}:v1.9.5\n`,
    },
    {
      name: 'aws secure boot',
      yaml: `machine:\n  install:\n    image: 'factory.talos.dev/aws-installer-secureboot/${TAILSCALE_ID}:v1.8.3' # old\n`,
      errors: [{ messageId: 'early', line: 3, column: 12 }],
      output: `machine:\n  install:\n    image: 'factory.talos.dev/installer-secureboot/${TAILSCALE_ID}:v1.8.3' # old\n`,
    },
  ],
})
