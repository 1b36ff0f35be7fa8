import { defineRule, YAML_INPUT_KINDS } from '../rule.ts'

export default defineRule({
  code: 'TAL010',
  name: 'missing-referenced-file',
  topic: 'meta',
  severity: 'error',
  scope: 'target',
  kinds: YAML_INPUT_KINDS,
  messages: {
    missing: '{{message}}',
  },
  fixTitle: 'Fix the path, or add the file it names',
  fix: 'none',
  docs: {
    summary:
      'Finds references to files that cannot be read (a talhelper `@./patches/x.yaml` that is missing).',
    why: 'talhelper stops at the first patch or machine file it cannot read, so `talhelper genconfig` fails and no node gets a config; everything else in the repository is still checked.',
    exampleKind: 'talhelper-node',
    invalid: `clusterName: home
endpoint: https://10.0.0.10:6443
nodes:
  - hostname: cp-1
    ipAddress: 10.0.0.11
    controlPlane: true
    patches:
      - "@./patches/no-such-patch.yaml"
`,
    valid: `clusterName: home
endpoint: https://10.0.0.10:6443
nodes:
  - hostname: cp-1
    ipAddress: 10.0.0.11
    controlPlane: true
`,
  },
  check(context) {
    for (const problem of context.target.problems ?? []) {
      if (problem.kind !== 'missing-file') continue
      context.report({ at: problem.at, messageId: 'missing', data: { message: problem.message } })
    }
  },
})
