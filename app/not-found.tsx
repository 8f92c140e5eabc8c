import { NotFoundClient } from './_components/NotFoundClient'

export default function NotFound() {
  return <NotFoundClient />
}
