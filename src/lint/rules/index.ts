/**
 * The registry: every rule, sorted by code. Explicit on purpose (no file-system discovery), so the
 * bundle has no dynamic imports and the meta-test can compare this list with the files.
 * @module
 */
import type { Rule } from '../rule.ts'
import tal001 from './tal001-unused-ignore.ts'
import tal002 from './tal002-reference-outside-repository.ts'
import tal010 from './tal010-missing-referenced-file.ts'
import tal011 from './tal011-unreadable-input.ts'
import tal030 from './tal030-unknown-talos-field.ts'
import tal090 from './tal090-intent-oauth-option-with-auth-key.ts'
import tal091 from './tal091-intent-literal-secret.ts'
import tal092 from './tal092-intent-secret-in-schematic.ts'
import tal093 from './tal093-intent-accept-dns.ts'
import tal094 from './tal094-intent-ephemeral-nodes.ts'
import tal095 from './tal095-intent-unpinned-port-with-firewall.ts'
import tal096 from './tal096-intent-auth-once.ts'
import tal097 from './tal097-intent-redundant-tailscale-extension.ts'
import tal098 from './tal098-intent-subnet-overlap.ts'
import tal101 from './tal101-tailscale-service-without-extension.ts'
import tal102 from './tal102-extensionless-installer.ts'
import tal103 from './tal103-install-extensions-no-effect.ts'
import tal104 from './tal104-legacy-installer-name.ts'
import tal106 from './tal106-secret-in-schematic.ts'
import tal107 from './tal107-mixed-schematics.ts'
import tal108 from './tal108-deprecated-install-image-location.ts'
import tal109 from './tal109-tailscale-service-on-role-without-extension.ts'
import tal200 from './tal200-legacy-auth-env-file.ts'
import tal201 from './tal201-env-entry-syntax.ts'
import tal202 from './tal202-quoted-env-value.ts'
import tal203 from './tal203-duplicate-env-key.ts'
import tal204 from './tal204-ignored-preset-override.ts'
import tal205 from './tal205-unknown-ts-variable.ts'
import tal206 from './tal206-rejected-env-combination.ts'
import tal207 from './tal207-kube-secret-on-talos.ts'
import tal208 from './tal208-invalid-boolean.ts'
import tal209 from './tal209-duplicate-service-config.ts'
import tal210 from './tal210-shadowed-auth-key.ts'
import tal211 from './tal211-invalid-addr-port.ts'
import tal212 from './tal212-invalid-port-env.ts'
import tal214 from './tal214-tailscale-outside-service-config.ts'
import tal215 from './tal215-v1alpha1-with-replacement-document.ts'
import tal216 from './tal216-service-config-in-inline-manifest.ts'
import tal240 from './tal240-tailscale-extension-without-service.ts'
import tal241 from './tal241-misspelled-tailscale-service.ts'
import tal300 from './tal300-literal-auth-secret.ts'
import tal301 from './tal301-empty-auth-key.ts'
import tal302 from './tal302-malformed-auth-key.ts'
import tal303 from './tal303-oauth-without-tags.ts'
import tal304 from './tal304-oauth-unknown-attribute.ts'
import tal305 from './tal305-oauth-ephemeral-default.ts'
import tal306 from './tal306-oauth-preauthorized-missing.ts'
import tal307 from './tal307-committed-credential.ts'
import tal308 from './tal308-oauth-without-auth-once.ts'
import tal400 from './tal400-unknown-up-flag.ts'
import tal401 from './tal401-daemon-flag-in-extra-args.ts'
import tal402 from './tal402-set-only-flag.ts'
import tal403 from './tal403-flag-syntax.ts'
import tal404 from './tal404-exit-node-conflict.ts'
import tal405 from './tal405-lan-access-without-exit-node.ts'
import tal406 from './tal406-invalid-route.ts'
import tal407 from './tal407-invalid-tag.ts'
import tal408 from './tal408-flag-value-not-allowed.ts'
import tal409 from './tal409-routes-in-two-places.ts'
import tal410 from './tal410-exit-node-hostname.ts'
import tal411 from './tal411-tailscaled-flag.ts'
import tal412 from './tal412-invalid-hostname.ts'
import tal420 from './tal420-invalid-destination-ip.ts'
import tal421 from './tal421-wif-without-token.ts'
import tal422 from './tal422-oauth-variable-too-new.ts'
import tal500 from './tal500-state-dir-override.ts'
import tal501 from './tal501-daemon-state-flag.ts'
import tal502 from './tal502-auth-once-extra-args.ts'
import tal503 from './tal503-force-reauth-every-boot.ts'
import tal504 from './tal504-reset-missing.ts'
import tal505 from './tal505-untagged-persistent-node.ts'
import tal600 from './tal600-missing-kubelet-node-ip.ts'
import tal601 from './tal601-missing-etcd-advertised-subnets.ts'
import tal602 from './tal602-node-ip-pin-includes-tailnet.ts'
import tal603 from './tal603-node-ip-only-exclusions.ts'
import tal604 from './tal604-deprecated-node-ip-location.ts'
import tal700 from './tal700-accept-dns-enabled.ts'
import tal701 from './tal701-quad100-only-resolver.ts'
import tal750 from './tal750-debug-mtu-invalid.ts'
import tal751 from './tal751-debug-mtu-below-ipv6-minimum.ts'
import tal752 from './tal752-debug-mtu-too-large.ts'
import tal753 from './tal753-debug-mtu-above-default.ts'
import tal800 from './tal800-ip-forward-disabled.ts'
import tal801 from './tal801-ipv6-forwarding-missing.ts'
import tal802 from './tal802-exit-node-without-snat.ts'
import tal803 from './tal803-ipv6-not-forwarded.ts'
import tal804 from './tal804-accept-routes-own-subnet.ts'
import tal850 from './tal850-magicdns-node-address-missing-cert-san.ts'
import tal851 from './tal851-magicdns-endpoint-missing-cert-san.ts'
import tal852 from './tal852-talosconfig-magicdns-endpoint-missing-cert-san.ts'
import tal900 from './tal900-kubespan-advertises-tailnet.ts'
import tal901 from './tal901-kubespan-routes-tailnet.ts'
import tal902 from './tal902-kubespan-configured-twice.ts'
import tal903 from './tal903-kubespan-legacy-form.ts'
import tal950 from './tal950-firewall-blocks-talos-api-from-tailnet.ts'
import tal951 from './tal951-firewall-random-tailscale-port.ts'
import tal952 from './tal952-firewall-blocks-tailscale-port.ts'

export const RULES: readonly Rule[] = [
  tal001,
  tal002,
  tal010,
  tal011,
  tal030,
  tal090,
  tal091,
  tal092,
  tal093,
  tal094,
  tal095,
  tal096,
  tal097,
  tal098,
  // TAL099 (intent-routes-without-tags) is retired: the intent now requires tags (default tag:talos), so it could never fire. The code is not reused.
  tal101,
  tal102,
  tal103,
  tal104,
  tal106,
  tal107,
  tal108,
  tal109,
  tal200,
  tal201,
  tal202,
  tal203,
  tal204,
  tal205,
  tal206,
  tal207,
  tal208,
  tal209,
  tal210,
  tal211,
  tal212,
  tal214,
  tal215,
  tal216,
  tal240,
  tal241,
  tal300,
  tal301,
  tal302,
  tal303,
  tal304,
  tal305,
  tal306,
  tal307,
  tal308,
  tal400,
  tal401,
  tal402,
  tal403,
  tal404,
  tal405,
  tal406,
  tal407,
  tal408,
  tal409,
  tal410,
  tal411,
  tal412,
  tal420,
  tal421,
  tal422,
  tal500,
  tal501,
  tal502,
  tal503,
  tal504,
  tal505,
  tal600,
  tal601,
  tal602,
  tal603,
  tal604,
  tal700,
  tal701,
  tal750,
  tal751,
  tal752,
  tal753,
  tal800,
  tal801,
  tal802,
  tal803,
  tal804,
  tal850,
  tal851,
  tal852,
  tal900,
  tal901,
  tal902,
  tal903,
  tal950,
  tal951,
  tal952,
]

export { RETIRED_RULES } from '../retired-rules.ts'
