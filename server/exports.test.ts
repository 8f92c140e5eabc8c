import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { allRecords } from '../lib/doc/schema'
import { snapshotFromRecords } from '../lib/board/snapshot'
import { boardTokens, createBoard, type TestServer } from './testing/harness'
import { closeAfterEach } from './testing/closeAfterEach'

const opened = closeAfterEach()
let server: TestServer

async function boardSnapshot(board: string) {
  await server.server.rooms.peek(board)?.settle()
  const s = (await server.server.storage.loadBoard(board))!
  const doc = new Y.Doc()
  if (s.snapshot) Y.applyUpdate(doc, s.snapshot)
  for (const u of s.updates) Y.applyUpdate(doc, u)
  return snapshotFromRecords(allRecords(doc))
}

/** The coalition in words: what must survive a round trip (ids may change). */
function essence(snapshot: Awaited<ReturnType<typeof boardSnapshot>>) {
  const name = new Map(snapshot.actors.map((a) => [a.id, a.name]))
  return {
    actors: snapshot.actors.map((a) => [a.name, a.ring, a.kind, a.stance, (a.themes ?? []).join('|')].join('/')).sort(),
    ties: snapshot.ties.map((t) => [name.get(t.from), name.get(t.to), t.trust, t.kind].join('/')).sort(),
  }
}

async function exportOf(board: string, format: string, token = boardTokens(board).view) {
  return fetch(`${server.baseUrl}/api/boards/${board}/export/${format}?token=${token}`)
}

async function importNew(body: Uint8Array | string, name: string, type: string) {
  return fetch(`${server.baseUrl}/api/boards/import`, { method: 'POST', headers: { 'content-type': type, 'x-file-name': name }, body: body as BodyInit })
}

describe('exports and imports over HTTP', () => {
  it('exports every format with a view token', async () => {
    server = await opened.server()
    const board = await createBoard(server.baseUrl, { template: 'example' })
    const expectations: [string, string, (b: Buffer) => boolean][] = [
      ['png', 'image/png', (b) => b.subarray(1, 4).toString() === 'PNG'],
      ['svg', 'image/svg+xml', (b) => b.toString().includes('<svg') && b.toString().includes('Milieudefensie')],
      ['pdf', 'application/pdf', (b) => b.subarray(0, 5).toString() === '%PDF-'],
      ['xlsx', 'spreadsheetml', (b) => b.subarray(0, 2).toString() === 'PK'],
      ['csv', 'application/zip', (b) => b.subarray(0, 2).toString() === 'PK'],
      ['gexf', 'gexf', (b) => b.toString().includes('<gexf')],
      ['graphml', 'graphml', (b) => b.toString().includes('<graphml')],
      ['snapshot.json', 'application/json', (b) => JSON.parse(b.toString()).actors.length === 25],
      ['board.json', 'application/json', (b) => JSON.parse(b.toString()).format === 'coalition-canvas/board'],
    ]
    for (const [format, type, check] of expectations) {
      const res = await exportOf(board, format)
      expect(res.status, format).toBe(200)
      expect(res.headers.get('content-type'), format).toContain(type)
      expect(check(Buffer.from(await res.arrayBuffer())), format).toBe(true)
    }
    expect((await fetch(`${server.baseUrl}/api/boards/${board}/export/pdf`)).status).toBe(401)
    expect((await exportOf(board, 'docx')).status).toBe(404)
  })

  it.each([
    ['board.json', 'application/json'],
    ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['csv', 'application/zip'],
    ['snapshot.json', 'application/json'],
  ])('a %s export imports into a new board with the same coalition', async (format, type) => {
    server = await opened.server()
    const board = await createBoard(server.baseUrl, { template: 'example' })
    const file = Buffer.from(await (await exportOf(board, format)).arrayBuffer())
    const res = await importNew(file, `export.${format === 'csv' ? 'zip' : format}`, type)
    expect(res.status).toBe(201)
    const created = await res.json()
    expect(created.links.edit).toContain(`/b/${created.id}#t=`)
    expect(essence(await boardSnapshot(created.id))).toEqual(essence(await boardSnapshot(board)))
  })

  it('a bad file gets a clear error and changes nothing; merging needs an edit link', async () => {
    server = await opened.server()
    const board = await createBoard(server.baseUrl, { template: 'example' })
    const before = JSON.stringify(await boardSnapshot(board))
    const garbage = await fetch(`${server.baseUrl}/api/boards/${board}/import?token=${boardTokens(board).edit}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-file-name': 'noise.bin' },
      body: new Uint8Array([0, 1, 2, 3, 255, 254, 9, 9, 9]),
    })
    expect(garbage.status).toBe(415)
    expect((await garbage.json()).error.where).toBeTruthy()
    const badCsv = await fetch(`${server.baseUrl}/api/boards/${board}/import?token=${boardTokens(board).edit}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', 'x-file-name': 'elements.csv' },
      body: 'Label,Type,Role,Stance\nA,organisation,core,maybe\n',
    })
    expect(badCsv.status).toBe(400)
    const error = (await badCsv.json()).error
    expect(error.message).toMatch(/Stance/)
    expect(error.where).toMatch(/row 2/)
    expect(JSON.stringify(await boardSnapshot(board))).toBe(before)
    const viewer = await fetch(`${server.baseUrl}/api/boards/${board}/import?token=${boardTokens(board).view}`, { method: 'POST', body: '{}' })
    expect(viewer.status).toBe(403)
    const huge = await importNew(new Uint8Array(50 * 1024 * 1024), 'huge.csv', 'text/csv')
    expect(huge.status).toBe(413)
  })

  it('merges an import into an existing board, laid out in its rings', async () => {
    server = await opened.server()
    const board = await createBoard(server.baseUrl, { template: 'coalition' })
    const res = await fetch(`${server.baseUrl}/api/boards/${board}/import?token=${boardTokens(board).edit}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-file-name': 'coalition.json' },
      body: JSON.stringify({
        actors: [
          { id: 'a', name: 'Łódź Klimaatcoalitie', kind: 'network', stance: 'supporter', ring: 'core', themes: ['klimaat'] },
          { id: 'b', name: 'Ærø', kind: 'group', stance: 'neutral', ring: 'outside' },
        ],
        ties: [{ id: 't', from: 'a', to: 'b', trust: 'low', kind: 'communication' }],
      }),
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ actors: 2, ties: 1 })
    const snapshot = await boardSnapshot(board)
    expect(essence(snapshot)).toEqual({
      actors: ['Ærø/outside/group/neutral/', 'Łódź Klimaatcoalitie/core/network/supporter/klimaat'].sort(),
      ties: ['Łódź Klimaatcoalitie/Ærø/low/communication'],
    })
  })
})
