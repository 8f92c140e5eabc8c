/**
 * The initial document of a new board, built on the server when the board is created, so
 * two browsers opening a fresh board never both seed it.
 */
import * as Y from 'yjs'
import { DocumentRecordType, PageRecordType, TLDOCUMENT_ID } from '@tldraw/tlschema'
import { DOC_SCHEMA_VERSION, MetaKey, metaMap, recordsKV, type StoredRecord } from '../doc/schema'
import { boardTLSchema } from './tlschema'

export const DEFAULT_PAGE_ID = PageRecordType.createId('page')

export interface NewBoardOptions {
  title: string
  template: string
  /** Records beyond the document and page (a template's rings and actors). */
  records?: StoredRecord[]
  now?: number
}

export function createBoardDoc(options: NewBoardOptions): Y.Doc {
  const doc = new Y.Doc()
  const base: StoredRecord[] = [
    DocumentRecordType.create({ id: TLDOCUMENT_ID }) as unknown as StoredRecord,
    PageRecordType.create({ id: DEFAULT_PAGE_ID, name: 'Page 1', index: 'a1' as never }) as unknown as StoredRecord,
  ]
  doc.transact(() => {
    const kv = recordsKV(doc)
    kv.setMany([...base, ...(options.records ?? [])].map((record) => [record.id, record]))
    const meta = metaMap(doc)
    meta.set(MetaKey.title, options.title)
    meta.set(MetaKey.createdAt, options.now ?? Date.now())
    meta.set(MetaKey.docSchemaVersion, DOC_SCHEMA_VERSION)
    meta.set(MetaKey.template, options.template)
    meta.set(MetaKey.tldrawSchema, boardTLSchema.serialize())
  })
  return doc
}

export function encodeNewBoard(options: NewBoardOptions): Uint8Array {
  const doc = createBoardDoc(options)
  const state = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return state
}
