import { describe, expect, it } from 'vitest'
import { sourceFromText } from '../../src/core/source.ts'
import { EXAMPLE_NAMES } from '../../src/intent/examples.ts'
import { applyPatches } from '../../src/render/index.ts'
import type { TalosDocument } from '../../src/talos/documents.ts'
import { valueAt } from '../../src/talos/documents.ts'
import { installDiskExpression } from '../../src/talos/forms.ts'
import { parseTalosVersion } from '../../src/talos/version.ts'
import { renderedV114Nodes, v114Base } from './helpers.ts'

/**
 * Talos refuses a multi-document setting next to the v1alpha1 field it replaces
 * (`V1Alpha1ConflictValidate` of each document type): list such pairs in a rendered config.
 */
function conflicts(docs: readonly TalosDocument[]): string[] {
  const main = docs.find(doc => doc.kind === 'v1alpha1')!
  const has = (kind: string) => docs.some(doc => doc.kind === kind)
  const pairs: Array<[string, Array<string | number>]> = [
    ['UnattendedInstallConfig', ['machine', 'install']],
    ['KubeAPIServerConfig', ['cluster', 'apiServer']],
    ['KubeNodeConfig', ['machine', 'kubelet', 'nodeIP']],
    ['KubeSpanConfig', ['machine', 'network', 'kubespan']],
  ]
  return pairs
    .filter(([kind, path]) => has(kind) && valueAt(main, path) !== undefined)
    .map(([kind, path]) => `${kind} and ${path.join('.')}`)
}

describe('v1.14 patches on a v1.14 multi-document base give a config Talos accepts', () => {
  for (const example of EXAMPLE_NAMES) {
    it(example, () => {
      for (const { intent, node, rendered } of renderedV114Nodes(example)) {
        expect(conflicts(rendered.documents), node.hostname).toEqual([])
        const ids = rendered.documents.map(doc => doc.id)
        expect(new Set(ids).size, node.hostname).toBe(ids.length)
        // Validity against the v1.14 schema: test/conformance/generate-multidoc.test.ts.
        const api = rendered.documents.find(doc => doc.kind === 'KubeAPIServerConfig')
        if (node.role === 'controlplane' && intent.tailscale.tailnetDomain !== undefined) {
          expect(valueAt(api!, ['image'])).toBe('registry.k8s.io/kube-apiserver:v1.37.0')
          expect(valueAt(api!, ['certExtraSANs'])).toEqual([
            `${node.hostname}.${intent.tailscale.tailnetDomain}`,
          ])
        }
        const install = rendered.documents.find(doc => doc.kind === 'UnattendedInstallConfig')!
        expect(valueAt(install, ['installer', 'image'])).toMatch(
          /^factory\.talos\.dev\/metal-installer\/(?!376567988ad3)/,
        )
        // The intent's install disk when it names one (edge: the SD card), else gen config's /dev/sda.
        const disk = node.installDisk ?? intent.cluster.installDisk
        expect(valueAt(install, ['provisioning', 'diskSelector', 'match'])).toBe(
          disk === undefined ? 'disk.dev_path == "/dev/sda"' : installDiskExpression(disk),
        )
      }
    })
  }
})

describe('the conflict check can fail', () => {
  it('finds machine.install next to UnattendedInstallConfig', () => {
    const rendered = applyPatches(
      v114Base('worker'),
      [sourceFromText('p.yaml', 'machine:\n  install:\n    image: x\n')],
      { talosVersion: parseTalosVersion('v1.14.0') },
    )
    expect(conflicts(rendered.documents)).toEqual(['UnattendedInstallConfig and machine.install'])
  })
})
