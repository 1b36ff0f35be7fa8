import rule from '../../../src/lint/rules/tal407-invalid-tag.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    // The last --advertise-tags wins; the first is never checked.
    esc('TS_EXTRA_ARGS=--advertise-tags=tag:bad_one --advertise-tags=tag:good'),
    esc('TS_EXTRA_ARGS=--advertise-tags=tag:talos,tag:k8s-cp'),
    esc('TS_EXTRA_ARGS=--advertise-tags=talos'),
    { yaml: esc('TS_EXTRA_ARGS=--advertise-tags=talos,tag:k8s'), talosVersion: 'v1.13.3' },
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
            '--advertise-tags has "tag:k8s_nodes": tailscale up exits with "tag: "tag:k8s_nodes": tag names can only contain numbers, letters, or dashes" (Tailscale 1.102.2 as shipped for Talos v1.14.0)',
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
      errors: [
        {
          messageId: 'bare',
          line: 5,
          column: 36,
          message: `--advertise-tags has "talos" without the "tag:" prefix: Tailscale 1.92.3 as shipped for Talos v1.12.0 exits with "tag: "talos": tags must start with 'tag:'"; Tailscale adds the prefix itself only from 1.98`,
        },
      ],
    },
    {
      name: 'Talos v1.13.2 still ships Tailscale 1.96.4',
      yaml: esc('TS_EXTRA_ARGS=--advertise-tags=talos'),
      talosVersion: 'v1.13.2',
      errors: [{ messageId: 'bare' }],
    },
    {
      name: 'a colon that is not tag: is never prefixed',
      yaml: esc('TS_EXTRA_ARGS=--advertise-tags=k8s:nodes'),
      errors: [{ messageId: 'invalid' }],
    },
    {
      yaml: esc('TS_EXTRA_ARGS=--advertise-tags=tag:,tag:k8s'),
      errors: [{ messageId: 'invalid' }],
    },
  ],
})
