import { JoinLoader } from '@/app/_components/join/JoinLoader'

export default async function JoinPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return <JoinLoader boardId={id} />
}
