'use client'
import dynamic from 'next/dynamic'
import { earlyLinkSettled, openLinkEarly } from './board/boardLink'

// tldraw needs the browser: never render it on the server. Its files are already on their way
// (the page's response names them: server/pagePreloads.ts); it runs once the board's socket
// has opened, so the board loads on the server meanwhile (see earlyLinkSettled).
const BoardCanvas = dynamic(() => earlyLinkSettled().then(() => import('./board/BoardCanvas')), { ssr: false })

export function BoardLoader({ boardId }: { boardId: string }) {
  // The board's document starts loading while the editor's code does (see boardLink.ts).
  openLinkEarly(boardId)
  return <BoardCanvas boardId={boardId} />
}
