/** The fake talosctl keeps the printer rules its README derives from the Talos source. */
import { describe, expect, it } from 'vitest'
import {
  fakeTalosctl,
  goDuration,
  goJson,
  tabwriter,
  yamlScalar,
} from '../fixtures/doctor/fake-talosctl-core.mjs'

describe('the fake talosctl', () => {
  it('resolves untagged metadata scalars as go-yaml does', () => {
    expect(yamlScalar('0')).toBe(0)
    expect(yamlScalar('000')).toBe(0)
    expect(yamlScalar('010')).toBe(8)
    expect(yamlScalar('008')).toBe(8)
    expect(yamlScalar('1.5')).toBe(1.5)
    expect(yamlScalar('true')).toBe(true)
    expect(yamlScalar('')).toBeNull()
    expect(yamlScalar('tailscale0/100.64.0.11/32')).toBe('tailscale0/100.64.0.11/32')
  })

  it('encodes JSON as Go does: sorted keys, four spaces, HTML-safe escapes', () => {
    expect(goJson({ b: 1, a: ['>= v1.5.0 & <', '\u2028'], c: {}, d: [] })).toBe(
      '{\n    "a": [\n        "\\u003e= v1.5.0 \\u0026 \\u003c",\n        "\\u2028"\n    ],\n    "b": 1,\n    "c": {},\n    "d": []\n}',
    )
  })

  it('aligns tables like text/tabwriter with padding 3 and prints Go durations', () => {
    expect(tabwriter(['NODE\t10.0.0.1', 'EVENTS\t[Running]: x', '\t[Waiting]: y'])).toBe(
      'NODE     10.0.0.1\nEVENTS   [Running]: x\n         [Waiting]: y\n',
    )
    expect([0, 5, 60, 3600, 10931].map(goDuration)).toEqual(['0s', '5s', '1m0s', '1h0m0s', '3h2m11s'])
  })

  it('prints nothing and exits 0 for an empty list', () => {
    expect(fakeTalosctl(['--nodes', '10.0.0.8', 'get', 'etcdspecs', '-o', 'json'], {})).toEqual({
      code: 0,
      stdout: '',
      stderr: 'WARNING: 10.0.0.8: server version 1.13.3 is older than client version 1.13.9\n',
    })
  })
})
