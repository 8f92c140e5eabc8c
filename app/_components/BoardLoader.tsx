'use client'
import dynamic from 'next/dynamic'
import { openLinkEarly } from './board/boardLink'

// tldraw needs the browser: never render it on the server.
const loadBoardCanvas = () => import('./board/BoardCanvas')
const BoardCanvas = dynamic(loadBoardCanvas, { ssr: false })
// Ask for the editor's code as soon as this page's code runs, not once React has rendered.
if (typeof window !== 'undefined') void loadBoardCanvas()

export function BoardLoader({ boardId }: { boardId: string }) {
  // The board's document starts loading while the editor's code does (see boardLink.ts).
  openLinkEarly(boardId)
  return <BoardCanvas boardId={boardId} />
}
