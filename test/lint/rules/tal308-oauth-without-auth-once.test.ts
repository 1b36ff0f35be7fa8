// biome-ignore-all lint/suspicious/noTemplateCurlyInString: talhelper ${VAR} placeholders are test data
import rule from '../../../src/lint/rules/tal308-oauth-without-auth-once.ts'
import { testRule } from '../../support/rule-tester.ts'
import { esc } from './esc.ts'

const OAUTH = 'TS_AUTHKEY=${TS_OAUTH_SECRET}?ephemeral=false&preauthorized=true'
const TAGS = 'TS_EXTRA_ARGS=--advertise-tags=tag:talos'

testRule(rule, {
  valid: [
    esc(OAUTH, 'TS_AUTH_ONCE=true', TAGS),
    { name: 'a plain auth key', yaml: esc('TS_AUTHKEY=${TS_AUTHKEY}') },
    { name: 'Go spells true as 1 too', yaml: esc(OAUTH, 'TS_AUTH_ONCE=1', TAGS) },
    { name: 'an opaque value', yaml: esc(OAUTH, 'TS_AUTH_ONCE=${AUTH_ONCE}', TAGS) },
  ],
  invalid: [
    {
      yaml: esc(OAUTH, TAGS),
      errors: [
        {
          messageId: 'unset',
          line: 5,
          column: 16,
          message:
            'TS_AUTHKEY is an OAuth client secret (a reference followed by ?ephemeral/preauthorized/baseURL attributes, which only OAuth client secrets take) and TS_AUTH_ONCE is not set: containerboot runs tailscale up on every start, which mints a new auth key through the Tailscale API each time, so a node that boots without internet crash-loops although the identity saved in /var/lib/tailscale is valid',
        },
      ],
    },
    {
      name: 'turned off explicitly',
      yaml: esc(OAUTH, 'TS_AUTH_ONCE=false', TAGS),
      errors: [{ messageId: 'unset', line: 6, column: 5 }],
    },
    {
      name: 'a client secret in TS_EXTRA_ARGS',
      yaml: esc('TS_EXTRA_ARGS=--client-secret=${SECRET} --advertise-tags=tag:talos'),
      errors: [{ messageId: 'unset' }],
    },
  ],
})
