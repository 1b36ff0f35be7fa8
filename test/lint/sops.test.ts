/**
 * SOPS detection as a pre-parse step: which texts carry SOPS metadata, the decryptor hook that
 * `check --decrypt` plugs in, and what is left to judge once the `sops:` block is dropped.
 */
import { describe, expect, it } from 'vitest'
import { parseSource, sourceFromText } from '../../src/core/source.ts'
import { lintSources } from '../../src/lint/index.ts'
import {
  fullyEncrypted,
  hasEncryptedValues,
  isEncryptedValue,
  isSopsText,
  prepareSource,
  stripSopsMetadata,
} from '../../src/lint/sops.ts'

const ENC = (data: string) =>
  `ENC[AES256_GCM,data:${data},iv:YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo=,tag:MDEyMzQ1Njc4OWFiY2RlZg==,type:str]`
const BLOCK = `sops:\n    age:\n        - recipient: age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq\n    lastmodified: "2025-03-14T09:21:44Z"\n    mac: ${ENC('bWFj')}\n    version: 3.9.4\n`
const ESC = (env: string) =>
  `apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenvironment:\n    - ${env}\n${BLOCK}`

describe('isSopsText', () => {
  it('recognises the top-level sops: block of YAML and JSON files', () => {
    expect(isSopsText(`TS_AUTHKEY: ${ENC('eA==')}\n${BLOCK}`)).toBe(true)
    expect(
      isSopsText(
        `{"data": "${ENC('eA==')}", "sops": {"lastmodified": "2025-03-14T09:21:44Z", "version": "3.9.4"}}`,
      ),
    ).toBe(true)
  })

  it('does not take Flux decryption settings or a plain mention for SOPS metadata', () => {
    expect(isSopsText('spec:\n  decryption:\n    provider: sops\n')).toBe(false)
    expect(isSopsText('sops: enabled\n')).toBe(false)
    expect(isSopsText('# encrypt with sops:\nmachine: {}\n')).toBe(false)
  })

  it('tells one whole ciphertext value', () => {
    expect(isEncryptedValue(ENC('Zm9v'))).toBe(true)
    expect(isEncryptedValue(`TS_AUTHKEY=${ENC('Zm9v')}`)).toBe(false)
  })
})

describe('prepareSource and the decryptor hook', () => {
  const source = sourceFromText('tailscale.sops.yaml', ESC(ENC('VFNfQVVUSEtFWT0=')))

  it('keeps an encrypted file as it is when no decryptor opens it', () => {
    expect(prepareSource(source)).toMatchObject({ sops: true, decrypted: false, source })
    expect(prepareSource(sourceFromText('x.yaml', 'machine: {}\n'))).toMatchObject({ sops: false })
  })

  it('hands SOPS files to the decryptor, which may swap in the clear text', () => {
    const seen: string[] = []
    const prepared = prepareSource(source, file => {
      seen.push(file.path)
      return sourceFromText(file.path, ESC('TS_HOSTNAME=cp 1'))
    })
    expect(seen).toEqual(['tailscale.sops.yaml'])
    expect(prepared.decrypted).toBe(true)
    expect(prepared.source.text).toContain('TS_HOSTNAME=cp 1')
  })

  it('drops the sops: block and counts what is left', () => {
    const documents = stripSopsMetadata(parseSource(source))
    expect(documents[0]!.doc.toJS()).toEqual({
      apiVersion: 'v1alpha1',
      kind: 'ExtensionServiceConfig',
      name: 'tailscale',
      environment: [ENC('VFNfQVVUSEtFWT0=')],
    })
    expect(hasEncryptedValues(documents)).toBe(true)
    expect(fullyEncrypted(documents)).toBe(false)
    const talenv = stripSopsMetadata(
      parseSource(sourceFromText('talenv.sops.yaml', `A: ${ENC('eA==')}\n${BLOCK}`)),
    )
    expect(fullyEncrypted(talenv)).toBe(true)
  })

  it('lintSources judges the clear text a decryptor returns, and nothing of the ciphertext without one', () => {
    const input = [{ source, explicit: true }]
    expect(lintSources(input, { cwd: '/' }).findings).toEqual([])
    const opened = lintSources(input, {
      cwd: '/',
      decrypt: file => sourceFromText(file.path, ESC('TS_HOSTNAME = cp-1')),
    })
    expect(opened.findings.map(finding => finding.code)).toContain('TAL201')
  })
})
