/** The per-browser session records a tldraw editor keeps, for presence tests without a DOM. */
import {
  CameraRecordType,
  InstancePageStateRecordType,
  PointerRecordType,
  TLINSTANCE_ID,
  TLPOINTER_ID,
  type TLRecord,
} from '@tldraw/tlschema'
import { boardTLSchema } from '../board/tlschema'
import { DEFAULT_PAGE_ID } from '../board/newBoard'

export function createTestSession(): TLRecord[] {
  const instance = (boardTLSchema.types as any).instance.create({ id: TLINSTANCE_ID, currentPageId: DEFAULT_PAGE_ID })
  return [
    instance,
    InstancePageStateRecordType.create({ id: InstancePageStateRecordType.createId(DEFAULT_PAGE_ID), pageId: DEFAULT_PAGE_ID }),
    CameraRecordType.create({ id: CameraRecordType.createId(DEFAULT_PAGE_ID) }),
    PointerRecordType.create({ id: TLPOINTER_ID }),
  ] as TLRecord[]
}
