'use client'
import { createContext, useContext } from 'react'
import type { Editor } from 'tldraw'
import type * as Y from 'yjs'
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

export const SessionEnvContext = createContext<SessionEnv | null>(null)

export function useSessionEnv(): SessionEnv | null {
  return useContext(SessionEnvContext)
}

/** The presence user id tldraw uses for this browser (what "follow" points at). */
export function presenceUserId(user: LocalUser): string {
  return `user:${user.id}`
}
