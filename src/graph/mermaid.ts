/**
 * The topology as a Mermaid flowchart, for READMEs that render Mermaid (GitHub, GitLab, Gitea).
 * Node IDs are positional (`n0`, `n1`, ...), so no intent string ever becomes Mermaid syntax, and
 * every label is quoted with Mermaid's entity escapes.
 * @module
 */
import type { Topology } from './topology.ts'

/** The flowchart source, without the surrounding code fence. Deterministic. */
export function topologyMermaid(topology: Topology): string {
  const out: string[] = ['flowchart TB']
  const tailnet = [`Tailnet${topology.tailnetDomain ? ` ${topology.tailnetDomain}` : ''}`]
  tailnet.push(topology.tags.length > 0 ? `tags: ${topology.tags.join(', ')}` : 'untagged')
  out.push(`  tailnet(["${label(tailnet)}"])`)
  out.push(`  subgraph cluster["${label([`Talos cluster ${topology.cluster} (${topology.talosVersion})`])}"]`)
  topology.nodes.forEach((node, index) => {
    const lines = [node.hostname, `${node.role} ${node.address}`]
    if (node.tailnetName === undefined) lines.push('no Tailscale')
    out.push(`    n${index}["${label(lines)}"]`)
  })
  out.push('  end')
  const lan = [`LAN ${topology.lanSubnets.join(', ')}`, `firewall ${topology.firewall}`]
  if (topology.kubespan) lan.push('KubeSpan mesh UDP 51820')
  out.push(`  lan[("${label(lan)}")]`)
  topology.nodes.forEach((node, index) => {
    if (node.tailnetName !== undefined) {
      const advertised = node.routes.map(route => {
        const what = route.label === 'cidr' ? route.cidr : `${route.cidr} ${route.label}`
        return `${what} ${route.approval.entry ? `✓ ${route.approval.approvers.join(', ')}` : '✗ approve by hand'}`
      })
      if (node.exitNode) {
        advertised.push(
          `exit node ${node.exitNode.entry ? `✓ ${node.exitNode.approvers.join(', ')}` : '✗ approve by hand'}`,
        )
      }
      out.push(
        advertised.length === 0
          ? `  n${index} --- tailnet`
          : `  n${index} -->|"${label(advertised)}"| tailnet`,
      )
    }
    out.push(`  n${index} --- lan`)
  })
  return `${out.join('\n')}\n`
}

/** Joins lines with `<br/>` and escapes what Mermaid would read as syntax inside a quoted label. */
function label(lines: readonly string[]): string {
  return lines
    .map(line =>
      line
        .replace(/[\u0000-\u001f\u007f]/g, '')
        .replace(/#/g, '#35;')
        .replace(/"/g, '#quot;')
        .replace(/</g, '#lt;')
        .replace(/>/g, '#gt;')
        .replace(/\|/g, '#124;'),
    )
    .join('<br/>')
}
