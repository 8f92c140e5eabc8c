'use client'
import dynamic from 'next/dynamic'

// tldraw needs the browser: never render it on the server.
const BoardCanvas = dynamic(() => import('./board/BoardCanvas'), { ssr: false })

export function BoardLoader({ boardId }: { boardId: string }) {
  return <BoardCanvas boardId={boardId} />
}
