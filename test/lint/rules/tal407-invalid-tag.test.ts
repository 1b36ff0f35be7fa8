import rule from '../../../src/lint/rules/tal407-invalid-tag.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_EXTRA_ARGS=--advertise-tags=tag:talos,tag:k8s-cp'),
    esc('TS_EXTRA_ARGS=--advertise-tags=talos'),
    esc('TS_EXTRA_ARGS=--ssh'),
  ],
  invalid: [
    {
      yaml: esc('TS_EXTRA_ARGS=--advertise-tags=tag:talos,tag:k8s_nodes'),
      errors: [
        {
          messageId: 'invalid',
          line: 5,
          column: 46,
          message:
            '--advertise-tags has "tag:k8s_nodes": tailscale up exits with "tag names can only contain numbers, letters, or dashes"',
        },
      ],
    },
    {
      yaml: esc('TS_EXTRA_ARGS=--advertise-tags tag:1st'),
      errors: [{ messageId: 'invalid', line: 5, column: 36 }],
    },
    {
      yaml: esc('TS_EXTRA_ARGS=--advertise-tags=talos'),
      talosVersion: 'v1.12',
      errors: [{ messageId: 'bare', line: 5, column: 36 }],
    },
  ],
})
