// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} placeholders are test data
/**
 * The accessors read each setting from every place Talos accepts it (T18): the v1alpha1 field and
 * the typed document that replaces it, marking deprecated locations; lists concatenate in merge
 * order and single values take the last document.
 */
import { describe, expect, it } from 'vitest'
import { sourceFromText } from '../../src/core/source.ts'
import { targetFromSource } from '../../src/lint/targets.ts'
import {
  apiServerCertSANs,
  clusterEndpoint,
  endpointHost,
  firewall,
  installImage,
  kubeletValidSubnets,
  kubeSpan,
  linkMtus,
  nameservers,
  podSubnets,
  serviceSubnets,
  sysctls,
} from '../../src/talos/accessors.ts'
import { parseTalosVersion } from '../../src/talos/version.ts'

const docsOf = (text: string) => targetFromSource(sourceFromText('c.yaml', text)).documents
const v = parseTalosVersion

describe('accessors', () => {
  it('reads the install image from UnattendedInstall(Config) over machine.install.image', () => {
    const docs = docsOf(
      'machine:\n  install:\n    image: a:v1\n---\napiVersion: v1alpha1\nkind: UnattendedInstallConfig\ninstaller:\n  image: b:v1\n',
    )
    expect(installImage(docs, v('v1.14.0'))!.value).toBe('b:v1')
    const legacy = installImage(docsOf('machine:\n  install:\n    image: a:v1\n'), v('v1.14.0'))!
    expect([legacy.value, legacy.deprecated]).toEqual(['a:v1', true])
    expect(installImage(docsOf('machine:\n  install:\n    image: a:v1\n'), v('v1.13.0'))!.deprecated).toBe(
      false,
    )
  })

  it('concatenates kubelet pins from v1alpha1 and KubeNodeConfig', () => {
    const docs = docsOf(
      'machine:\n  kubelet:\n    nodeIP:\n      validSubnets: [10.0.0.0/8]\n---\napiVersion: v1alpha1\nkind: KubeNodeConfig\nnodeIP:\n  validSubnets: ["!10.1.0.0/16"]\n',
    )
    const pins = kubeletValidSubnets(docs, v('v1.14.0'))
    expect(pins.entries.map(e => [e.value, e.deprecated])).toEqual([
      ['10.0.0.0/8', true],
      ['!10.1.0.0/16', false],
    ])
  })

  it('merges sysctls with SysctlConfig taking precedence', () => {
    const docs = docsOf(
      'apiVersion: v1alpha1\nkind: SysctlConfig\nparams:\n  net.ipv4.ip_forward: "1"\n---\nmachine:\n  sysctls:\n    net.ipv4.ip_forward: "0"\n    vm.swappiness: 10\n',
    )
    const values = sysctls(docs, v('v1.14.0'))
    expect(values.get('net.ipv4.ip_forward')!.value).toBe('1')
    expect(values.get('vm.swappiness')!.value).toBe('10')
  })

  it('reads KubeSpan from either form', () => {
    const old = kubeSpan(
      docsOf(
        'machine:\n  network:\n    kubespan:\n      enabled: true\n      filters:\n        endpoints: [0.0.0.0/0]\n',
      ),
      v('v1.13.0'),
    )
    expect([old.enabled!.value, old.enabled!.deprecated, old.endpoints.entries.length]).toEqual([
      'true',
      true,
      1,
    ])
    const typed = kubeSpan(
      docsOf('apiVersion: v1alpha1\nkind: KubeSpanConfig\nenabled: false\n'),
      v('v1.13.0'),
    )
    expect(typed.enabled!.value).toBe('false')
  })

  it('reads the firewall, nameservers, MTUs and cert SANs in both forms', () => {
    const fw = firewall(
      docsOf(
        'apiVersion: v1alpha1\nkind: NetworkDefaultActionConfig\ningress: block\n---\napiVersion: v1alpha1\nkind: NetworkRuleConfig\nname: r\nportSelector:\n  ports: [50000, "6443-6444"]\n  protocol: tcp\ningress:\n  - subnet: 100.64.0.0/10\n    except: 100.100.0.0/16\n',
      ),
    )
    expect(fw.defaultAction!.value).toBe('block')
    expect(fw.rules[0]!.ports).toEqual([
      [50000, 50000],
      [6443, 6444],
    ])
    expect(fw.rules[0]!.ingress[0]!.except!.value).toBe('100.100.0.0/16')
    const dns = nameservers(
      docsOf(
        'machine:\n  network:\n    nameservers: [1.1.1.1]\n---\napiVersion: v1alpha1\nkind: ResolverConfig\nnameservers:\n  - address: 100.100.100.100\n',
      ),
      v('v1.12.0'),
    )
    expect(dns.map(n => [n.value, n.deprecated])).toEqual([
      ['1.1.1.1', true],
      ['100.100.100.100', false],
    ])
    const mtus = linkMtus(
      docsOf(
        'machine:\n  network:\n    interfaces:\n      - interface: eth0\n        mtu: 1492\n---\napiVersion: v1alpha1\nkind: LinkConfig\nname: eth1\nmtu: 9000\n',
      ),
    )
    expect(mtus.map(m => [m.link, m.value])).toEqual([
      ['eth0', 1492],
      ['eth1', 9000],
    ])
    const sans = apiServerCertSANs(
      docsOf(
        'cluster:\n  apiServer:\n    certSANs: [a]\n---\napiVersion: v1alpha1\nkind: KubeAPIServerConfig\ncertExtraSANs: [b]\n',
      ),
      v('v1.14.0'),
    )
    expect(sans.entries.map(e => e.value)).toEqual(['a', 'b'])
  })

  it('applies Talos defaults for pod and service subnets and lets the last list win', () => {
    const none = docsOf('machine:\n  type: worker\n')
    expect(podSubnets(none).values).toEqual(['10.244.0.0/16'])
    expect(serviceSubnets(none).values).toEqual(['10.96.0.0/12'])
    const set = docsOf(
      'cluster:\n  network:\n    podSubnets: [10.1.0.0/16]\n---\ncluster:\n  network:\n    podSubnets: [10.2.0.0/16]\n',
    )
    expect(podSubnets(set).values).toEqual(['10.2.0.0/16'])
  })

  it('reads the cluster endpoint host', () => {
    const docs = docsOf('cluster:\n  controlPlane:\n    endpoint: https://CP.tail1234.ts.net:6443\n')
    expect(endpointHost(clusterEndpoint(docs)!.value)).toBe('cp.tail1234.ts.net')
    expect(endpointHost('https://[fd7a:115c:a1e0::1]:6443')).toBe('fd7a:115c:a1e0::1')
    expect(endpointHost('${ENDPOINT}')).toBeUndefined()
  })
})
