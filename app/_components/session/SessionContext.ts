'use client'
import { createContext, useContext } from 'react'
import type { Editor } from 'tldraw'
import type * as Y from 'yjs'
import { sessionMap } from '@/lib/doc/schema'
import type { WebsocketProvider } from 'y-websocket'
import type { Capability } from '@/app/_lib/boards'
import type { LocalUser } from '@/app/_lib/user'

/** Everything the session tools need, provided around tldraw by the board. */
export interface SessionEnv {
  boardId: string
  token: string
  doc: Y.Doc
  provider: WebsocketProvider
  editor: Editor
  capability: Capability
  user: LocalUser
  clockOffset: number
}

const SESSION_ORIGIN = Symbol('session')

/** Sets a key of the board's session (timer, lock, follow, …), for everyone. */
export function setSession(doc: Y.Doc, key: string, value: unknown): void {
  doc.transact(() => sessionMap(doc).set(key, value), SESSION_ORIGIN)
}

export const SessionEnvContext = createContext<SessionEnv | null>(null)

export function useSessionEnv(): SessionEnv | null {
  return useContext(SessionEnvContext)
}

/** The presence user id tldraw uses for this browser (what "follow" points at). */
export function presenceUserId(user: LocalUser): string {
  return `user:${user.id}`
}
