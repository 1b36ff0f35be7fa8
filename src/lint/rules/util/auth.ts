/**
 * Where the credentials of a tailscale service config are: the auth key containerboot passes
 * (`TS_AUTHKEY`, else `TS_AUTH_KEY`), a `--auth-key` in `TS_EXTRA_ARGS` (later on the command line,
 * so it wins), and `TS_CLIENT_SECRET`.
 * @module
 */
import { isOpaqueValue, type OAuthForm, type OAuthSecret, oauthFormOf } from '../../../tailscale/keys.ts'
import { type EnvEntry, lastFlag, type TailscaleService } from '../../../tailscale/parse.ts'
import { extensionHas, TAILSCALE_CHANGES } from '../../../tailscale/versions.ts'

/** One credential value with where it sits inside its entry's value. */
export interface Credential {
  entry: EnvEntry
  /** What names it in messages: `TS_AUTHKEY` or `--auth-key in TS_EXTRA_ARGS`. */
  label: string
  /** The credential text, with one layer of wrapping quotes removed (TAL202 reports those). */
  value: string
  /** Offsets of `value` inside the entry's value. */
  start: number
  end: number
  /** `auth-key` for TS_AUTHKEY/--auth-key, `client-secret` for TS_CLIENT_SECRET/--client-secret. */
  role: 'auth-key' | 'client-secret'
}

function unquote(
  entry: EnvEntry,
  label: string,
  role: Credential['role'],
  start: number,
  end: number,
): Credential {
  const raw = (entry.value ?? '').slice(start, end)
  const quoted = raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw.at(-1) === raw[0]
  return quoted
    ? { entry, label, value: raw.slice(1, -1), start: start + 1, end: end - 1, role }
    : { entry, label, value: raw, start, end, role }
}

/** Every credential the service config sets (including ones that are shadowed). */
export function credentialsOf(service: TailscaleService): Credential[] {
  const out: Credential[] = []
  for (const name of ['TS_AUTHKEY', 'TS_AUTH_KEY', 'TS_CLIENT_SECRET'] as const) {
    const entry = service.effectiveEntry.get(name)
    if (!entry) continue
    out.push(
      unquote(
        entry,
        name,
        name === 'TS_CLIENT_SECRET' ? 'client-secret' : 'auth-key',
        0,
        (entry.value ?? '').length,
      ),
    )
  }
  const extra = service.extraArgs
  if (extra) {
    for (const flag of extra.args.flags) {
      if (flag.canonical !== 'auth-key' && flag.canonical !== 'client-secret') continue
      if (flag.value === undefined) continue
      out.push(
        unquote(
          extra.entry,
          `--${flag.name} in TS_EXTRA_ARGS`,
          flag.canonical,
          flag.valueStart,
          flag.valueEnd,
        ),
      )
    }
  }
  return out
}

/**
 * The credential `tailscale up` ends up using as its auth key: `--auth-key` in TS_EXTRA_ARGS (last
 * on the command line), else TS_AUTHKEY, else TS_AUTH_KEY (containerboot's cmp.Or), else
 * TS_CLIENT_SECRET / `--client-secret` (an auth key wins over a client secret).
 */
export function effectiveCredential(service: TailscaleService): Credential | undefined {
  const all = credentialsOf(service)
  const flagKey = lastFlag(service.extraArgs?.args, 'auth-key')
  const fromFlag = flagKey && all.filter(c => c.label.startsWith('--') && c.role === 'auth-key').at(-1)
  if (fromFlag) return fromFlag
  const envKey =
    all.find(c => c.label === 'TS_AUTHKEY' && c.value !== '') ??
    all.find(c => c.label === 'TS_AUTH_KEY' && c.value !== '')
  if (envKey) return envKey
  return all.filter(c => c.role === 'client-secret' && c.value !== '').at(-1)
}

/** True when TS_EXTRA_ARGS gives `--advertise-tags` a value (the last flag is the one in effect). */
export function advertisesTags(service: TailscaleService): boolean {
  const tags = lastFlag(service.extraArgs?.args, 'advertise-tags')
  return tags !== undefined && (tags.value ?? '') !== ''
}

/** How a credential shows itself to be an OAuth client secret (see `oauthForm`), or undefined. */
export function oauthOf(credential: Credential): OAuthForm | undefined {
  return oauthFormOf(credential.value, credential.role)
}

/**
 * How a credential shows itself to be an OAuth client secret that `tailscale up` receives on this
 * node (see `oauthOf` and `reachesTailscaleUp`), or undefined: what the OAuth rules judge.
 */
export function oauthReachingUp(
  credential: Credential,
  talos: { minor: number; patch: number },
): OAuthForm | undefined {
  const form = oauthOf(credential)
  return form && reachesTailscaleUp(credential, talos) ? form : undefined
}

/**
 * True when an OAuth client secret leaves `attribute` out, as far as can be told: false when the
 * secret sets it, or when its attributes are filled in by a substitution (then they are unknown).
 */
export function oauthAttributeMissing(
  credential: Credential,
  parsed: OAuthSecret,
  attribute: 'ephemeral' | 'preauthorized',
): boolean {
  if (attribute === 'ephemeral' ? parsed.ephemeralSet : parsed.preauthorizedSet) return false
  return parsed.queryStart === -1 || !isOpaqueValue(credential.value.slice(parsed.queryStart))
}

/** Words for the form in messages: why talscale treats the value as an OAuth client secret. */
export function oauthFormText(form: OAuthForm): string {
  if (form.form === 'literal') return 'tskey-client-…'
  if (form.form === 'reference')
    return 'a reference followed by ?ephemeral/preauthorized/baseURL attributes, which only OAuth client secrets take'
  return 'a client-secret setting, which only takes OAuth client secrets'
}

/** Source offsets (inside the entry's value) of the secret part a finding points at. */
export function oauthSpan(credential: Credential, form: OAuthForm): [number, number] {
  const end = form.form === 'literal' ? 'tskey-client-'.length : form.secretEnd
  return [credential.start, credential.start + end]
}

/**
 * False for TS_CLIENT_SECRET on a node whose containerboot predates it (Tailscale < 1.94): that
 * containerboot never passes it on, so no OAuth rule applies to it there (TAL422 reports it).
 */
export function reachesTailscaleUp(credential: Credential, talos: { minor: number; patch: number }): boolean {
  return credential.label !== 'TS_CLIENT_SECRET' || containerbootReadsOAuth(talos)
}

/** True when the node's containerboot reads TS_CLIENT_ID, TS_CLIENT_SECRET, TS_ID_TOKEN, TS_AUDIENCE (1.94+). */
export function containerbootReadsOAuth(talos: { minor: number; patch: number }): boolean {
  return extensionHas(talos, TAILSCALE_CHANGES.containerbootOAuth)
}
