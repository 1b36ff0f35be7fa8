/**
 * Shared by TAL600 and TAL601: what their finding says about the LAN that sorts after the tailnet.
 * @module
 */
import type { LanOrder } from '../../facts/node-ip.ts'

/** `affected` naming the LAN addresses (host bits dropped) when they are known, else `unknown`. */
export function lanOrderMessage(order: LanOrder): {
  messageId: 'affected' | 'unknown'
  data: { lan: string }
} {
  return {
    messageId: order.affected.length > 0 ? 'affected' : 'unknown',
    data: { lan: order.affected.map(text => text.replace(/\/(32|128)$/, '')).join(', ') },
  }
}
