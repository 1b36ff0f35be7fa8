import type { SourceFile } from '../../core/source.ts'
import { outsideReferences } from '../references.ts'
import { defineRule, YAML_INPUT_KINDS } from '../rule.ts'

export default defineRule({
  code: 'TAL002',
  name: 'reference-outside-repository',
  topic: 'meta',
  severity: 'error',
  scope: 'project',
  kinds: YAML_INPUT_KINDS,
  fix: 'none',
  messages: {
    outside:
      'the {{what}} "{{reference}}" lies outside the repository, so talscale did not read it and nothing in it was judged',
  },
  fixTitle:
    'Move the referenced file into the repository (a symbolic link pointing outside counts as outside) and reference it by a path inside',
  docs: {
    summary:
      'A file reference (talhelper `@patch`) points outside the repository, or through a symbolic link to outside.',
    why: 'Repository content is untrusted in CI: a pull request could name `@../../home/runner/.ssh/id_rsa` and have its lines printed in code frames, annotations and SARIF, or rewritten by `--fix`. talscale reads a referenced file only when its real path is inside the repository root (the git root, or the checked directory outside git).',
    invalid: [
      'clusterName: home',
      'endpoint: https://10.0.0.10:6443',
      'patches:',
      '  - "@../outside-the-repository/secret.yaml"',
      'nodes:',
      '  - hostname: cp-1',
      '    ipAddress: 10.0.0.10',
      '    controlPlane: true',
      '',
    ].join('\n'),
    valid: [
      'clusterName: home',
      'endpoint: https://10.0.0.10:6443',
      'nodes:',
      '  - hostname: cp-1',
      '    ipAddress: 10.0.0.10',
      '    controlPlane: true',
      '',
    ].join('\n'),
    exampleKind: 'talhelper-node',
  },
  check(context) {
    const seen = new Set<SourceFile>()
    for (const target of context.targets) {
      if (seen.has(target.source)) continue
      seen.add(target.source)
      for (const entry of outsideReferences(target.source)) {
        context.report({
          at: { source: target.source, range: entry.range },
          messageId: 'outside',
          data: { what: entry.what, reference: entry.reference },
        })
      }
    }
  },
})
