/**
 * Rules that were dropped. Their codes and names stay reserved forever (codes are never reused), a
 * `# talscale-ignore` naming one is reported as retired rather than unknown, and the docs index lists
 * them with the reason.
 * @module
 */

/** A dropped rule: its code and name, and why it was dropped. */
export interface RetiredRule {
  code: string
  name: string
  reason: string
}

export const RETIRED_RULES: readonly RetiredRule[] = [
  {
    code: 'TAL105',
    name: 'platform-installer-before-1-10',
    reason:
      'its claim did not hold: the Image Factory serves `<platform>-installer/<id>` for every Talos version (it builds the installer for the platform named in the image without a version check); it only lists that form in its UI from v1.10',
  },
]
