import { describe, expect, it } from 'vitest'
import { Store } from '@tldraw/store'
import type { TLRecord } from '@tldraw/tlschema'
import { boardTLSchema } from '../board/tlschema'
import { actorRecord, ringsRecord } from '../board/records'
import { tieStyle, validateTieMeta, readTieMeta, TieMetaSchema } from './tie'
import { TRUST_LEVELS } from '../analysis/snapshot'

const store = new Store<TLRecord, any>({ schema: boardTLSchema as any, props: {} })
const validate = (record: unknown) => store.schema.validateRecord(store, record as any, 'createRecord', null)

describe('actor props validation', () => {
  it('accepts a valid actor and refuses each kind of bad prop with a clear message', () => {
    expect(() => validate(actorRecord('shape:a', 0, 0, { name: 'Milieudefensie', themes: ['klimaat'] }))).not.toThrow()
    const bad = (props: object) => () => validate(actorRecord('shape:a', 0, 0, props as any))
    expect(bad({ kind: 'company' })).toThrow(/kind/)
    expect(bad({ stance: 'maybe' })).toThrow(/stance/)
    expect(bad({ name: 'x'.repeat(201) })).toThrow(/at most 200 characters/)
    expect(bad({ themes: Array.from({ length: 21 }, (_, i) => `t${i}`) })).toThrow(/at most 20 themes/)
    expect(bad({ size: -1 })).toThrow(/members/)
  })

  it('migrates an actor from before notes and sizes', () => {
    const current = actorRecord('shape:old', 0, 0, { name: 'Old' }) as any
    const { note: _n, size: _s, ...oldProps } = current.props
    const oldRecord = { ...current, props: oldProps }
    const schema = boardTLSchema.serialize() as any
    const old = { ...schema, sequences: { ...schema.sequences, 'com.tldraw.shape.actor': 0 } }
    const migrated = store.schema.migratePersistedRecord(oldRecord, old)
    expect(migrated.type).toBe('success')
    expect((migrated as any).value.props).toMatchObject({ note: '', size: null, name: 'Old' })
    expect(() => validate((migrated as any).value)).not.toThrow()
  })

  it('validates rings', () => {
    expect(() => validate(ringsRecord('shape:r', 0, 0))).not.toThrow()
    expect(() => validate(ringsRecord('shape:r', 0, 0, { core: 1.5 }))).toThrow(/fraction/)
  })
})

describe('tie meta', () => {
  it('validates trust and kind, and defaults a plain arrow to unknown cooperation', () => {
    expect(validateTieMeta({ tie: { trust: 'high', kind: 'resources' } })).toBeNull()
    expect(validateTieMeta({ tie: { trust: 'total', kind: 'resources' } })).toMatch(/^meta\.tie\.trust/)
    expect(validateTieMeta({})).toBeNull()
    expect(readTieMeta({})).toEqual({ trust: 'none', kind: 'cooperation' })
  })

  it('reads tie meta as the strict schema does, with or without its fast path', () => {
    const cases: unknown[] = [
      { tie: { trust: 'high', kind: 'resources' } },
      { tie: { trust: 'high', kind: 'resources', extra: 1 } },
      { tie: { trust: 'total', kind: 'resources' } },
      { tie: { trust: 'high' } },
      { tie: ['high', 'resources'] },
      { tie: null },
      { tie: 'high' },
      null,
      {},
    ]
    for (const meta of cases) {
      const parsed = TieMetaSchema.safeParse((meta as { tie?: unknown } | null)?.tie)
      expect(readTieMeta(meta), JSON.stringify(meta)).toEqual(parsed.success ? parsed.data : { trust: 'none', kind: 'cooperation' })
    }
  })

  it('gives every trust level its own thickness or dash, so it reads without colour', () => {
    const looks = TRUST_LEVELS.map((trust) => {
      const s = tieStyle({ trust, kind: trust === 'conflict' ? 'conflict' : 'cooperation' })
      return `${s.size}/${s.dash}/${s.arrowheadEnd}`
    })
    expect(new Set(looks).size).toBe(TRUST_LEVELS.length)
  })
})
