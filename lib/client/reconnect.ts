/**
 * Jittered exponential reconnects for the stock y-websocket provider.
 *
 * The stock provider waits min(2^n × 100, 2500) ms, with no jitter: after a server restart,
 * a thousand clients come back in lock-step waves. We take the decision from it: on every
 * close we stop its own timer (`shouldConnect = false`) and reconnect ourselves after a
 * random delay in [0, min(cap, base × 2^n)) ("full jitter"). Final close codes (44xx) are
 * respected: no reconnect, the caller is told why.
 */
import { isFinalCloseCode } from '../protocol/closeCodes'

export interface ReconnectingProvider {
  shouldConnect: boolean
  connect(): void
  on(event: 'connection-close', handler: (event: { code: number; reason: string } | null) => void): void
  on(event: 'sync', handler: (synced: boolean) => void): void
  off(event: 'connection-close', handler: (event: { code: number; reason: string } | null) => void): void
  off(event: 'sync', handler: (synced: boolean) => void): void
}

export interface JitterOptions {
  baseMs?: number
  maxMs?: number
  random?: () => number
  onFinalClose?: (code: number, reason: string) => void
}

export function jitteredDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt)
  return Math.floor(random() * ceiling)
}

/** Installs the policy; returns a function that removes it. */
export function installJitteredReconnect(provider: ReconnectingProvider, options: JitterOptions = {}): () => void {
  const { baseMs = 250, maxMs = 5000, random = Math.random, onFinalClose } = options
  let attempt = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  let stopped = false

  const onClose = (event: { code: number; reason: string } | null) => {
    // `event` is null when the provider closed itself (disconnect() or its watchdog).
    const wanted = provider.shouldConnect
    provider.shouldConnect = false
    if (stopped || !wanted) return
    if (event && isFinalCloseCode(event.code)) {
      onFinalClose?.(event.code, event.reason)
      return
    }
    attempt++
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      if (!stopped) provider.connect()
    }, jitteredDelay(attempt, baseMs, maxMs, random))
  }
  const onSync = (synced: boolean) => {
    if (synced) attempt = 0
  }
  provider.on('connection-close', onClose)
  provider.on('sync', onSync)
  return () => {
    stopped = true
    if (timer) clearTimeout(timer)
    provider.off('connection-close', onClose)
    provider.off('sync', onSync)
  }
}
