import rule from '../../../src/lint/rules/tal701-quad100-only-resolver.ts'
import { testRule } from '../../support/rule-tester.ts'

testRule(rule, {
  valid: [
    'machine:\n  network:\n    nameservers:\n      - 1.1.1.1\n',
    'machine:\n  network:\n    nameservers:\n      - 192.168.1.1\n      - 100.100.100.100\n',
    'machine:\n  network:\n    nameservers: []\n',
    'apiVersion: v1alpha1\nkind: ResolverConfig\nnameservers:\n  - address: 9.9.9.9\n  - address: 100.100.100.100\n',
  ],
  invalid: [
    {
      yaml: 'machine:\n  network:\n    nameservers:\n      - 100.100.100.100\n',
      errors: [{ messageId: 'only', line: 4, column: 9 }],
    },
    {
      yaml: 'apiVersion: v1alpha1\nkind: ResolverConfig\nnameservers:\n  - address: 100.100.100.100\n  - address: fd7a:115c:a1e0::53\n',
      errors: [{ messageId: 'only', line: 4, column: 14 }],
    },
  ],
})
