// biome-ignore-all lint/suspicious/noTemplateCurlyInString: talhelper ${VAR} placeholders are test data
import rule from '../../../src/lint/rules/tal030-unknown-talos-field.ts'
import { testRule } from '../../support/rule-tester.ts'

const kubespan = (extra = '') =>
  `machine:\n  network:\n    kubespan:\n      enabled: true\n      filters:\n        endpoints: ["0.0.0.0/0"]\n${extra}`

testRule(rule, {
  valid: [
    {
      name: 'a whole config with free-form maps and deprecated fields Talos still decodes',
      yaml: `version: v1alpha1
persist: true
machine:
  type: worker
  token: abc
  install:
    disk: /dev/sda
    image: factory.talos.dev/installer/abc:v1.12.0
    extensions:
      - image: ghcr.io/siderolabs/tailscale:1.80.0
  kubelet:
    extraArgs:
      rotate-server-certificates: true
    nodeIP:
      validSubnets: [10.0.0.0/24]
  sysctls:
    net.ipv4.ip_forward: "1"
  network:
    interfaces:
      - interface: eth0
        cidr: 10.0.0.2/24
        dhcp: false
cluster:
  allowSchedulingOnMasters: true
  inlineManifests:
    - name: x
      contents: |
        apiVersion: v1
        kind: Namespace
`,
      talosVersion: 'v1.12.0',
    },
    `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
configFiles:
  - content: x
    mountPath: /etc/x
`,
    {
      // A real patch wrote `- TS_STATE_DIR=mem:`: YAML makes that item a map, which TAL201 reports;
      // its key is a wrong value inside a list of strings, not a second, unknown-field error.
      name: 'an environment item that YAML reads as a map is TAL201, not an unknown field',
      yaml: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
  - TS_STATE_DIR=mem:
  - TS_HOSTNAME: edge-1
`,
    },
    {
      name: 'the field from its first release',
      yaml: kubespan('        excludeAdvertisedNetworks: true\n'),
      talosVersion: 'v1.12.4',
    },
    {
      name: 'hidden from the v1.13 schema, still decoded',
      yaml: kubespan('        excludeAdvertisedNetworks: true\n'),
      talosVersion: 'v1.13.2',
    },
    {
      name: 'strategic merge directives',
      yaml: 'machine:\n  network:\n    interfaces:\n      - interface: eth0\n        $patch: delete\n',
    },
    {
      name: 'a document of another API',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  anything: here\n',
    },
    {
      name: 'typed document on its release',
      yaml: 'apiVersion: v1alpha1\nkind: KubeSpanConfig\nenabled: true\n',
      talosVersion: 'v1.13.0',
    },
    {
      name: 'another tool’s v1alpha1 object',
      yaml: 'apiVersion: v1alpha1\nkind: TalosCluster\nmetadata:\n  name: e2e\nspec:\n  controlplanes:\n    count: 1\n',
    },
    {
      name: 'an unknown kind that is no near miss',
      yaml: 'apiVersion: v1alpha1\nkind: Frobnicator\nfoo: bar\n',
    },
    {
      name: 'whole-document delete',
      yaml: 'apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\n$patch: delete\n',
    },
  ],
  invalid: [
    {
      name: 'machine.extensions, the common real mistake',
      yaml: 'machine:\n  extensions:\n    - image: ghcr.io/siderolabs/tailscale:1.80.0\n',
      errors: [
        {
          messageId: 'field',
          line: 2,
          column: 3,
          message:
            '"machine.extensions" is not a field of the main (v1alpha1) document: Talos decodes configs strictly, so apply-config rejects the whole config ("unknown keys found during decoding"); system extensions are not a machine config field: list them in the Image Factory schematic (customization.systemExtensions.officialExtensions) and install that schematic\'s installer image',
        },
      ],
    },
    {
      name: 'a near spelling',
      yaml: 'machine:\n  kubelet:\n    nodeIp:\n      validSubnets: [10.0.0.0/24]\n',
      errors: [
        {
          messageId: 'field',
          line: 3,
          column: 5,
          message:
            '"machine.kubelet.nodeIp" is not a field of the main (v1alpha1) document: Talos decodes configs strictly, so apply-config rejects the whole config ("unknown keys found during decoding"); did you mean "machine.kubelet.nodeIP"?',
        },
      ],
    },
    {
      name: 'excludeAdvertisedNetworks before v1.12.4',
      yaml: kubespan('        excludeAdvertisedNetworks: true\n'),
      talosVersion: 'v1.12.3',
      errors: [
        {
          messageId: 'field',
          line: 7,
          message:
            '"machine.network.kubespan.filters.excludeAdvertisedNetworks" is not a field of the main (v1alpha1) document in Talos v1.12.3: Talos decodes configs strictly, so apply-config rejects the whole config ("unknown keys found during decoding"); it exists only from Talos v1.12.4, so upgrade first or leave it out',
        },
      ],
    },
    {
      name: 'inside list items',
      yaml: 'machine:\n  network:\n    interfaces:\n      - interface: eth0\n        dhcpp: true\n',
      talosVersion: 'v1.11.0',
      errors: [{ messageId: 'field', line: 5, column: 9 }],
    },
    {
      name: 'a typo in the ExtensionServiceConfig',
      yaml: 'apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenviroment:\n  - TS_HOSTNAME=a\n',
      errors: [
        {
          messageId: 'field',
          line: 4,
          column: 1,
          message:
            '"enviroment" is not a field of the ExtensionServiceConfig document: Talos decodes configs strictly, so apply-config rejects the whole config ("unknown keys found during decoding"); did you mean "environment"?',
        },
      ],
    },
    {
      name: 'a kind newer than the release',
      yaml: 'apiVersion: v1alpha1\nkind: KubeSpanConfig\nenabled: true\n',
      talosVersion: 'v1.12.9',
      errors: [
        {
          messageId: 'kind',
          line: 2,
          column: 7,
          message:
            '"KubeSpanConfig" is not a Talos document kind in Talos v1.12.9: apply-config rejects the config; that kind exists only from Talos v1.13.0',
        },
      ],
    },
    {
      name: 'a misspelt kind',
      yaml: 'apiVersion: v1alpha1\nkind: ExtensionServicesConfig\nname: tailscale\n',
      errors: [
        {
          messageId: 'kind',
          message:
            '"ExtensionServicesConfig" is not a Talos document kind: apply-config rejects the config; did you mean "ExtensionServiceConfig"?',
        },
      ],
    },
    {
      name: 'the schema spelling of a kind Talos registers under another name',
      yaml: 'apiVersion: v1alpha1\nkind: UnattendedInstall\ninstaller:\n  image: ghcr.io/siderolabs/installer:v1.14.0\n',
      talosVersion: 'v1.14.0',
      errors: [
        {
          messageId: 'kind',
          message:
            '"UnattendedInstall" is not a Talos document kind: apply-config rejects the config; did you mean "UnattendedInstallConfig"?',
        },
      ],
    },
  ],
})
