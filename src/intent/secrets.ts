/**
 * Secrets in the intent file are references, resolved only at apply time, so the file (and every
 * generated file) can be committed. A literal value is accepted with a warning; its text is never
 * repeated in any message.
 * @module
 */
import { readFileSync, statSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import type { Node } from 'yaml'
import { InputError } from '../core/errors.ts'
import { hasControlCharacters } from '../core/escape.ts'
import type { Finding } from '../core/finding.ts'
import { describeCredential, registerSecretValue } from '../core/secrets.ts'
import { type SourceFile, spanOf } from '../core/source.ts'
import { classifySecret } from '../tailscale/keys.ts'
import type { Intent, SecretRef } from './schema.ts'

/** The secret fields of the intent file, with the environment variable name suggested for each. */
export const SECRET_FIELDS = [
  { key: 'authKey', path: ['tailscale', 'auth', 'authKey'], env: 'TS_AUTHKEY' },
  {
    key: 'oauthClientSecret',
    path: ['tailscale', 'auth', 'oauthClientSecret'],
    env: 'TS_OAUTH_CLIENT_SECRET',
  },
] as const

/** Identity of the literal-secret warning, shared by the loader and lint rule TAL091. */
export const LITERAL_SECRET = { code: 'TAL091', name: 'intent-literal-secret' } as const

/** The message of the literal-secret warning (no secret in it). */
export function literalSecretMessage(path: string, env: string): string {
  return `${path} holds the secret itself, but the intent file is meant to be committed; use {env: ${env}} or {file: PATH} instead.`
}

/** One warning Finding per secret written literally into the intent file. */
export function literalSecretFindings(
  source: SourceFile,
  intent: Intent,
  locate: (path: readonly string[]) => Node | undefined,
): Finding[] {
  const findings: Finding[] = []
  for (const field of SECRET_FIELDS) {
    const ref = intent.tailscale.auth[field.key]
    if (!ref || !('literal' in ref)) continue
    const node = locate(field.path)
    const span = spanOf(source, node)
    const finding: Finding = {
      code: LITERAL_SECRET.code,
      name: LITERAL_SECRET.name,
      topic: 'auth',
      severity: 'warning',
      message: literalSecretMessage(field.path.join('.'), field.env),
      file: source.path,
      ...span,
    }
    if (node?.range) finding.offset = [node.range[0], node.range[1]]
    findings.push(finding)
  }
  return findings
}

/** Where resolveSecret looks. */
export interface SecretEnvironment {
  env: Readonly<Record<string, string | undefined>>
  /** Directory relative `{file}` paths are resolved against: the intent file's directory. */
  cwd: string
  /** Injected for tests; defaults to reading UTF-8 from disk. */
  readFile?: (path: string) => string
}

/**
 * Resolves a secret reference to its value, at apply time only. Errors name the variable or file,
 * never the value. Surrounding whitespace (a trailing newline in a file) is removed.
 * `field` names the setting in messages (`tailscale.auth.authKey`); with `expected`, a Tailscale
 * credential of the other kind (an OAuth secret given as auth key, an API token) is an InputError.
 */
export function resolveSecret(
  ref: SecretRef,
  environment: SecretEnvironment,
  field = 'the secret',
  expected?: 'authKey' | 'oauthClientSecret',
): string {
  const value = readSecret(ref, environment, field)
  // From now on the value is hidden wherever it appears, in every encoding it is sent in.
  registerSecretValue(value)
  // Talos passes environment values literally (T7): a space or quote would become part of the key.
  if (/[\s"'\\]/.test(value) || hasControlCharacters(value)) {
    throw new InputError(
      `${field} resolves to a value with whitespace, quotes, a backslash or control characters inside; Talos would pass them to containerboot as part of the key (T7).`,
      {
        hint: 'Check the secret source: it should hold the key alone, on one line (the value is not shown).',
      },
    )
  }
  if (expected) checkKind(value, field, expected)
  return value
}

function checkKind(value: string, field: string, expected: 'authKey' | 'oauthClientSecret'): void {
  const kind = classifySecret(value)
  const shown = describeCredential(value)
  if (kind === 'other-tskey') {
    throw new InputError(`${field} resolves to a ${shown} credential, which cannot log a node in.`, {
      hint: 'Use an auth key (tskey-auth-…) or an OAuth client secret (tskey-client-…) with the auth_keys scope.',
    })
  }
  if (expected === 'authKey' && kind === 'client-secret') {
    throw new InputError(`${field} resolves to an OAuth client secret (${shown}), not an auth key.`, {
      hint: 'Move the reference to tailscale.auth.oauthClientSecret and give tailscale.tags (T15).',
    })
  }
  if (expected === 'oauthClientSecret' && kind === 'auth-key') {
    throw new InputError(`${field} resolves to an auth key (${shown}), not an OAuth client secret.`, {
      hint: 'Move the reference to tailscale.auth.authKey.',
    })
  }
  if (expected === 'oauthClientSecret' && kind === 'client-secret' && value.includes('?')) {
    throw new InputError(`${field} resolves to an OAuth client secret that carries its own ?attributes.`, {
      hint: 'Give the bare secret; talscale adds ephemeral and preauthorized from tailscale.auth (T15).',
    })
  }
}

function readSecret(ref: SecretRef, environment: SecretEnvironment, field: string): string {
  if ('literal' in ref) return ref.literal.trim()
  if ('env' in ref) {
    const value = environment.env[ref.env]
    if (value === undefined || value.trim() === '') {
      throw new InputError(
        `${field} refers to the environment variable ${ref.env}, which is ${value === undefined ? 'not set' : 'empty'}.`,
        {
          hint: `Set ${ref.env} to the secret before running this command (for example from your secret manager).`,
        },
      )
    }
    return value.trim()
  }
  const path = isAbsolute(ref.file) ? ref.file : resolve(environment.cwd, ref.file)
  let text: string
  try {
    text = (environment.readFile ?? readSecretFile)(path)
  } catch (error) {
    if (error instanceof InputError) {
      throw new InputError(`${field} refers to the file "${ref.file}", which ${error.message}`, {
        hint: error.hint,
        cause: error,
      })
    }
    const code = (error as NodeJS.ErrnoException)?.code
    throw new InputError(
      `${field} refers to the file "${ref.file}", which cannot be read (${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')}).`,
      {
        hint: 'Create the file with the secret in it (mode 0600), or fix the path; it is relative to the intent file.',
        cause: error,
      },
    )
  }
  // A SOPS file (talenv.sops.yaml and the like) holds ciphertext in a YAML document, not the secret.
  if (/^sops:[ \t]*$/m.test(text) || /ENC\[[A-Z0-9_]+,data:/.test(text)) {
    throw new InputError(
      `${field} refers to the file "${ref.file}", which is SOPS-encrypted: {file: ...} reads the secret as it is, a single line, not a YAML document of ciphertext.`,
      {
        hint: `Decrypt it when you apply, for example {env: TS_AUTHKEY} with TS_AUTHKEY="$(sops -d --extract '["TS_AUTHKEY"]' ${ref.file})", or point {file: ...} at a file (mode 0600, not committed) that holds only the key.`,
      },
    )
  }
  if (text.trim() === '') {
    throw new InputError(`${field} refers to the file "${ref.file}", which is empty.`, {
      hint: 'Put the secret in the file (mode 0600).',
    })
  }
  return text.trim()
}

/** A secret is one short line; anything bigger (or /dev/zero, a FIFO) is the wrong file, not read whole. */
const MAX_SECRET_FILE_BYTES = 64 * 1024

function readSecretFile(path: string): string {
  const stat = statSync(path)
  if (stat.isFile() && stat.size <= MAX_SECRET_FILE_BYTES) return readFileSync(path, 'utf8')
  throw new InputError(
    stat.isFile()
      ? `is ${stat.size} bytes; a secret file holds one key of at most ${MAX_SECRET_FILE_BYTES} bytes.`
      : 'is not a regular file.',
    { hint: 'Point {file: ...} at a file that holds only the secret (mode 0600).' },
  )
}
