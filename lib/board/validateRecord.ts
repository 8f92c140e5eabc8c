/**
 * Validation of one stored record against the board schema: tldraw's own record validators
 * (with our actor and rings props), plus the tie data on arrows. Used by the server before a
 * record reaches anyone, and by tests.
 */
import type { StoredRecord } from '../doc/schema'
import { validateTieMeta } from '../shapes/tie'
import { boardTLSchema, isSharedRecordType } from './tlschema'

const noStore = null as never

/** Null when valid, else a message naming the record and the problem. */
export function validateStoredRecord(key: string, value: unknown): string | null {
  if (!value || typeof value !== 'object') return `record ${key}: not an object`
  const record = value as StoredRecord
  if (record.id !== key) return `record ${key}: id "${String(record.id)}" does not match its key`
  if (typeof record.typeName !== 'string' || !isSharedRecordType(record.typeName)) {
    return `record ${key}: type "${String(record.typeName)}" is not stored in a board`
  }
  try {
    boardTLSchema.validateRecord(noStore, record as never, 'createRecord', null)
  } catch (err) {
    return `record ${key}: ${(err as Error).message}`
  }
  if (record.typeName === 'shape' && record.type === 'arrow') {
    const tieError = validateTieMeta(record.meta)
    if (tieError) return `record ${key}: ${tieError}`
  }
  return null
}
