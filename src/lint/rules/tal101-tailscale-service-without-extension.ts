import { describeExtensions, shortId } from '../facts/schematics.ts'
import { type ServiceReach, serviceReach, unservedServices } from '../facts/service-reach.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'

export default defineRule<'missing', ServiceReach>({
  code: 'TAL101',
  name: 'tailscale-service-without-extension',
  topic: 'image',
  severity: 'error',
  scope: 'project',
  kinds: CONFIG_KINDS,
  messages: {
    missing:
      'ExtensionServiceConfig "tailscale" configures a service this node does not have: its schematic{{id}} has {{extensions}}, but not siderolabs/tailscale',
  },
  fixTitle: 'Add siderolabs/tailscale to the schematic and install the node from its factory installer',
  fix: 'none',
  docs: {
    summary:
      'The tailscale ExtensionServiceConfig is set, but the node’s schematic does not include the extension.',
    why: 'Talos accepts an ExtensionServiceConfig for any name and never checks that the extension exists (T7); without siderolabs/tailscale in the schematic behind the install image (T1, T3) the config is inert and the node never joins the tailnet. When a whole role of a cluster lacks the extension while another role has it (the hybrid layout: extension on the control planes, the Tailscale Kubernetes operator for apps), the config most likely reaches those nodes through a shared patch, and TAL109 reports them as a warning instead.',
    invalid: `version: v1alpha1
machine:
  type: worker
  token: abc.def
  install:
    image: factory.talos.dev/metal-installer/ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515:v1.13.9
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
    valid: `version: v1alpha1
machine:
  type: worker
  token: abc.def
  install:
    image: factory.talos.dev/metal-installer/7d4c31cbd96db9f90c874990697c523482b2bae27fb4631d5583dcd9c281b1ff:v1.13.9
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
    exampleKind: 'machine-config',
  },
  collect: ({ target, targets }) => serviceReach(target, targets),
  check({ targets, report, facts }) {
    // The default and empty installers are TAL102's finding (they drop the extension on upgrade);
    // a role of the cluster that lacks the extension on every node while another has it is TAL109's.
    const { lone } = unservedServices(targets, target => facts?.get(target) ?? serviceReach(target, targets))
    for (const { reach, at } of lone) {
      report({
        at,
        messageId: 'missing',
        data: {
          id: reach.id ? ` ${shortId(reach.id)}` : '',
          extensions: describeExtensions(reach.extensions!),
        },
      })
    }
  },
})
