/**
 * The HTTP API that is not a page: health, board creation and board lookup.
 * Answers `true` when it handled the request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import type { Logger } from 'pino'
import { isBoardId, newBoardId } from '../lib/ids'
import { encodeNewBoard } from '../lib/board/newBoard'
import { TEMPLATES, templateRecords } from '../lib/board/templates'
import type { BoardStorage } from './storage/types'
import type { Rooms } from './rooms'
import { HttpError, readJson, sendError, sendJson } from './http'

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
    if (path === '/api/boards') {
      if (req.method !== 'POST') throw new HttpError(405, 'use POST to create a board')
      await createBoard(ctx, req, res)
      return true
    }
    const match = /^\/api\/boards\/([^/]+)$/.exec(path)
    if (match) {
      if (req.method !== 'GET') throw new HttpError(405, 'method not allowed')
      const id = match[1]
      const info = isBoardId(id) ? await ctx.storage.getBoardInfo(id) : null
      if (!info) throw new HttpError(404, 'no such board', 'id')
      sendJson(res, 200, info)
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
  ctx.log.info({ board: id, template }, 'board created')
  sendJson(res, 201, { id, url: `/b/${id}` })
}
