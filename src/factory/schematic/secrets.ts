/**
 * Places in a schematic that look like they hold a secret (T19): schematics are public, the ID
 * names their content, so a credential there is published.
 * @module
 */
import { containsCredential } from '../../core/secrets.ts'
import { type OverlayOptionValue, type Schematic, YamlFloat } from './model.ts'

/** Why a place in a schematic looks like it holds a secret. */
export type SchematicSecretKind =
  | 'tailscale-key'
  | 'auth-in-kernel-args'
  | 'secret-in-kernel-args'
  | 'secret-in-meta'
  | 'embedded-config-secret'
  | 'embedded-extension-service-config'

/** A field of a schematic that looks like it carries a secret. The value itself is never included. */
export interface SchematicSecretRisk {
  /** Path of the field, as in {@link ParsedSchematic.positions} (`customization.extraKernelArgs[2]`). */
  path: string
  kind: SchematicSecretKind
  /** What was found and why it matters, without the secret. */
  message: string
}

const TS_AUTH_VAR = /\bTS_(?:AUTHKEY|AUTH_KEY|API_KEY|OAUTH_CLIENT_SECRET|CLIENT_SECRET)\s*=/i
const GENERIC_ARG_SECRET = /(?:^|[._-])(?:password|passwd|token|secret|api_?key|auth_?key)=/i
const CONFIG_SECRET =
  /PRIVATE KEY-----|LS0tLS1CRUdJTi|^\s*(?:token|secret|secretboxEncryptionSecret|aescbcEncryptionSecret|bootstrapToken|password|authkey)\s*:\s*\S/im

/**
 * Places in a schematic that look like secrets (T19: schematics are public; anyone with the ID can
 * read them back from the factory). Checks Tailscale keys (`tskey-...`) anywhere, `TS_AUTHKEY=` and
 * `password=`-style kernel arguments, META values, an embedded machine configuration that carries an
 * `ExtensionServiceConfig` or key material, and overlay option strings. Pure; returns risks in
 * field order, never the secret value.
 */
export function schematicSecretRisks(schematic: Schematic): SchematicSecretRisk[] {
  const risks: SchematicSecretRisk[] = []
  const c = schematic.customization ?? {}
  const ts = (path: string, where: string) =>
    risks.push({
      path,
      kind: 'tailscale-key',
      message: `${where} contains a Tailscale key (tskey-...). Schematics are public: anyone with the ID can read it.`,
    })
  const embedded = c.embeddedMachineConfiguration
  if (typeof embedded === 'string' && embedded !== '') {
    const path = 'customization.embeddedMachineConfiguration'
    if (containsCredential(embedded)) ts(path, 'the embedded machine configuration')
    else if (/^\s*kind:\s*ExtensionServiceConfig\b/m.test(embedded) || TS_AUTH_VAR.test(embedded)) {
      risks.push({
        path,
        kind: 'embedded-extension-service-config',
        message:
          'the embedded machine configuration carries an ExtensionServiceConfig or TS_AUTHKEY; it is public once registered. Apply service configs with talosctl instead.',
      })
    } else if (CONFIG_SECRET.test(embedded)) {
      risks.push({
        path,
        kind: 'embedded-config-secret',
        message:
          'the embedded machine configuration looks like it holds tokens or private keys; it is public once registered.',
      })
    }
  }
  for (const [i, arg] of (c.extraKernelArgs ?? []).entries()) {
    const path = `customization.extraKernelArgs[${i}]`
    if (typeof arg !== 'string') continue
    if (containsCredential(arg)) ts(path, 'a kernel argument')
    else if (TS_AUTH_VAR.test(arg)) {
      risks.push({
        path,
        kind: 'auth-in-kernel-args',
        message:
          'a kernel argument sets a Tailscale auth variable; kernel arguments of a schematic are public.',
      })
    } else if (GENERIC_ARG_SECRET.test(arg)) {
      risks.push({
        path,
        kind: 'secret-in-kernel-args',
        message:
          'a kernel argument looks like it carries a password or token; kernel arguments of a schematic are public.',
      })
    }
  }
  for (const [i, m] of (c.meta ?? []).entries()) {
    const path = `customization.meta[${i}].value`
    const value = m?.value
    if (typeof value !== 'string') continue
    if (containsCredential(value)) ts(path, `META key ${m.key}`)
    else if (TS_AUTH_VAR.test(value) || CONFIG_SECRET.test(value)) {
      risks.push({
        path,
        kind: 'secret-in-meta',
        message: `META key ${m.key} looks like it carries a secret; META values of a schematic are public.`,
      })
    }
  }
  const walk = (value: OverlayOptionValue, path: string) => {
    if (value instanceof YamlFloat) return
    if (typeof value === 'string') {
      if (containsCredential(value)) ts(path, 'an overlay option')
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, `${path}[${i}]`)
    } else if (value && typeof value === 'object') {
      for (const key of Object.keys(value).sort()) walk(value[key] as OverlayOptionValue, `${path}.${key}`)
    }
  }
  if (schematic.overlay?.options) walk(schematic.overlay.options, 'overlay.options')
  return risks
}

/** True when the schematic lists the Tailscale extension (`siderolabs/tailscale`). */
