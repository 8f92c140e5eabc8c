import { PresentLoader } from '@/app/_components/present/PresentLoader'

export default async function PresentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return <PresentLoader boardId={id} />
}
