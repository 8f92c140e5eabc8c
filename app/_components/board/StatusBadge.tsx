'use client'
import type { ConnectionState } from './useBoardConnection'
import { useI18n } from '@/app/_lib/i18n'

/**
 * connected / offline with N pending edits / read-only, always visible, never in the way.
 * `viewOnly`: this link cannot edit (a view link), so connected reads "Read-only".
 * `editable`: whether this canvas takes edits now (the link and the lock decide), in
 * `data-editable` for tests and tools; null until the link's capability is known, while
 * connected reads "Checking the link…".
 */
export function StatusBadge({
  connection,
  pendingEdits,
  invalidRecords,
  viewOnly = false,
  editable = null,
}: {
  connection: ConnectionState
  pendingEdits: number
  invalidRecords: number
  viewOnly?: boolean
  editable?: boolean | null
}) {
  const { t } = useI18n()
  let label: string
  let tone: 'ok' | 'warn' | 'bad'
  switch (connection.kind) {
    case 'connected':
      // The board is there, but what the link allows is not known yet (its own request answers
      // after the socket): the tools stay away until it is, and the badge says why.
      if (editable === null) {
        label = t('status.checkingLink')
        tone = 'warn'
        break
      }
      label = viewOnly ? t('status.readOnly') : t('status.connected')
      tone = 'ok'
      break
    case 'connecting':
      label = t('status.connecting')
      tone = 'warn'
      break
    case 'offline':
      label = t('status.offline')
      tone = 'warn'
      break
    case 'read-only':
      label = t('status.readOnly')
      tone = 'warn'
      break
    case 'closed':
      label = t('status.closed', { reason: connection.reason || String(connection.code) })
      tone = 'bad'
      break
    default: {
      const never: never = connection
      return never
    }
  }
  const pending =
    pendingEdits > 0 ? (pendingEdits === 1 ? t('status.pendingOne') : t('status.pending', { count: pendingEdits })) : null
  return (
    <div
      className={`cc-status cc-status--${tone}`}
      data-testid="connection-status"
      data-state={connection.kind}
      data-editable={editable === null ? 'unknown' : String(editable)}
      role="status"
    >
      <span className="cc-status__dot" aria-hidden />
      <span>{label}</span>
      {pending && <span data-testid="pending-edits">· {pending}</span>}
      {invalidRecords > 0 && <span>· {t('status.invalidRecords', { count: invalidRecords })}</span>}
    </div>
  )
}
