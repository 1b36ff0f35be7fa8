import rule from '../../../src/lint/rules/tal750-debug-mtu-invalid.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [esc('TS_DEBUG_MTU=1280'), esc('TS_DEBUG_MTU='), esc('TS_DEBUG_MTU=0001400'), esc('TS_HOSTNAME=x')],
  invalid: [
    {
      yaml: esc('TS_DEBUG_MTU=1400b'),
      errors: [
        {
          messageId: 'invalid',
          line: 5,
          column: 18,
          message:
            'TS_DEBUG_MTU=1400b is not a base-10 unsigned integer: tailscaled exits with "invalid unsigned integer environment variable TS_DEBUG_MTU: 1400b" and the service crash-loops',
        },
      ],
    },
    { yaml: esc('TS_DEBUG_MTU=-1'), errors: [{ messageId: 'invalid', line: 5, column: 18 }] },
    { yaml: esc('TS_DEBUG_MTU=0x500'), errors: [{ messageId: 'invalid', line: 5, column: 18 }] },
    { yaml: esc('TS_DEBUG_MTU=4294967296'), errors: [{ messageId: 'invalid', line: 5, column: 18 }] },
  ],
})
