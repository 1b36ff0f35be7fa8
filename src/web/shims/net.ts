/** node:net in the browser page: the two address tests the library uses, as Node defines them. @module */

const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/

export function isIPv4(text: string): boolean {
  return V4.test(text)
}

export function isIPv6(text: string): boolean {
  // URL parsing applies the WHATWG IPv6 grammar, which accepts what Node's isIPv6 accepts apart
  // from zone IDs; a zone ID is not valid in a Talos config either.
  if (!text.includes(':') || /[^0-9A-Fa-f:.]/.test(text)) return false
  try {
    new URL(`http://[${text}]/`)
    return true
  } catch {
    return false
  }
}

export function isIP(text: string): 0 | 4 | 6 {
  return isIPv4(text) ? 4 : isIPv6(text) ? 6 : 0
}
export default { isIP, isIPv4, isIPv6 }
