/**
 * GitOps manifests for the Tailscale Kubernetes operator (hybrid layout), `generate --gitops`:
 * Flux (HelmRepository + HelmRelease) or Argo CD (Application), each with the chart version pinned
 * and annotated for Renovate, the namespace, a Secret skeleton for the operator's OAuth client meant
 * to be encrypted with SOPS before it is committed, and a kustomization.yaml that lists them.
 * @module
 */
import { stringify } from 'yaml'
import { extensionTailscale, formatTailscale } from '../tailscale/versions.ts'
import { operatorValues } from './kubernetes.ts'
import type { Plan } from './plan.ts'
import { yamlHeader } from './talos.ts'

export const GITOPS_TOOLS = ['flux', 'argocd', 'none'] as const
export type GitopsTool = (typeof GITOPS_TOOLS)[number]

/** The operator's Helm chart. */
export const OPERATOR_CHART = {
  repository: 'https://pkgs.tailscale.com/helmcharts',
  name: 'tailscale-operator',
  namespace: 'tailscale',
  release: 'tailscale-operator',
  /** The Secret the chart reads the OAuth client from. */
  secret: 'operator-oauth',
} as const

/** Where the GitOps files go inside the bundle. */
export const GITOPS_DIR = 'kubernetes/tailscale-operator'

const RENOVATE = `# renovate: datasource=helm depName=${OPERATOR_CHART.name} registryUrl=${OPERATOR_CHART.repository}`

/**
 * The chart version: the Tailscale release the nodes' extension ships for the target Talos, so the
 * operator and the nodes run the same Tailscale. Renovate bumps it from there.
 */
export function operatorChartVersion(plan: Plan): string {
  return formatTailscale(extensionTailscale(plan.version))
}

function yaml(doc: unknown): string {
  return stringify(doc, { lineWidth: 0 })
}

// Puts the Renovate comment above the line that holds the pinned version.
function annotate(text: string, key: string, version: string): string {
  return text.replace(
    new RegExp(`^( *)${key}: ${version.replaceAll('.', '\\.')}$`, 'm'),
    `$1${RENOVATE}\n$1${key}: ${version}`,
  )
}

/** The GitOps files for `tool`, by bundle path; empty for `none` or without the operator. */
export function gitopsFiles(plan: Plan, tool: GitopsTool): Map<string, string> {
  const files = new Map<string, string>()
  if (tool === 'none' || !plan.intent.tailscale.operator) return files
  const version = operatorChartVersion(plan)
  const values = operatorValues(plan)
  const header = (lines: string[]) => yamlHeader(lines)

  files.set(
    `${GITOPS_DIR}/namespace.yaml`,
    `${header(['Namespace of the Tailscale operator.'])}${yaml({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: OPERATOR_CHART.namespace } })}`,
  )
  files.set(
    `${GITOPS_DIR}/operator-oauth.secret.yaml`,
    `${header([
      "SKELETON: the operator's OAuth client (scopes Devices Core, Auth Keys and Services write; tag",
      'tag:k8s-operator). Fill in both values, then encrypt the file before committing it:',
      "  sops --encrypt --encrypted-regex '^(data|stringData)$' --in-place " +
        `${GITOPS_DIR}/operator-oauth.secret.yaml`,
      `Flux decrypts it with spec.decryption.provider: sops on the Kustomization that applies ${GITOPS_DIR};`,
      'for Argo CD use a SOPS plugin (KSOPS, helm-secrets). Never commit it unencrypted.',
    ])}${yaml({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: OPERATOR_CHART.secret, namespace: OPERATOR_CHART.namespace },
      type: 'Opaque',
      stringData: {
        client_id: 'REPLACE-with-the-OAuth-client-ID',
        client_secret: 'REPLACE-with-the-OAuth-client-secret',
      },
    })}`,
  )

  const resources = ['namespace.yaml', 'operator-oauth.secret.yaml']
  if (tool === 'flux') {
    files.set(
      `${GITOPS_DIR}/helmrepository.yaml`,
      `${header(["Flux source for Tailscale's Helm charts."])}${yaml({
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'HelmRepository',
        metadata: { name: 'tailscale', namespace: OPERATOR_CHART.namespace },
        spec: { interval: '1h', url: OPERATOR_CHART.repository },
      })}`,
    )
    files.set(
      `${GITOPS_DIR}/helmrelease.yaml`,
      `${header([
        `The Tailscale operator, chart pinned to ${version} (the Tailscale of the nodes' extension); Renovate bumps it.`,
      ])}${annotate(
        yaml({
          apiVersion: 'helm.toolkit.fluxcd.io/v2',
          kind: 'HelmRelease',
          metadata: { name: OPERATOR_CHART.release, namespace: OPERATOR_CHART.namespace },
          spec: {
            interval: '1h',
            releaseName: OPERATOR_CHART.release,
            chart: {
              spec: {
                chart: OPERATOR_CHART.name,
                version,
                sourceRef: { kind: 'HelmRepository', name: 'tailscale' },
              },
            },
            install: { createNamespace: false },
            values,
          },
        }),
        'version',
        version,
      )}`,
    )
    resources.push('helmrepository.yaml', 'helmrelease.yaml')
  } else {
    files.set(
      `${GITOPS_DIR}/application.yaml`,
      `${header([
        `Argo CD Application for the Tailscale operator, chart pinned to ${version} (the Tailscale of the nodes' extension); Renovate bumps it.`,
      ])}${annotate(
        yaml({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: { name: OPERATOR_CHART.release, namespace: 'argocd' },
          spec: {
            project: 'default',
            source: {
              repoURL: OPERATOR_CHART.repository,
              chart: OPERATOR_CHART.name,
              targetRevision: version,
              helm: { releaseName: OPERATOR_CHART.release, valuesObject: values },
            },
            destination: { server: 'https://kubernetes.default.svc', namespace: OPERATOR_CHART.namespace },
            syncPolicy: { automated: { prune: true, selfHeal: true } },
          },
        }),
        'targetRevision',
        version,
      )}`,
    )
    resources.push('application.yaml')
  }
  files.set(
    `${GITOPS_DIR}/kustomization.yaml`,
    `${header([`Everything for the Tailscale operator (${tool === 'flux' ? 'Flux' : 'Argo CD'}).`])}${yaml({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources,
    })}`,
  )
  return files
}
