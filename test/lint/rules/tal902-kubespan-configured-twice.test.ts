import rule from '../../../src/lint/rules/tal902-kubespan-configured-twice.ts'
import { testRule } from '../../support/rule-tester.ts'

const legacy = 'machine:\n  network:\n    kubespan:\n      enabled: true\n'
const typed = 'apiVersion: v1alpha1\nkind: KubeSpanConfig\nenabled: true\n'

testRule(rule, {
  valid: [
    typed,
    { name: 'the old form before v1.13', talosVersion: 'v1.12.5', yaml: legacy },
    { name: 'the old form, version unknown', yaml: legacy },
    { name: 'the old form alone on v1.13 is accepted (TAL903 warns)', talosVersion: 'v1.13.2', yaml: legacy },
  ],
  invalid: [
    {
      yaml: `${legacy}---\n${typed}`,
      errors: [
        {
          messageId: 'twice',
          line: 3,
          column: 5,
          message:
            'KubeSpan is configured both in machine.network.kubespan and in a KubeSpanConfig document: Talos v1.14 rejects the config ("kubespan is already configured in v1alpha1 machine.network.kubespan")',
        },
      ],
    },
    {
      name: 'both forms on a known v1.13',
      talosVersion: 'v1.13.2',
      yaml: `${typed}---\n${legacy}`,
      errors: [{ messageId: 'twice', line: 7, column: 5 }],
    },
  ],
})
