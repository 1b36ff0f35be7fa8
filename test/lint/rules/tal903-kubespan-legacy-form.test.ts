import rule from '../../../src/lint/rules/tal903-kubespan-legacy-form.ts'
import { testRule } from '../../support/rule-tester.ts'

const legacy = 'machine:\n  network:\n    kubespan:\n      enabled: true\n'
const typed = 'apiVersion: v1alpha1\nkind: KubeSpanConfig\nenabled: true\n'

testRule(rule, {
  valid: [
    typed,
    { name: 'the old form before v1.13', talosVersion: 'v1.12.5', yaml: legacy },
    { name: 'the old form, version unknown', yaml: legacy },
    { name: 'both forms: TAL902 reports the error', talosVersion: 'v1.13.2', yaml: `${legacy}---\n${typed}` },
  ],
  invalid: [
    {
      name: 'alone on a known v1.13: a warning, not an error',
      talosVersion: 'v1.13.2',
      yaml: legacy,
      errors: [
        {
          messageId: 'deprecated',
          line: 3,
          column: 5,
          message:
            'machine.network.kubespan is deprecated in Talos v1.13: it still works alone, but the KubeSpan settings moved to the KubeSpanConfig document, and adding a KubeSpanConfig (for the tailnet filters) while this block stays makes Talos reject the config',
        },
      ],
    },
  ],
})
