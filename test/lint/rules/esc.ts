/** The tailscale ExtensionServiceConfig with the given environment items, for rule tests. */
export const esc = (...items: string[]) =>
  `apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenvironment:\n${items.map(i => `  - ${i}\n`).join('')}`
