'use client'
import dynamic from 'next/dynamic'

const JoinForm = dynamic(() => import('./JoinForm'), { ssr: false })

export function JoinLoader({ boardId }: { boardId: string }) {
  return <JoinForm boardId={boardId} />
}
