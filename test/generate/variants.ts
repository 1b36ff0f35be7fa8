/**
 * Intent variants the generator tests run besides the built-in examples: KubeSpan on, an exit node,
 * OAuth enrollment, the blocking firewall. Each is a text edit of an example, so it stays a valid
 * intent; an edit that no longer applies fails loudly instead of silently testing the example twice.
 */
function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`variant edit no longer applies: ${JSON.stringify(from)}`)
  return text.replace(from, to)
}

export function generatorVariants(examples: ReadonlyArray<[string, string]>): Array<[string, string]> {
  const out: Array<[string, string]> = [...examples]
  const homelab = examples.find(([name]) => name === 'homelab')?.[1]
  if (homelab === undefined) return out
  const kubespan = edit(homelab, 'kubespan: false', 'kubespan: true')
  out.push(['homelab+kubespan', kubespan])
  out.push([
    'homelab+exit-node',
    edit(homelab, '      snat: true\n', '      snat: true\n    exitNode: true\n'),
  ])
  out.push([
    'homelab+oauth',
    edit(homelab, 'authKey: { env: TS_AUTHKEY }', 'oauthClientSecret: { env: TS_OAUTH_CLIENT_SECRET }'),
  ])
  out.push(['homelab+kubespan+block', edit(kubespan, 'firewall: allow', 'firewall: block')])
  return out
}
