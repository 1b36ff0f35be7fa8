import rule from '../../../src/lint/rules/tal108-deprecated-install-image-location.ts'
import { testRule } from '../../support/rule-tester.ts'
import { installImage, node, TAILSCALE_ID } from './talos-cases.ts'

const image = (tag: string) => installImage(`factory.talos.dev/metal-installer/${TAILSCALE_ID}:${tag}`)

testRule(rule, {
  valid: [
    node('worker', image('v1.13.9')),
    {
      name: 'the typed document',
      talosVersion: 'v1.14.0',
      yaml: `apiVersion: v1alpha1\nkind: UnattendedInstallConfig\ninstaller:\n  image: x:v1.14.0\n`,
    },
    {
      name: 'a talscale patch for an older config contract (generate --config-contract v1.13)',
      talosVersion: 'v1.14.0',
      yaml: '# talscale config-contract: v1.13 (document forms of talosctl gen config --talos-version v1.13)\nmachine:\n  install:\n    image: ghcr.io/siderolabs/installer\n',
    },
    {
      name: 'version unknown (default)',
      yaml: 'machine:\n  install:\n    image: ghcr.io/siderolabs/installer\n',
    },
  ],
  invalid: [
    {
      yaml: node('worker', image('v1.14.0')),
      errors: [
        {
          messageId: 'deprecated',
          line: 6,
          column: 5,
          message: `machine.install.image ("factory.talos.dev/metal-installer/${TAILSCALE_ID}:v1.14.0") is deprecated in Talos v1.14: the install image moved to the UnattendedInstallConfig document (installer.image)`,
        },
      ],
    },
    {
      name: 'version from the flag',
      talosVersion: 'v1.14.1',
      yaml: 'machine:\n  install:\n    image: ghcr.io/siderolabs/installer\n',
      errors: [{ messageId: 'deprecated', line: 3, column: 5 }],
    },
  ],
})
