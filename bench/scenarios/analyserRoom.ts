/**
 * Scenario 5, last row: propagation in one room while another room of the same server holds
 * a 2,000-actor / 10,000-tie board that the server's analyser peer is analysing.
 *
 * HOOK: the row runs once the server has an analyser peer, detected as a file
 * `server/analyser*.ts`; until then it is reported as "pending". `--analyser-room` forces it
 * (useful now as the baseline: the big board loaded and edited, but not analysed). When the
 * analyser lands, check that `buildAnalysedBoard` still matches lib/board/records.ts and that
 * one edit per second in the big room is what makes the analyser run (adjust `editEveryMs`).
 */
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { generateSnapshot } from '../../lib/analysis/generate'
import type { BenchServer } from '../servers'
import { ROOT } from '../servers/process'
import { openClient, until } from '../load/single'
import { runPropagation, type PropagationOptions, type PropagationResult } from './propagation'

/** The analyser peer's file, when the server has one. */
export function analyserPeerFile(): string | null {
  const dir = path.join(ROOT, 'server')
  const file = fs.readdirSync(dir).find((f) => /^analyser.*\.ts$/.test(f) && !f.endsWith('.test.ts'))
  return file ? `server/${file}` : null
}

/**
 * The records of a board with `actors` actor cards inside rings and `ties` bound arrows, from
 * the analyser's own generator. Loaded dynamically: lib/board/records.ts is young.
 */
export async function buildAnalysedBoard(actors: number, ties: number): Promise<{ id: string }[]> {
  const records: any = await import(pathToFileURL(path.join(ROOT, 'lib/board/records.ts')).href)
  const snapshot = generateSnapshot({ actors, ties, seed: 2 })
  const out: { id: string }[] = [records.ringsRecord(records.shapeIdFor('rings'), 0, 0)]
  const position = new Map<string, { x: number; y: number }>()
  const ringRadius = { core: 200, ally: 500, outside: 800 } as Record<string, number>
  snapshot.actors.forEach((actor, i) => {
    const angle = (i / snapshot.actors.length) * Math.PI * 2 * 7
    const r = ringRadius[actor.ring ?? 'outside'] ?? 800
    const p = { x: Math.cos(angle) * r, y: Math.sin(angle) * r }
    position.set(actor.id, p)
    out.push(records.actorRecord(records.shapeIdFor(actor.id), p.x - 60, p.y - 30, { name: actor.name, kind: actor.kind, stance: actor.stance }))
  })
  for (const tie of snapshot.ties) {
    out.push(
      ...records.tieRecords(
        records.shapeIdFor(tie.id),
        records.shapeIdFor(tie.from),
        records.shapeIdFor(tie.to),
        position.get(tie.from),
        position.get(tie.to),
        { trust: tie.trust, kind: tie.kind },
      ),
    )
  }
  return out
}

export interface AnalyserRoomOptions {
  actors: number
  ties: number
  editEveryMs: number
  propagation: PropagationOptions
  timeoutMs: number
}

export async function runAnalyserRoom(server: BenchServer, options: AnalyserRoomOptions): Promise<PropagationResult & { boardRecords: number }> {
  const board = await buildAnalysedBoard(options.actors, options.ties)
  const room = await server.createRoom('analysed')
  const editor = openClient(server, room)
  let timer: NodeJS.Timeout | null = null
  try {
    await until(() => editor.provider.synced, options.timeoutMs, 'analysed board client synced')
    editor.put(board)
    // Measure once the server has taken the whole board in and analysed it: the upload of
    // 30,000 records is scenario 3's business, not this row's.
    const actorCount = board.filter((r: any) => r.type === 'actor').length
    const analysedActors = () => Object.keys((editor.doc.getMap('analysis').get('metrics') as any)?.actors ?? {}).length
    await until(() => analysedActors() >= actorCount, options.timeoutMs, 'the analysed board to be analysed')
    // Keep the analyser busy: one actor moves every editEveryMs.
    const actors = board.filter((r: any) => r.type === 'actor') as any[]
    let i = 0
    timer = setInterval(() => {
      const a = actors[i++ % actors.length]
      editor.put([{ ...a, x: a.x + (i % 2 ? 5 : -5) }])
    }, options.editEveryMs)
    const result = await runPropagation(server, options.propagation)
    return { ...result, boardRecords: board.length }
  } finally {
    if (timer) clearInterval(timer)
    editor.destroy()
  }
}
