/**
 * The doctor checks' pages in docs/doctor/, generated from the check objects as docs/rules/ is from
 * the rule objects (`npm run docs:doctor`); test/doctor/meta.test.ts fails when they drift.
 * @module
 */
import { placeholders } from '../lint/docs.ts'
import { type DoctorCheck, RETIRED_DOCTOR_CODES } from './checks.ts'

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ')

const GENERATED = '<!-- Generated from the check objects by `npm run docs:doctor`; do not edit. -->'

/** What reads the signal each range of codes judges. */
function family(code: string): string {
  if (code.startsWith('DOC1')) return 'node (talosctl)'
  if (code.startsWith('DOC2')) return 'ext-tailscale log (also `explain-log`)'
  return 'tailnet (Tailscale API)'
}

/** The index: every check with its code, name, topic, severity and summary. */
export function doctorIndexMarkdown(checks: readonly DoctorCheck[]): string {
  return [
    '# talscale doctor checks',
    '',
    GENERATED,
    '',
    'Every check `talscale doctor` runs (see [../doctor.md](../doctor.md)). DOC1xx read a node through',
    'talosctl, DOC2xx classify lines of the ext-tailscale log (the same classes `talscale explain-log`',
    'uses), DOC3xx read the tailnet through the Tailscale API. Codes are stable and never reused.',
    '',
    '| Code | Name | Topic | Severity | Summary |',
    '|---|---|---|---|---|',
    ...checks.map(
      check =>
        `| [${check.code}](${check.code}.md) | ${check.name} | ${check.topic} | ${check.severity} | ${cell(check.summary)} |`,
    ),
    '',
    '## Retired codes',
    '',
    `Reserved and never reused: ${RETIRED_DOCTOR_CODES.join(', ')}.`,
    '',
  ].join('\n')
}

/** One check's page: what it finds, why it matters, what to do, and what its findings say. */
export function doctorCheckMarkdown(check: DoctorCheck): string {
  return [
    `# ${check.code} ${check.name}`,
    '',
    GENERATED,
    '',
    '| Topic | Default severity | Reads |',
    '|---|---|---|',
    `| ${check.topic} | ${check.severity} | ${family(check.code)} |`,
    '',
    '## What it finds',
    '',
    check.summary,
    '',
    '## Why',
    '',
    check.why,
    '',
    '## Fix',
    '',
    check.fix,
    '',
    '## Messages',
    '',
    ...Object.values(check.messages).map(message => `- ${placeholders(message)}`),
    '',
  ].join('\n')
}

/** Every generated file, by path relative to `docs/doctor/`. */
export function doctorDocFiles(checks: readonly DoctorCheck[]): Map<string, string> {
  const files = new Map<string, string>([['README.md', doctorIndexMarkdown(checks)]])
  for (const check of checks) files.set(`${check.code}.md`, doctorCheckMarkdown(check))
  return files
}
