/**
 * Exports over HTTP (`GET /api/boards/<id>/export/<format>`, a view token is enough) and
 * imports (`POST /api/boards/import` for a new board, `POST /api/boards/<id>/import` to
 * merge). The server has no browser: PNG, SVG and PDF draw the report map from the coalition
 * model (lib/io); the board's menu offers tldraw's own canvas export besides.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import * as Y from 'yjs'
import { analyse, type Lang } from '../lib/analysis'
import { extractBoard } from '../lib/board/snapshot'
import { boardFileOf, recordsFromBoardFile } from '../lib/board/boardFile'
import { recordsFromSnapshot } from '../lib/board/fromSnapshot'
import { encodeNewBoard } from '../lib/board/newBoard'
import { allRecords, metaMap, MetaKey, recordsKV, sessionMap, SessionKey, type StoredRecord } from '../lib/doc/schema'
import { readSpiral } from '../lib/doc/analysisEntry'
import { newBoardId } from '../lib/ids'
import { ACTOR_TYPE } from '../lib/shapes/actor'
import { hasTieMeta } from '../lib/shapes/tie'
import type * as Io from '../lib/io'
import { boardLinks, issueTokens } from './auth'
import { HttpError, readBody, sendJson } from './http'
import type { ApiContext } from './api'

/**
 * The formats, with their PDF, PNG and spreadsheet libraries, are loaded at the first export
 * or import, not when the server starts: they were about a third of an idle server's memory.
 */
let io: Promise<typeof Io> | null = null
const loadIo = () => (io ??= import('../lib/io'))

export const EXPORT_FORMATS = ['png', 'svg', 'pdf', 'xlsx', 'csv', 'gexf', 'graphml', 'snapshot.json', 'board.json'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

const TYPES: Record<ExportFormat, string> = {
  png: 'image/png',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'application/zip',
  gexf: 'application/gexf+xml',
  graphml: 'application/graphml+xml',
  'snapshot.json': 'application/json',
  'board.json': 'application/json',
}
const EXTENSION: Record<ExportFormat, string> = { ...Object.fromEntries(EXPORT_FORMATS.map((f) => [f, f])), csv: 'csv.zip' } as never

function safeFileName(title: string): string {
  return (title || 'board').replace(/[^\p{L}\p{N} _-]+/gu, '').trim().replace(/\s+/g, '-').slice(0, 60) || 'board'
}

export async function exportBoard(ctx: ApiContext, doc: Y.Doc, format: ExportFormat, url: URL, res: ServerResponse, participants: number): Promise<void> {
  const lang: Lang = url.searchParams.get('lang') === 'nl' ? 'nl' : 'en'
  const title = String(metaMap(doc).get(MetaKey.title) ?? '')
  const target = Number(sessionMap(doc).get(SessionKey.targetCoalitionSize))
  const { snapshot, geometry } = extractBoard(allRecords(doc), Number.isInteger(target) && target >= 1 ? { targetCoalitionSize: target } : {})
  const analysis = analyse(snapshot)
  const date = new Date().toISOString().slice(0, 10)
  const overlay = url.searchParams.get('overlay') !== '0'
  const scale = Math.min(8, Math.max(0.1, Number(url.searchParams.get('scale') ?? 1) || 1))
  const report = {
    title,
    date,
    participants,
    snapshot,
    analysis,
    history: readSpiral(doc),
    positions: geometry.positions,
    rings: geometry.rings ? { x: geometry.rings.centre.x, y: geometry.rings.centre.y, radii: geometry.rings.radii } : undefined,
  }
  const { renderReportSvg, renderReportPng, renderReportPdf, toKumuXlsx, toKumuCsvZip, toGexf, toGraphml, toSnapshotJson } = await loadIo()
  let body: Uint8Array | string
  switch (format) {
    case 'svg':
      body = renderReportSvg(report as never, { lang, overlay, scale })
      break
    case 'png':
      body = renderReportPng(report as never, { lang, overlay, scale })
      break
    case 'pdf':
      body = await renderReportPdf(report as never, { lang, pageSize: url.searchParams.get('size') === 'A3' ? 'A3' : 'A4' })
      break
    case 'xlsx':
      body = await toKumuXlsx(snapshot, analysis)
      break
    case 'csv':
      body = toKumuCsvZip(snapshot, analysis)
      break
    case 'gexf':
      body = toGexf(snapshot, analysis)
      break
    case 'graphml':
      body = toGraphml(snapshot, analysis)
      break
    case 'snapshot.json':
      body = toSnapshotJson(snapshot)
      break
    case 'board.json':
      body = JSON.stringify(boardFileOf(doc, new Date().toISOString()))
      break
    default: {
      const never: never = format
      throw new HttpError(404, `unknown export format ${String(never)}`)
    }
  }
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body)
  res.writeHead(200, {
    'content-type': TYPES[format] + (typeof body === 'string' ? '; charset=utf-8' : ''),
    'content-length': bytes.length,
    'content-disposition': `attachment; filename="${safeFileName(title)}.${EXTENSION[format]}"`,
    'cache-control': 'no-store',
  })
  res.end(bytes)
}

/** The uploaded file: a raw body with its content type, or the first file of a multipart form. */
async function uploadedFile(req: IncomingMessage): Promise<{ bytes: Uint8Array; name: string; type: string }> {
  const limit = (await loadIo()).DEFAULT_LIMITS.maxBytes
  const raw = await readBody(req, limit + 64 * 1024).catch((err) => {
    if (err instanceof HttpError && err.status === 413) throw new HttpError(413, `the file is larger than ${Math.round(limit / 1e6)} MB`, 'file')
    throw err
  })
  const type = String(req.headers['content-type'] ?? '')
  const name = decodeURIComponent(String(req.headers['x-file-name'] ?? 'upload'))
  const boundary = /multipart\/form-data;.*boundary=("?)([^";]+)\1/i.exec(type)?.[2]
  if (!boundary) return { bytes: raw, name, type }
  const marker = Buffer.from(`--${boundary}`)
  const start = raw.indexOf(marker)
  const headerEnd = raw.indexOf('\r\n\r\n', start)
  const end = raw.indexOf(Buffer.from(`\r\n--${boundary}`), headerEnd)
  if (start < 0 || headerEnd < 0 || end < 0) throw new HttpError(400, 'the multipart body has no file part', 'file')
  const headers = raw.subarray(start, headerEnd).toString('utf8')
  return {
    bytes: raw.subarray(headerEnd + 4, end),
    name: /filename="([^"]*)"/i.exec(headers)?.[1] ?? name,
    type: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? '',
  }
}

/** Turns an upload into board records, all or nothing; errors carry where the file is wrong. */
async function recordsOfUpload(req: IncomingMessage, existing: readonly StoredRecord[]): Promise<{ records: StoredRecord[]; title: string }> {
  const file = await uploadedFile(req)
  const parsed = await (await loadIo()).parseImport(file.bytes, file.name, file.type)
  if (!parsed.ok) {
    const status = parsed.error.status === 413 ? 413 : parsed.error.status === 415 ? 415 : 400
    throw new HttpError(status, parsed.error.message, parsed.error.where)
  }
  if (parsed.format === 'board-json') {
    const json = JSON.parse(Buffer.from(file.bytes).toString('utf8'))
    const board = recordsFromBoardFile(json)
    if (!board.ok) throw new HttpError(400, `${file.name}: ${board.message}`, board.where)
    // Merged into an existing board, the board file's document and page records give way.
    const records = existing.length ? board.records.filter((r) => r.typeName !== 'document' && r.typeName !== 'page') : board.records
    return { records, title: board.title }
  }
  return { records: recordsFromSnapshot(parsed.snapshot, existing), title: file.name.replace(/\.[^.]+$/, '') }
}

export async function importNewBoard(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { records, title } = await recordsOfUpload(req, [])
  const id = newBoardId()
  const docRecords = records.filter((r) => r.typeName !== 'document' && r.typeName !== 'page')
  const boardTitle = (title || 'Imported board').slice(0, 200)
  await ctx.storage.createBoard(id, encodeNewBoard({ title: boardTitle, template: 'import', records: docRecords }), boardTitle)
  const tokens = await issueTokens(ctx.storage, id)
  ctx.log.info({ board: id, records: docRecords.length }, 'board imported')
  sendJson(res, 201, { id, url: `/b/${id}#t=${tokens.facilitate}`, tokens, links: boardLinks(ctx.publicBaseUrl(), id, tokens) })
}

export async function importIntoBoard(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, id: string, capability: string): Promise<void> {
  const room = await ctx.rooms.open(id)
  if (!room) throw new HttpError(404, 'no such board', 'id')
  try {
    if (capability !== 'facilitate' && sessionMap(room.doc).get(SessionKey.lock) === true) {
      throw new HttpError(403, 'the board is locked by the facilitator', 'token')
    }
    const { records } = await recordsOfUpload(req, allRecords(room.doc))
    room.doc.transact(() => {
      recordsKV(room.doc).setMany(records.map((record) => [record.id, record]))
    }, 'import')
    await room.settle()
    // What a facilitator imported, in their words: actors and ties, not records (a tie is an
    // arrow and two bindings).
    const actors = records.filter((r) => r.typeName === 'shape' && (r as { type?: string }).type === ACTOR_TYPE).length
    const ties = records.filter((r) => r.typeName === 'shape' && hasTieMeta((r as { meta?: unknown }).meta)).length
    sendJson(res, 200, { id, added: records.length, actors, ties })
  } finally {
    ctx.rooms.released(room)
  }
}
