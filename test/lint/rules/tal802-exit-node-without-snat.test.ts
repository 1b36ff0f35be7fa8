import rule from '../../../src/lint/rules/tal802-exit-node-without-snat.ts'
import { testRule } from '../../support/rule-tester.ts'
import { escWith } from './talos-cases.ts'

testRule(rule, {
  valid: [
    escWith('TS_EXTRA_ARGS=--advertise-exit-node'),
    escWith('TS_EXTRA_ARGS=--advertise-routes=192.168.1.0/24 --snat-subnet-routes=false'),
    escWith('TS_EXTRA_ARGS=--advertise-exit-node --snat-subnet-routes=true'),
  ],
  invalid: [
    {
      yaml: escWith('TS_EXTRA_ARGS=--advertise-exit-node --snat-subnet-routes=false'),
      errors: [{ messageId: 'snatOff', line: 6, column: 41 }],
    },
    {
      name: 'Go single-dash flags',
      yaml: escWith('TS_EXTRA_ARGS=-snat-subnet-routes=0 -advertise-exit-node'),
      errors: [{ messageId: 'snatOff', line: 6, column: 19 }],
    },
  ],
})
