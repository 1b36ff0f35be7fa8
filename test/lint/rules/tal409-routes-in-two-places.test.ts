import rule from '../../../src/lint/rules/tal409-routes-in-two-places.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_ROUTES=10.96.0.0/12'),
    esc('TS_EXTRA_ARGS=--advertise-routes=10.96.0.0/12'),
    esc('TS_ROUTES=10.96.0.0/12', 'TS_EXTRA_ARGS=--ssh'),
  ],
  invalid: [
    {
      yaml: esc('TS_ROUTES=10.96.0.0/12', 'TS_EXTRA_ARGS=--ssh --advertise-routes=10.244.0.0/16'),
      errors: [{ messageId: 'both', line: 6, column: 25 }],
    },
    {
      name: 'an empty TS_ROUTES still counts',
      yaml: esc('TS_EXTRA_ARGS=--advertise-routes=10.244.0.0/16', 'TS_ROUTES='),
      errors: [{ messageId: 'both', line: 5, column: 19 }],
    },
  ],
})
