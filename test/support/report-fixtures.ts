/** Two findings, one with a fix, and the rules they come from: shared by the report tests and the SARIF schema test. */
import type { Finding } from '../../src/core/finding.ts'
import type { RuleMetadata } from '../../src/report/index.ts'

export const flagFinding: Finding = {
  code: 'TAL310',
  name: 'daemon-flag-in-extra-args',
  topic: 'flags',
  severity: 'error',
  message: '"--port" is a tailscaled flag; in TS_EXTRA_ARGS it makes "tailscale up" exit 2',
  file: 'cluster/controlplane.yaml',
  line: 9,
  column: 19,
  endLine: 9,
  endColumn: 32,
  fix: {
    title: 'Move the flag to TS_TAILSCALED_EXTRA_ARGS',
    safety: 'safe',
    edits: [{ file: 'cluster/controlplane.yaml', start: 0, end: 0, text: '' }],
  },
}

export const keyFinding: Finding = {
  code: 'TAL401',
  name: 'literal-auth-key',
  topic: 'auth',
  severity: 'warning',
  message: 'a literal auth key "tskey-auth-…" is committed in this file',
  file: 'cluster/controlplane.yaml',
  line: 8,
  column: 16,
  endLine: 8,
  endColumn: 31,
}

export const rules: RuleMetadata[] = [
  {
    code: 'TAL310',
    name: 'daemon-flag-in-extra-args',
    topic: 'flags',
    severity: 'error',
    fixTitle: 'Move the flag to TS_TAILSCALED_EXTRA_ARGS',
    docs: {
      summary: 'A tailscaled flag is passed to tailscale up.',
      why: '`tailscale up` rejects daemon flags and the service crash-loops (T8).',
      invalid: 'environment:\n  - TS_EXTRA_ARGS=--port=41641\n',
      valid: 'environment:\n  - TS_TAILSCALED_EXTRA_ARGS=--port=41641\n',
    },
  },
  {
    code: 'TAL401',
    name: 'literal-auth-key',
    topic: 'auth',
    severity: 'warning',
    fixTitle: 'Load the key from a secret store instead',
    docs: { summary: 'An auth key is written in the file.' },
  },
]
