/** Builds lint targets of kind `intent` for the TAL09x rule tests, and intent texts to judge. */
import { sourceFromText } from '../../src/core/source.ts'
import { fileTarget } from '../../src/lint/targets.ts'
import type { TargetBuilder } from '../support/rule-tester.ts'

/** The rule tester's builder for intent files (the way `check` builds them). */
export const buildIntent: TargetBuilder = (path, text) => [fileTarget(sourceFromText(path, text), 'intent')]

export interface IntentParts {
  /** Lines added under `cluster:` (indented by the caller), after lanSubnets (line 5). */
  cluster?: string
  /** A whole `image:` section. */
  image?: string
  auth?: string
  /** Lines added under `tailscale:` after `auth:`. */
  tailscale?: string
  nodes?: string
}

/**
 * An intent text with a fixed head, so tests can count lines: `cluster:` is line 2, lanSubnets
 * line 5, then the cluster lines, the image section, `tailscale:`, `auth:` and its body.
 */
export function intentText(parts: IntentParts = {}): string {
  return [
    'version: 1',
    'cluster:',
    '  name: home',
    '  endpoint: https://192.168.1.10:6443',
    '  lanSubnets: [192.168.1.0/24]',
    parts.cluster,
    parts.image,
    'tailscale:',
    '  auth:',
    parts.auth ?? '    authKey: { env: TS_AUTHKEY }',
    parts.tailscale,
    'nodes:',
    parts.nodes ?? '  - { hostname: cp-1, role: controlplane, address: 192.168.1.11 }',
    '',
  ]
    .filter(line => line !== undefined)
    .join('\n')
}
