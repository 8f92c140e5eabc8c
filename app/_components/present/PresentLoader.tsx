'use client'
import dynamic from 'next/dynamic'

const PresentView = dynamic(() => import('./PresentView'), { ssr: false })

export function PresentLoader({ boardId }: { boardId: string }) {
  return <PresentView boardId={boardId} />
}
