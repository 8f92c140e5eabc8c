import { BoardLoader } from '@/app/_components/BoardLoader'

// The server (server/app.ts) answers 404 before this page for unknown or malformed ids.
export default async function BoardPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return <BoardLoader boardId={id} />
}
