'use client'
import type { ReactNode } from 'react'
import type * as Y from 'yjs'
import { setSession } from './SessionContext'

/** A facilitator's checkbox that sets a yes/no key of the board's session for everyone. */
export function SessionToggle({
  doc,
  sessionKey,
  checked,
  testId,
  className,
  children,
}: {
  doc: Y.Doc
  sessionKey: string
  checked: boolean
  testId: string
  className: string
  children: ReactNode
}) {
  return (
    <label className={className}>
      <input type="checkbox" checked={checked} data-testid={testId} onChange={(e) => setSession(doc, sessionKey, e.target.checked)} />
      {children}
    </label>
  )
}
