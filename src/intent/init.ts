/**
 * What `talscale init` writes: the template or a built-in example, checked to load, plus the steps
 * that follow (which secrets to provide, how to generate). Pure: the CLI does the writing.
 * @module
 */
import { sourceFromText } from '../core/source.ts'
import { EXAMPLE_NAMES, getExample, INTENT_TEMPLATE } from './examples.ts'
import { loadIntent } from './load.ts'
import type { Intent } from './schema.ts'
import { SECRET_FIELDS } from './secrets.ts'

export { EXAMPLE_NAMES }

/** The file init writes and what to tell the user about it. */
export interface InitResult {
  text: string
  /** `template` or `example homelab`. */
  description: string
  intent: Intent
  /** Short imperative lines: provide the secrets, then generate. Never a secret value. */
  nextSteps: string[]
}

/** Builds the intent text for `init`; an unknown example is a UsageError listing the names. */
export function initIntent(options: { example?: string; output?: string } = {}): InitResult {
  const text = options.example === undefined ? INTENT_TEMPLATE : getExample(options.example)
  const description = options.example === undefined ? 'template' : `example ${options.example}`
  // Built-in texts are tested to load; loading here keeps init honest if one ever breaks.
  const { intent } = loadIntent(sourceFromText(`<${description}>`, text))
  const nextSteps: string[] = []
  for (const field of SECRET_FIELDS) {
    const ref = intent.tailscale.auth[field.key]
    if (!ref) continue
    const what = field.key === 'authKey' ? 'the Tailscale auth key' : 'the Tailscale OAuth client secret'
    if ('env' in ref) nextSteps.push(`set ${ref.env} to ${what} when you apply (never commit it)`)
    else if ('file' in ref)
      nextSteps.push(
        `put ${what} in ${ref.file}, relative to the intent file (chmod 600, keep it out of Git)`,
      )
  }
  nextSteps.push(
    `edit the file, then run: talscale generate -c ${options.output ?? 'talscale.yaml'} --out out`,
  )
  return { text, description, intent, nextSteps }
}
