import rule from '../../../src/lint/rules/tal104-legacy-installer-name.ts'
import { testRule } from '../../support/rule-tester.ts'
import { talosBuilder } from '../../support/talos-builder.ts'
import { TAILSCALE_ID } from './talos-cases.ts'

testRule(
  rule,
  {
    valid: [
      `machine:\n  install:\n    image: factory.talos.dev/metal-installer/${TAILSCALE_ID}:v1.13.9\n`,
      `machine:\n  install:\n    image: factory.talos.dev/installer/${TAILSCALE_ID}:v1.9.5\n`,
      'machine:\n  install:\n    image: ghcr.io/siderolabs/installer:v1.13.9\n',
      {
        name: 'talhelper writes the legacy form itself',
        yaml: 'clusterName: c\nendpoint: https://10.0.0.1:6443\ntalosVersion: v1.13.9\nnodes:\n  - hostname: a\n    ipAddress: 10.0.0.2\n    controlPlane: false\n    schematic:\n      customization:\n        systemExtensions:\n          officialExtensions: [siderolabs/tailscale]\n',
      },
    ],
    invalid: [
      {
        yaml: `machine:\n  install:\n    image: factory.talos.dev/installer/${TAILSCALE_ID}:v1.13.9\n`,
        errors: [{ messageId: 'legacy', line: 3, column: 12 }],
        output: `machine:\n  install:\n    image: factory.talos.dev/metal-installer/${TAILSCALE_ID}:v1.13.9\n`,
      },
      {
        name: 'secure boot, quoted, v1.14 UnattendedInstallConfig',
        yaml: `apiVersion: v1alpha1\nkind: UnattendedInstallConfig\ninstaller:\n  image: "factory.talos.dev/installer-secureboot/${TAILSCALE_ID}:v1.14.0"\n`,
        errors: [
          {
            messageId: 'legacy',
            line: 4,
            column: 10,
            message: `install image "factory.talos.dev/installer-secureboot/${TAILSCALE_ID}:v1.14.0" uses the legacy "installer/<id>" name; for Talos v1.10 and later the Image Factory names installers by platform, e.g. "factory.talos.dev/metal-installer-secureboot/${TAILSCALE_ID}:v1.14.0"`,
          },
        ],
        output: `apiVersion: v1alpha1\nkind: UnattendedInstallConfig\ninstaller:\n  image: "factory.talos.dev/metal-installer-secureboot/${TAILSCALE_ID}:v1.14.0"\n`,
      },
    ],
  },
  talosBuilder,
)
