import rule from '../../../src/lint/rules/tal211-invalid-addr-port.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

testRule(rule, {
  valid: [
    esc('TS_DEBUG_ADDR_PORT=127.0.0.1:9001'),
    esc('TS_DEBUG_ADDR_PORT=[::1]:9001'),
    esc('TS_LOCAL_ADDR_PORT=localhost:9002'),
    esc('TS_ENABLE_HEALTH_CHECK=true', 'TS_LOCAL_ADDR_PORT=[::]:9002'),
  ],
  invalid: [
    {
      yaml: esc('TS_DEBUG_ADDR_PORT=localhost:9001'),
      errors: [
        {
          messageId: 'invalid',
          line: 5,
          column: 24,
          message:
            'TS_DEBUG_ADDR_PORT=localhost:9001 is not an IP:port ("localhost" is not an IP address (host names are not accepted)): containerboot exits with "error parsing TS_DEBUG_ADDR_PORT value" and the service crash-loops',
        },
      ],
    },
    {
      yaml: esc('TS_ENABLE_METRICS=1', 'TS_LOCAL_ADDR_PORT=:::9002'),
      errors: [{ messageId: 'invalid', line: 6, column: 24 }],
    },
    {
      yaml: esc('TS_HEALTHCHECK_ADDR_PORT=0.0.0.0'),
      errors: [{ messageId: 'invalid', line: 5, column: 30 }],
    },
  ],
})
