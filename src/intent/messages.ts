/**
 * The intent's validation messages: each names what was found and what is expected; the loader only
 * prefixes the path and the position. A value under a secret field is never quoted.
 * @module
 */

export type Path = ReadonlyArray<PropertyKey>

/** Raw issue fields the messages use. */
export interface RawIssue {
  code?: string
  input?: unknown
  path?: PropertyKey[] | undefined
  expected?: string
  minimum?: number | bigint
  maximum?: number | bigint
  values?: readonly unknown[]
  origin?: string
}

const SECRET_KEYS = new Set(['authKey', 'oauthClientSecret'])

/** True when a path points into a secret value, whose content must never appear in a message. */
export function isSecretPath(path: Path | undefined): boolean {
  return (path ?? []).some(step => typeof step === 'string' && SECRET_KEYS.has(step))
}

/** How a value is shown in a message: scalars quoted and shortened, collections by kind. */
export function describeValue(value: unknown, path?: Path): string {
  if (isSecretPath(path)) return 'a value (not shown: secret field)'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') {
    // A key pasted into the wrong setting is still a key.
    if (/tskey-/i.test(value)) return 'a value that looks like a Tailscale key (not shown)'
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value
    return JSON.stringify(shown)
  }
  return String(value)
}

function kindOf(value: unknown, path?: Path): string {
  if (isSecretPath(path)) return 'a value of the wrong type'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string')
    return /tskey-/i.test(value) ? describeValue(value) : `the string ${describeValue(value)}`
  if (typeof value === 'number') return `the number ${value}`
  if (typeof value === 'boolean') return `${value}`
  return typeof value
}

/**
 * An error function for a field: a missing value, a value of the wrong type and a value that fails a
 * check each get their own phrasing, all ending with what is expected.
 */
export function expecting(expectation: string, problem = 'is not valid') {
  return (issue: RawIssue): string => {
    if (issue.input === undefined) return `is missing; expected ${expectation}`
    if (issue.code === 'invalid_type')
      return `expected ${expectation}, got ${kindOf(issue.input, issue.path)}`
    return `${describeValue(issue.input, issue.path)} ${problem}; expected ${expectation}`
  }
}

/** Fallback messages for issues that no field-specific error function covers. */
export function intentErrorMap(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `is missing; expected ${issue.expected ?? 'a value'}`
        : `expected ${issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : issue.expected}, got ${kindOf(issue.input, issue.path)}`
    case 'too_small':
      return issue.origin === 'array'
        ? `is an empty list; expected at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`
        : `${describeValue(issue.input, issue.path)} is too small; expected at least ${issue.minimum}`
    case 'too_big':
      return `${describeValue(issue.input, issue.path)} is too large; expected at most ${issue.maximum}`
    case 'invalid_value':
      return `${describeValue(issue.input, issue.path)} is not allowed; expected one of ${(issue.values ?? []).map(v => JSON.stringify(v)).join(', ')}`
    default:
      return undefined
  }
}
