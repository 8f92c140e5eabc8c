import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { analysisMap, metaMap, recordsKV, sessionMap, spiralArray, type StoredRecord } from '../lib/doc/schema'
import { geoShape } from '../lib/testing/records'
import { CloseCode } from '../lib/protocol/closeCodes'
import { BOARD_PROTOCOL, boardProtocols } from '../lib/protocol/linkToken'
import { boardTokens, createBoard, waitFor, type TestClient, type TestServer } from './testing/harness'
import { closeAfterEach } from './testing/closeAfterEach'

const opened = closeAfterEach()
let server: TestServer

function open(board: string, token: string): TestClient {
  return opened.client(server.wsUrl, board, { token })
}

const shape = (key: string, x = 0) => geoShape(key, x, 0) as unknown as StoredRecord

/** Every kind of write a client can make, each in its own transaction. */
const WRITES: Record<string, (doc: Y.Doc) => void> = {
  record: (doc) => recordsKV(doc).set('shape:w', shape('w')),
  title: (doc) => metaMap(doc).set('title', 'Renamed'),
  lock: (doc) => sessionMap(doc).set('lock', true),
  analysis: (doc) => analysisMap(doc).set('result', { phase: 'openness' }),
  spiral: (doc) => spiralArray(doc).push([{ t: 1, phase: 'openness', focus: 1, mass: 1, openness: 1 }]),
  invalidRecord: (doc) => recordsKV(doc).set('shape:bad', { ...shape('bad'), props: { w: 'wide' } } as never),
  badSession: (doc) => sessionMap(doc).set('targetCoalitionSize', -3),
}

/** What an observer sees of each write. */
function seen(doc: Y.Doc): Record<string, boolean> {
  return {
    record: recordsKV(doc).get('shape:w') !== undefined,
    title: metaMap(doc).get('title') === 'Renamed',
    lock: sessionMap(doc).get('lock') === true,
    analysis: (analysisMap(doc).get('result') as { phase?: string } | undefined)?.phase === 'openness',
    spiral: spiralArray(doc).toArray().some((p) => p.phase === 'openness'),
    invalidRecord: recordsKV(doc).get('shape:bad') !== undefined,
    badSession: sessionMap(doc).get('targetCoalitionSize') === -3,
  }
}

async function stored(board: string): Promise<Y.Doc> {
  await server.server.rooms.peek(board)?.settle()
  const s = (await server.server.storage.loadBoard(board))!
  const doc = new Y.Doc()
  if (s.snapshot) Y.applyUpdate(doc, s.snapshot)
  for (const u of s.updates) Y.applyUpdate(doc, u)
  return doc
}

const EXPECTED: Record<string, Record<string, boolean>> = {
  edit: { record: true, title: true, lock: false, analysis: false, spiral: false, invalidRecord: false, badSession: false },
  facilitate: { record: true, title: true, lock: true, analysis: false, spiral: false, invalidRecord: false, badSession: false },
}

describe('capabilities are enforced by the server', () => {
  it.each(['edit', 'facilitate'] as const)('a %s connection: every kind of write, as seen by others and in storage', async (capability) => {
    server = await opened.server({ messagesPerSecond: 10_000, messageBurst: 10_000 })
    for (const [write, allowed] of Object.entries(EXPECTED[capability])) {
      const board = await createBoard(server.baseUrl, { template: 'blank' })
      const tokens = boardTokens(board)
      const observer = open(board, tokens.view)
      const writer = open(board, tokens[capability])
      await Promise.all([observer.synced(), writer.synced()])
      WRITES[write](writer.doc)
      // Then a harmless write, so we know the server processed everything before it.
      recordsKV(writer.doc).set('shape:marker', shape('marker', 1))
      await waitFor(() => recordsKV(observer.doc).get('shape:marker') !== undefined, 5000, `marker after ${write}`)
      expect(seen(observer.doc)[write], `${capability} ${write} reached others`).toBe(allowed)
      expect(seen(await stored(board))[write], `${capability} ${write} stored`).toBe(allowed)
      // The writer itself is brought back in line too.
      await waitFor(() => seen(writer.doc)[write] === allowed, 5000, `${capability} ${write} compensated for the writer`)
    }
  })

  it('a view connection that writes is closed with 4403 and its update never applied', async () => {
    server = await opened.server()
    const board = await createBoard(server.baseUrl, { template: 'blank' })
    const observer = open(board, boardTokens(board).facilitate)
    const viewer = open(board, boardTokens(board).view)
    await Promise.all([observer.synced(), viewer.synced()])
    WRITES.record(viewer.doc)
    await waitFor(() => viewer.closes.includes(CloseCode.Forbidden), 5000, '4403')
    recordsKV(observer.doc).set('shape:marker', shape('marker'))
    await server.server.rooms.peek(board)!.settle()
    expect(seen(observer.doc).record).toBe(false)
    expect(seen(await stored(board)).record).toBe(false)
  })

  it('refuses missing, tampered, other-board and rotated tokens with 4401 before sending the document', async () => {
    server = await opened.server()
    const board = await createBoard(server.baseUrl)
    const other = await createBoard(server.baseUrl)
    const edit = boardTokens(board).edit
    const tampered = edit.slice(0, -1) + (edit.endsWith('A') ? 'B' : 'A')
    const attempts = [
      open(board, ''),
      open(board, tampered),
      open(board, boardTokens(other).facilitate),
    ]
    await waitFor(() => attempts.every((c) => c.closes.includes(CloseCode.Unauthorized)), 5000, '4401 for each')
    for (const c of attempts) expect(recordsKV(c.doc).map.size).toBe(0)
  })

  it('takes the token from the subprotocol list, as browsers send it, and answers with the board protocol', async () => {
    server = await opened.server()
    const board = await createBoard(server.baseUrl, { template: 'blank' })
    const tokens = boardTokens(board)
    const edit = tokens.edit
    const viaProtocol = (token: string) => opened.client(server.wsUrl, board, {}, boardProtocols(token))
    const facilitator = viaProtocol(tokens.facilitate)
    const viewer = viaProtocol(tokens.view)
    const tampered = viaProtocol(edit.slice(0, -1) + (edit.endsWith('A') ? 'B' : 'A'))
    await Promise.all([facilitator.synced(), viewer.synced()])
    expect((facilitator.provider.ws as unknown as { protocol: string }).protocol).toBe(BOARD_PROTOCOL)
    // Each got its own capability: the facilitator locks, the viewer's write closes it.
    WRITES.lock(facilitator.doc)
    WRITES.record(viewer.doc)
    await waitFor(() => viewer.closes.includes(CloseCode.Forbidden), 5000, '4403 for the viewer')
    await waitFor(() => tampered.closes.includes(CloseCode.Unauthorized), 5000, '4401 for the tampered token')
    expect(seen(await stored(board))).toMatchObject({ lock: true, record: false })
  })

  it('a rotated link stops working at once, also for open connections; the new one works', async () => {
    server = await opened.server()
    const board = await createBoard(server.baseUrl)
    const { edit, facilitate } = boardTokens(board)
    const participant = open(board, edit)
    const facilitator = open(board, facilitate)
    await Promise.all([participant.synced(), facilitator.synced()])
    const res = await fetch(`${server.baseUrl}/api/boards/${board}/links/edit/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${facilitate}` },
    })
    expect(res.status).toBe(200)
    const { tokens, links } = await res.json()
    expect(tokens.edit).not.toBe(edit)
    expect(links.edit).toContain(`#t=${tokens.edit}`)
    await waitFor(() => participant.closes.includes(CloseCode.Unauthorized), 5000, 'open edit connection closed')
    expect(facilitator.provider.wsconnected).toBe(true)
    const old = open(board, edit)
    const fresh = open(board, tokens.edit)
    await waitFor(() => old.closes.includes(CloseCode.Unauthorized), 5000, 'old token refused')
    await fresh.synced()
    // The facilitator can recover the current links at any time.
    const current = await (await fetch(`${server.baseUrl}/api/boards/${board}/links`, { headers: { authorization: `Bearer ${facilitate}` } })).json()
    expect(current.tokens.edit).toBe(tokens.edit)
    const forbidden = await fetch(`${server.baseUrl}/api/boards/${board}/links?token=${tokens.edit}`)
    expect(forbidden.status).toBe(403)
    const unauthorised = await fetch(`${server.baseUrl}/api/boards/${board}`)
    expect(unauthorised.status).toBe(401)
    const info = await (await fetch(`${server.baseUrl}/api/boards/${board}?token=${tokens.view}`)).json()
    expect(info.capability).toBe('view')
  })

  it('a locked board undoes an edit link’s changes; after the unlock its later edits arrive', async () => {
    server = await opened.server()
    const board = await createBoard(server.baseUrl, { template: 'blank' })
    const { edit, facilitate } = boardTokens(board)
    const facilitator = open(board, facilitate)
    let participant = open(board, edit)
    await Promise.all([facilitator.synced(), participant.synced()])
    sessionMap(facilitator.doc).set('lock', true)
    await waitFor(() => sessionMap(participant.doc).get('lock') === true, 5000, 'lock seen')
    recordsKV(participant.doc).set('shape:locked', shape('locked'))
    await waitFor(() => recordsKV(participant.doc).get('shape:locked') === undefined, 5000, 'locked edit undone for the writer')
    sessionMap(facilitator.doc).set('lock', false)
    await waitFor(() => sessionMap(participant.doc).get('lock') === false, 5000, 'unlock seen')
    // Reconnect (as after a network drop), then edit again.
    const state = Y.encodeStateAsUpdate(participant.doc)
    participant.destroy()
    participant = open(board, edit)
    Y.applyUpdate(participant.doc, state)
    await participant.synced()
    recordsKV(participant.doc).set('shape:after', shape('after'))
    await waitFor(() => recordsKV(facilitator.doc).get('shape:after') !== undefined, 5000, 'later edit arrives')
    expect(recordsKV(facilitator.doc).get('shape:locked')).toBeUndefined()
    expect(recordsKV(participant.doc).get('shape:locked')).toBeUndefined()
  })
})

describe('read-only clients on a board with history', () => {
  it('a view client’s sync answer (its whole delete set) is not taken for a write', async () => {
    server = await opened.server()
    const board = await createBoard(server.baseUrl, { template: 'blank' })
    const editor = open(board, boardTokens(board).edit)
    await editor.synced()
    // History with deletions: overwrite and delete records.
    for (let i = 0; i < 5; i++) recordsKV(editor.doc).set('shape:h', shape('h', i))
    recordsKV(editor.doc).delete('shape:h')
    await server.server.rooms.peek(board)!.settle()
    const viewer = open(board, boardTokens(board).view)
    await viewer.synced()
    // Reconnect: the viewer now answers the server's sync step 1 with a non-empty delete set.
    viewer.provider.disconnect()
    viewer.provider.connect()
    await viewer.synced()
    recordsKV(editor.doc).set('shape:later', shape('later'))
    await waitFor(() => recordsKV(viewer.doc).get('shape:later') !== undefined, 5000, 'viewer keeps syncing')
    expect(viewer.closes).not.toContain(CloseCode.Forbidden)
  })
})
