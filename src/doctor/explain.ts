/**
 * `explain-log`: a saved ext-tailscale log (or any containerboot/tailscaled output) turned into
 * findings that point at the line that shows each problem.
 * @module
 */
import { compareFindings, type Finding } from '../core/finding.ts'
import { redactSecrets } from '../core/secrets.ts'
import { diagnoseLog } from '../tailscale/logs.ts'
import { doctorFinding } from './checks.ts'

/** One finding per distinct problem, at the first line that shows it, with how often it recurs. */
export function explainLog(file: string, text: string): Finding[] {
  const findings: Finding[] = []
  const lines = text.split(/\r?\n/)
  for (const diagnosis of diagnoseLog(text)) {
    const times = diagnosis.count > 1 ? ` (${diagnosis.count} times)` : ''
    const finding = doctorFinding(file, diagnosis.code, 'savedLog', {
      line: diagnosis.text,
      times,
      explanation: diagnosis.explanation,
      fix: diagnosis.fix,
    })
    const length = redactSecrets(lines[diagnosis.line - 1] ?? '').length
    finding.line = diagnosis.line
    finding.endLine = diagnosis.line
    finding.endColumn = Math.max(1, length + 1)
    findings.push(finding)
  }
  return findings.sort(compareFindings)
}
