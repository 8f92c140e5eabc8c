/**
 * The HTTP API that is not a page: health, board creation and board lookup.
 * Answers `true` when it handled the request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import * as Y from 'yjs'
import { MetaKey, metaMap } from '../lib/doc/schema'
import type { Logger } from 'pino'
import { isBoardId, newBoardId } from '../lib/ids'
import { encodeNewBoard } from '../lib/board/newBoard'
import { TEMPLATES, templateRecords } from '../lib/board/templates'
import type { BoardStorage } from './storage/types'
import type { Rooms } from './rooms'
import { HttpError, readJson, sendError, sendJson } from './http'
import { allows, authorise, boardLinks, currentTokens, issueTokens, requestToken, rotateToken } from './auth'
import { CloseCode } from '../lib/protocol/closeCodes'
import type { Capability, TokenGrant } from './storage/types'
import { EXPORT_FORMATS, exportBoard, importIntoBoard, importNewBoard, type ExportFormat } from './exports'

const CreateBoardBody = z
  .object({
    title: z.string().trim().max(200).optional(),
    template: z.enum(TEMPLATES).optional(),
  })
  .strict()

export interface ApiContext {
  storage: BoardStorage
  rooms: Rooms
  log: Logger
  publicBaseUrl: () => string
}

export async function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://local')
  const path = url.pathname
  try {
    if (path === '/healthz' && req.method === 'GET') {
      sendJson(res, 200, {
        status: 'ok',
        rooms: ctx.rooms.count,
        connections: ctx.rooms.connectionCount,
        uptimeSeconds: Math.round(process.uptime()),
      })
      return true
    }
    if (path === '/api/server-info' && req.method === 'GET') {
      sendJson(res, 200, { publicUrl: ctx.publicBaseUrl() })
      return true
    }
    if (path === '/api/boards/import') {
      if (req.method !== 'POST') throw new HttpError(405, 'use POST with the file as the body')
      await importNewBoard(ctx, req, res)
      return true
    }
    if (path === '/api/boards') {
      if (req.method !== 'POST') throw new HttpError(405, 'use POST to create a board')
      await createBoard(ctx, req, res)
      return true
    }
    const match = /^\/api\/boards\/([^/]+)(\/.*)?$/.exec(path)
    if (match) {
      await boardRoute(ctx, req, res, url, match[1], match[2] ?? '')
      return true
    }
    if (path.startsWith('/api/')) throw new HttpError(404, 'no such endpoint')
    return false
  } catch (err) {
    if (err instanceof HttpError) sendError(res, err)
    else {
      ctx.log.error({ err, path }, 'api request failed')
      sendError(res, new HttpError(500, 'internal error'))
    }
    return true
  }
}

async function createBoard(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = (await readJson(req, 64 * 1024)) ?? {}
  const parsed = CreateBoardBody.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new HttpError(400, issue.message, issue.path.join('.') || '$')
  }
  const id = newBoardId()
  const template = parsed.data.template ?? 'coalition'
  const { records, title: templateTitle } = templateRecords(template)
  const title = parsed.data.title || templateTitle || 'Untitled board'
  await ctx.storage.createBoard(id, encodeNewBoard({ title, template, records }), title)
  const tokens = await issueTokens(ctx.storage, id)
  ctx.log.info({ board: id, template }, 'board created')
  // The creator lands on the board as its facilitator.
  sendJson(res, 201, { id, url: `/b/${id}#t=${tokens.facilitate}`, tokens, links: boardLinks(ctx.publicBaseUrl(), id, tokens) })
}

/** The grant of the request's token for this board, or a 401/403 naming what is wrong. */
async function requireGrant(ctx: ApiContext, req: IncomingMessage, url: URL, id: string, need: Capability): Promise<TokenGrant & { token: string }> {
  const token = requestToken(req.headers, url)
  if (!token) throw new HttpError(401, 'a link token is required (Authorization: Bearer <token> or ?token=)', 'token')
  const grant = await authorise(ctx.storage, id, token)
  if (!grant) throw new HttpError(401, 'this link is invalid or was replaced', 'token')
  if (!allows(grant.capability, need)) throw new HttpError(403, `this needs a ${need} link`, 'token')
  return { ...grant, token }
}

async function boardRoute(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL, id: string, rest: string): Promise<void> {
  if (!isBoardId(id) || !(await ctx.storage.hasBoard(id))) throw new HttpError(404, 'no such board', 'id')
  if (rest === '' && req.method === 'GET') {
    const grant = await requireGrant(ctx, req, url, id, 'view')
    const info = await ctx.storage.getBoardInfo(id)
    sendJson(res, 200, { ...info, capability: grant.capability, serverTime: Date.now() })
    return
  }
  if (rest === '/links' && req.method === 'GET') {
    const grant = await requireGrant(ctx, req, url, id, 'facilitate')
    const tokens = await currentTokens(ctx.storage, id, grant.token)
    sendJson(res, 200, { tokens, links: boardLinks(ctx.publicBaseUrl(), id, tokens) })
    return
  }
  const rotate = /^\/links\/(edit|view)\/rotate$/.exec(rest)
  if (rotate && req.method === 'POST') {
    const grant = await requireGrant(ctx, req, url, id, 'facilitate')
    const capability = rotate[1] as 'edit' | 'view'
    const tokens = await rotateToken(ctx.storage, id, grant.token, capability)
    // Old links stop working at once, also for connections already open.
    const closed = ctx.rooms.peek(id)?.closePeers(capability, CloseCode.Unauthorized, 'this link was replaced') ?? 0
    ctx.log.info({ board: id, capability, closed }, 'link rotated')
    sendJson(res, 200, { tokens, links: boardLinks(ctx.publicBaseUrl(), id, tokens) })
    return
  }
  const exportMatch = /^\/export\/([a-z.]+)$/.exec(rest)
  if (exportMatch && req.method === 'GET') {
    await requireGrant(ctx, req, url, id, 'view')
    const format = exportMatch[1] as ExportFormat
    if (!EXPORT_FORMATS.includes(format)) throw new HttpError(404, `unknown export format; one of ${EXPORT_FORMATS.join(', ')}`, 'format')
    const doc = await boardDoc(ctx, id)
    const room = ctx.rooms.peek(id)
    const participants = room ? [...room.awareness.getStates().values()].filter((s) => (s as { user?: unknown })?.user).length : 0
    try {
      await exportBoard(ctx, doc, format, url, res, participants)
    } finally {
      doc.destroy()
    }
    return
  }
  if (rest === '/import' && req.method === 'POST') {
    const grant = await requireGrant(ctx, req, url, id, 'edit')
    await importIntoBoard(ctx, req, res, id, grant.capability)
    return
  }
  if (rest === '' && req.method === 'PATCH') {
    await requireGrant(ctx, req, url, id, 'facilitate')
    const parsed = z.object({ title: z.string().trim().min(1).max(200) }).strict().safeParse(await readJson(req, 16 * 1024))
    if (!parsed.success) throw new HttpError(400, parsed.error.issues[0].message, parsed.error.issues[0].path.join('.') || '$')
    await renameBoard(ctx, id, parsed.data.title)
    sendJson(res, 200, await ctx.storage.getBoardInfo(id))
    return
  }
  if (rest === '/duplicate' && req.method === 'POST') {
    await requireGrant(ctx, req, url, id, 'facilitate')
    const copyId = newBoardId()
    const doc = await boardDoc(ctx, id)
    const info = await ctx.storage.getBoardInfo(id)
    const title = `${info?.title ?? 'Board'} (copy)`.slice(0, 200)
    doc.transact(() => metaMap(doc).set(MetaKey.title, title))
    await ctx.storage.createBoard(copyId, Y.encodeStateAsUpdate(doc), title)
    doc.destroy()
    const tokens = await issueTokens(ctx.storage, copyId)
    sendJson(res, 201, { id: copyId, title, url: `/b/${copyId}#t=${tokens.facilitate}`, tokens, links: boardLinks(ctx.publicBaseUrl(), copyId, tokens) })
    return
  }
  if (rest === '' && req.method === 'DELETE') {
    await requireGrant(ctx, req, url, id, 'facilitate')
    const room = ctx.rooms.peek(id)
    if (room) for (const capability of ['view', 'edit', 'facilitate'] as const) room.closePeers(capability, CloseCode.NotFound, 'this board was deleted')
    await ctx.rooms.discard(id)
    await ctx.storage.deleteBoard(id)
    ctx.log.info({ board: id }, 'board deleted')
    res.writeHead(204).end()
    return
  }
  throw new HttpError(rest === '' || rest === '/links' ? 405 : 404, rest === '' || rest === '/links' ? 'method not allowed' : 'no such endpoint')
}

/** The board's current document: the loaded room's, else from storage. */
async function boardDoc(ctx: ApiContext, id: string): Promise<Y.Doc> {
  const room = ctx.rooms.peek(id)
  if (room) {
    await room.settle()
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.doc))
    return copy
  }
  const stored = await ctx.storage.loadBoard(id)
  const doc = new Y.Doc()
  if (stored?.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const u of stored?.updates ?? []) Y.applyUpdate(doc, u)
  return doc
}

/** Renames in the document (so every open browser sees it) and in the board list. */
async function renameBoard(ctx: ApiContext, id: string, title: string): Promise<void> {
  const room = await ctx.rooms.open(id)
  if (room) {
    room.doc.transact(() => metaMap(room.doc).set(MetaKey.title, title))
    await room.settle()
    ctx.rooms.released(room)
  }
  await ctx.storage.setTitle(id, title)
}
