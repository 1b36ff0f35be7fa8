import { describe, expect, it } from 'vitest'
import { type Finding, failsAt, type Severity } from '../../src/core/finding.ts'

const finding = (severity: Severity): Finding => ({
  code: 'TAL000',
  name: 'example',
  topic: 'meta',
  severity,
  message: 'example',
  file: 'a.yaml',
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 2,
})

describe('failsAt', () => {
  it('fails when any finding is at or above the threshold', () => {
    expect(failsAt([finding('warning')], 'error')).toBe(false)
    expect(failsAt([finding('warning')], 'warning')).toBe(true)
    expect(failsAt([finding('info'), finding('error')], 'warning')).toBe(true)
    expect(failsAt([finding('info')], 'info')).toBe(true)
    expect(failsAt([], 'info')).toBe(false)
  })
})
