/**
 * Scenario 5, last rows: propagation in one room while another room of the same server holds
 * a 2,000-actor / 10,000-tie board that the server's analyser peer is analysing, against
 * the same room while that board sits idle (issue 5: within 5 ms of the idle p99).
 *
 * The row runs when the server has an analyser peer (a file `server/analyser*.ts`);
 * `--analyser-room` forces it without one (the big board then is only loaded and edited).
 */
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { generateSnapshot } from '../../lib/analysis/generate'
import { readCore, readMetrics } from '../../lib/doc/analysisEntry'
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
  /** Idle and analysed windows alternate this many times each. */
  rounds: number
  settleMs: number
  propagation: PropagationOptions
  timeoutMs: number
}

export interface AnalyserRoomResult extends PropagationResult {
  boardRecords: number
  /** Per window (same order as `runs`): analyses the server wrote into the big board. */
  analysesWritten: number[]
  /**
   * Per edit of the big board, ms from the edit until the editor received an analysis that
   * had taken it in (an edit folded into a later analysis waits for that one).
   */
  analysisDelays: number[]
  /** Edits whose analysis had not arrived when the run ended. */
  editsNotAnalysed: number
}

/**
 * Probe cards tell which edit an analysis has taken in. Each edit also moves the next probe,
 * a card without ties, from the outside ring into the allies ring, for good: there it is an
 * isolated ally, so the analysis's count of isolated-ally gaps grows by exactly one per edit
 * and names the last edit the analysis saw. (The moves of tied core cards alone leave no
 * such trace: the gaps they change depend on the generated board.)
 */
function probeCards(records: any, count: number): { outside: any; ally: any }[] {
  return Array.from({ length: count }, (_, i) => {
    const angle = (i / count) * Math.PI * 2
    const card = (r: number) =>
      records.actorRecord(records.shapeIdFor(`probe-${i}`), Math.cos(angle) * r - 60, Math.sin(angle) * r - 30, { name: `probe ${i}`, kind: 'group', stance: 'neutral' })
    return { outside: card(750), ally: card(420) }
  })
}

/**
 * Propagation in a room of `options.propagation`'s clients, in windows that alternate between
 * an idle neighbour (the big board loaded and analysed, nobody editing it) and an analysed
 * one (an actor crosses the core/allies border every `editEveryMs`, so every analysis has a
 * new role to take in and rewrites the result and the metrics). Both kinds of window run on
 * the same connections, interleaved, so a machine that gets busier or quieter during the
 * run weighs on both alike.
 */
export async function runAnalyserRoom(server: BenchServer, options: AnalyserRoomOptions): Promise<AnalyserRoomResult> {
  const board = await buildAnalysedBoard(options.actors, options.ties)
  const records: any = await import(pathToFileURL(path.join(ROOT, 'lib/board/records.ts')).href)
  const p = options.propagation
  const editsAtMost = Math.ceil((options.rounds * (p.warmupMs + p.durationMs + p.drainMs)) / options.editEveryMs) + 20
  const probes = probeCards(records, editsAtMost)
  const room = await server.createRoom('analysed')
  const editor = openClient(server, room)
  let timer: NodeJS.Timeout | null = null
  try {
    await until(() => editor.provider.synced, options.timeoutMs, 'analysed board client synced')
    editor.put([...board, ...probes.map((probe) => probe.outside)])
    // Measure once the server has taken the whole board in and analysed it: the upload of
    // 30,000 records is scenario 3's business, not this row's.
    const actors = board.filter((r: any) => r.type === 'actor') as any[]
    const analysis = editor.doc.getMap('analysis')
    const analysedActors = () => Object.keys(readMetrics(editor.doc)?.actors ?? {}).length
    await until(() => analysedActors() >= actors.length, options.timeoutMs, 'the analysed board to be analysed')
    let analyses = 0
    let lastChangeAt = Date.now()
    const isolatedAllies = () => readCore(editor.doc)?.gapCounts['isolated-ally'] ?? 0
    let isolatedBefore = 0
    const editedAt: number[] = []
    const analysisDelays: number[] = []
    analysis.observe((event) => {
      lastChangeAt = Date.now()
      if (!event.keysChanged.has('result')) return
      analyses++
      const seen = Math.min(isolatedAllies() - isolatedBefore, editedAt.length)
      while (analysisDelays.length < seen) analysisDelays.push(lastChangeAt - editedAt[analysisDelays.length])
    })
    // An analysis may still be under way (the upload kept the analyser re-running): wait
    // until the analysis has stood still a while, so the first idle window is idle.
    await until(() => Date.now() - lastChangeAt > options.settleMs, options.timeoutMs, 'the analysed board to settle')
    isolatedBefore = isolatedAllies()
    // Core actors stand 200 from the centre (buildAnalysedBoard), the core ring ends at 270:
    // doubling a card's centre puts it in the allies ring, halving brings it back.
    const core = actors.filter((a) => Math.hypot(a.x + 60, a.y + 30) < 250)
    const moved = new Set<string>()
    let i = 0
    const edit = () => {
      const a = core[i++ % core.length]
      const out = !moved.has(a.id)
      if (out) moved.add(a.id)
      else moved.delete(a.id)
      const cx = (a.x + 60) * (out ? 2 : 1)
      const cy = (a.y + 30) * (out ? 2 : 1)
      const probe = probes[editedAt.length]
      if (probe) editedAt.push(Date.now())
      editor.put([{ ...a, x: cx - 60, y: cy - 30 }, ...(probe ? [probe.ally] : [])])
    }
    const analysesWritten: number[] = []
    let before = 0
    const window = (busy: boolean) => ({
      label: busy ? 'analysed' : 'idle',
      enter: () => {
        before = analyses
        if (busy) timer = setInterval(edit, options.editEveryMs)
      },
      leave: () => {
        if (timer) clearInterval(timer)
        timer = null
        analysesWritten.push(analyses - before)
      },
    })
    // A first window warms the generator up (its first window after connecting is slower
    // whatever the server does) and is not counted; then idle and analysed windows in the
    // order ABBA..., so a machine that drifts busier or quieter weighs on both alike.
    const warmUp = { ...window(false), label: 'warm-up' }
    const rounds = Array.from({ length: options.rounds }, (_, r) => (r % 2 ? [window(true), window(false)] : [window(false), window(true)]))
    const windows = [warmUp, ...rounds.flat()]
    const result = await runPropagation(server, { ...options.propagation, windows })
    return { ...result, boardRecords: board.length, analysesWritten, analysisDelays, editsNotAnalysed: editedAt.length - analysisDelays.length }
  } finally {
    if (timer) clearInterval(timer)
    editor.destroy()
  }
}
