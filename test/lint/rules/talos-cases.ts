// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} placeholders are test data
/** YAML snippets shared by the Talos-side rule tests (image, node-ip, routing, certs, kubespan, firewall). */

export const TAILSCALE_ID = '4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b'
export const EMPTY_ID = '376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba'
export const QEMU_ID = 'ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515'
export const QEMU_TAILSCALE_ID = '7d4c31cbd96db9f90c874990697c523482b2bae27fb4631d5583dcd9c281b1ff'

/** The tailscale ExtensionServiceConfig as its own document. */
export const ESC =
  'apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenvironment:\n  - TS_AUTHKEY=${TS_AUTHKEY}\n'

/** A tailscale ESC with extra environment entries. */
export const escWith = (...entries: string[]) =>
  `apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenvironment:\n  - TS_AUTHKEY=\${TS_AUTHKEY}\n${entries.map(e => `  - ${e}\n`).join('')}`

/** A whole node (machine-config) with the given body under `machine:` (indented by the caller) and extra documents. */
export const node = (type: 'controlplane' | 'worker', machine: string, ...docs: string[]) =>
  `version: v1alpha1\nmachine:\n  type: ${type}\n  token: abc.def\n${machine}${docs.map(d => `---\n${d}`).join('')}`

export const installImage = (image: string) => `  install:\n    image: ${image}\n`
