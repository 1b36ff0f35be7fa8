import { defineRule, YAML_INPUT_KINDS } from '../rule.ts'

export default defineRule({
  code: 'TAL011',
  name: 'unreadable-input',
  topic: 'meta',
  severity: 'error',
  scope: 'target',
  kinds: YAML_INPUT_KINDS,
  messages: {
    invalid: '{{message}}',
  },
  fixTitle: 'Fix the file so that the tool that reads it (Talos, talhelper, the Image Factory) accepts it',
  fix: 'none',
  docs: {
    summary:
      'Finds Talos inputs that cannot be read as what they are: invalid YAML in a config, patch or inline talhelper patch, a schematic the Image Factory refuses, a malformed JSON6902 operation.',
    why: 'The tool that consumes the file (talosctl, talhelper, the Image Factory) refuses it as a whole, so nothing in it takes effect; the rest of the repository is still checked and reported.',
    exampleKind: 'talhelper-node',
    invalid: `clusterName: home
endpoint: https://10.0.0.10:6443
nodes:
  - hostname: cp-1
    ipAddress: 10.0.0.11
    controlPlane: true
    patches:
      - |-
        machine:
          network:
            hostname: cp-1
           interfaces: []
`,
    valid: `clusterName: home
endpoint: https://10.0.0.10:6443
nodes:
  - hostname: cp-1
    ipAddress: 10.0.0.11
    controlPlane: true
    patches:
      - |-
        machine:
          network:
            hostname: cp-1
`,
  },
  check(context) {
    for (const problem of context.target.problems ?? []) {
      if (problem.kind !== 'invalid') continue
      context.report({ at: problem.at, messageId: 'invalid', data: { message: problem.message } })
    }
  },
})
