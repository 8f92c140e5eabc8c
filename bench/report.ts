/**
 * The bench's results: one table (rows: scenario and figure; columns: ours, reference,
 * Hocuspocus, ours/reference, ours/Hocuspocus, target), as text for the console and as
 * Markdown (with the machine it ran on) for bench/results/latest.md.
 */
import type { AnalysisBench } from '../lib/analysis/bench'
import type { BrowserBoardResult, ReopenedBoardResult } from './browserBoard'
import type { AdapterCost } from './load/adapterCost'
import type { PresenceMode } from './load/messages'
import type { ProfileSummary } from './profile'
import type { AnalyserRoomResult } from './scenarios/analyserRoom'
import type { ColdLoadResult } from './scenarios/coldLoad'
import type { PropagationResult, PropagationRun } from './scenarios/propagation'
import type { PerChange } from './scenarios/perChange'
import type { GrowthPhase, InterleavedResult } from './scenarios/inprocess.child'
import { ALL_KINDS, FLOOR_KIND, SERVER_KINDS, SERVER_LABELS, type ServerKind } from './servers/types'
import type { Settings } from './settings'
import { formatProfile } from './profile'

export type PerServer<T> = Partial<Record<ServerKind, T | { error: string }>>

export interface GrowthResult {
  baseline: { kv: number; map: number }
  phases: GrowthPhase[]
  agree: boolean
  interleaved?: InterleavedResult
}

export interface BenchResults {
  meta: {
    date: string
    mode: string
    node: string
    nproc: number
    cpuModel: string
    memoryGiB: number
    loadavgStart: string
    loadavgEnd: string
    seconds: number
    versions: Record<string, string>
    servers: ServerKind[]
  }
  settings: Settings
  oneBoard: PerServer<PropagationResult>
  manyBoards: PerServer<PropagationResult>
  coldLoad: PerServer<ColdLoadResult>
  growth: GrowthResult | { error: string } | null
  analysis: (AnalysisBench & { perChange?: PerChange }) | { error: string } | null
  analyserRoom: { status: 'pending'; reason: string } | { status: 'ran'; analyser: string | null; result: PerServer<AnalyserRoomResult> } | null
  /** Scenario 5's 1,000-actor board in headless Chromium (ours only): every run, or why not. */
  browserBoard?: { runs: BrowserBoardResult[]; floorRuns?: BrowserBoardResult[]; mediumRuns?: BrowserBoardResult[]; reopenRuns?: ReopenedBoardResult[] } | { skipped: string } | { error: string } | null
  adapter: { micro: AdapterCost; inRun: { messages: number; nsPerMessage: number } | null } | null
  profile: ProfileSummary | { error: string } | null
  profileMany: ProfileSummary | { error: string } | null
  profileAnalysed?: ProfileSummary | { error: string } | null
  errors: string[]
  rows: Row[]
}

export interface Row {
  scenario: string
  figure: string
  /** Numbers per server; a string is shown as is (error, pending, not applicable). */
  values: Partial<Record<ServerKind, number | string>>
  unit: Unit
  /** The target as text, and whether ours meets it (null: cannot tell). */
  target?: string
  pass?: boolean | null
  /** Whether ours/peer ratios mean anything for this figure. */
  ratio?: boolean
  /** Per server, a mark after the value (see NOISE_MARK). */
  marks?: Partial<Record<ServerKind, string>>
}

/** Marks a latency measured while the generator was saturated or other processes were busy. */
export const NOISE_MARK = '†'
const GENERATOR_BOUND_ELU = 0.8
const NOISY_OTHER_CPU = 25

type Unit = 'ms' | 'count' | 'per-s' | 'percent' | 'bytes' | 'times' | 'ratio' | 'text'

const isError = <T extends object>(v: T | { error: string } | undefined): v is { error: string } =>
  !!v && typeof v === 'object' && 'error' in v

const MODE_LABEL: Record<PresenceMode, string> = {
  off: 'no presence',
  quiet: 'presence without echo',
  stock: 'presence, stock provider re-send',
  echo: 'presence with echo',
}

// ---------------------------------------------------------------------------------------
// rows

function perServer<T extends object>(
  results: PerServer<T>,
  servers: ServerKind[],
  pick: (r: T) => number | string | undefined,
): Partial<Record<ServerKind, number | string>> {
  const out: Partial<Record<ServerKind, number | string>> = {}
  for (const kind of servers) {
    const r = results[kind]
    if (r === undefined) continue
    if (isError(r)) out[kind] = 'error'
    else {
      const v = pick(r as T)
      out[kind] = v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? 'n/a' : v
    }
  }
  return out
}

const num = (v: number | string | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

function closesText(closes: Record<string, number>, errors: number): string | number {
  const parts = Object.entries(closes).map(([code, n]) => `${n}×${code}`)
  if (errors) parts.push(`${errors} errors`)
  return parts.length ? parts.join(', ') : 0
}

function loadRows(
  scenario: string,
  results: PerServer<PropagationResult>,
  servers: ServerKind[],
  targets: { p50?: number; p99?: number; p99VsHp?: number; p99VsRef?: number },
  many: { rooms: number; clientsPerRoom: number } | null,
): Row[] {
  const isMany = many !== null
  const rows: Row[] = []
  const anyOk = Object.values(results).find((r) => r && !isError(r)) as PropagationResult | undefined
  if (isMany || anyOk === undefined) {
    rows.push({
      scenario,
      figure: 'clients synced',
      unit: 'count',
      values: perServer(results, servers, (r) => `${r.connect.synced}/${r.connect.clients}`),
      target: isMany ? 'all, none refused' : undefined,
      pass: isMany ? passOf(results.ours, (r) => r.connect.failed === 0) : undefined,
    })
    rows.push({ scenario, figure: 'connect → synced p99', unit: 'ms', ratio: true, values: perServer(results, servers, (r) => r.connect.connect.p99) })
  }
  const modes = anyOk?.runs.map((r) => r.mode) ?? []
  for (const mode of modes) {
    const run = (r: PropagationResult): PropagationRun | undefined => r.runs.find((x) => x.mode === mode)
    const label = modes.length > 1 || !isMany ? `, ${MODE_LABEL[mode]}` : ''
    const marks: Partial<Record<ServerKind, string>> = {}
    for (const kind of servers) {
      const r = results[kind]
      const x = r && !isError(r) ? run(r as PropagationResult) : undefined
      if (x && (x.generatorElu >= GENERATOR_BOUND_ELU || x.server.otherCpuPercent >= NOISY_OTHER_CPU)) marks[kind] = NOISE_MARK
    }
    const row = (figure: string, unit: Unit, pick: (r: PropagationRun) => number | string | undefined, extra: Partial<Row> = {}): Row => ({
      scenario,
      figure: figure + label,
      unit,
      ratio: unit === 'ms' || unit === 'percent' || unit === 'bytes',
      values: perServer(results, servers, (r) => {
        const x = run(r)
        return x ? pick(x) : undefined
      }),
      ...(unit === 'ms' || figure.startsWith('presence p') ? { marks } : {}),
      ...extra,
    })
    const p99 = row('propagation p99', 'ms', (r) => r.propagation.p99)
    const checks: string[] = []
    let ok: boolean | null = true
    const ours = num(p99.values.ours)
    if (ours === null) ok = null
    if (targets.p99 !== undefined) {
      checks.push(`≤ ${targets.p99} ms`)
      if (ours !== null && ours > targets.p99) ok = false
    }
    if (targets.p99VsHp !== undefined) {
      checks.push(`≤ ${targets.p99VsHp} × HP`)
      const hp = num(p99.values.hocuspocus)
      if (ours !== null && hp !== null && ours > targets.p99VsHp * hp) ok = false
      if (hp === null && ok) ok = null
    }
    if (targets.p99VsRef !== undefined) {
      checks.push(`≤ ${targets.p99VsRef} × ref`)
      const ref = num(p99.values.reference)
      if (ours !== null && ref !== null && ours > targets.p99VsRef * ref) ok = false
      if (ref === null && ok) ok = null
    }
    p99.target = checks.join(', ') || undefined
    p99.pass = checks.length ? ok : undefined
    const p50 = row('propagation p50', 'ms', (r) => r.propagation.p50)
    if (targets.p50 !== undefined) {
      p50.target = `≤ ${targets.p50} ms`
      p50.pass = num(p50.values.ours) === null ? null : num(p50.values.ours)! <= targets.p50
    }
    rows.push(p50, p99)
    rows.push(row('propagation max', 'ms', (r) => r.propagation.max))
    rows.push(row('writes not seen by every receiver', 'count', (r) => `${r.incomplete}/${r.writes}`))
    rows.push(row('throughput: updates delivered/s', 'per-s', (r) => r.deliveriesPerSecond))
    if (mode !== 'off') {
      rows.push(row('presence p50 / p99 (per receipt)', 'text', (r) => `${fmt(r.presence.p50, 'ms')} / ${fmt(r.presence.p99, 'ms')}`))
      rows.push(row('presence sent/s (own + echo)', 'text', (r) => `${Math.round(r.presenceSentPerSecond)} + ${Math.round(r.echoesPerSecond)}`))
    }
    rows.push(row('server CPU (% of one core)', 'percent', (r) => r.server.cpuPercent))
    rows.push(row('server RSS', 'bytes', (r) => r.server.rssEnd))
    rows.push(row('closes / errors during the window', 'text', (r) => closesText(r.closes, r.connectionErrors)))
    rows.push(row('generator busiest worker ELU · other CPU %', 'text', (r) => `${r.generatorElu.toFixed(2)} · ${Math.round(r.server.otherCpuPercent)}`))
    rows.push(
      row('generator event-loop delay p99 / max · GC pause max · writes in 10 ms max/mean', 'text', (r) =>
        r.generatorLoopDelay
          ? `${fmt(r.generatorLoopDelay.p99, 'ms')} / ${fmt(r.generatorLoopDelay.max, 'ms')} · ${fmt(r.generatorGc.maxMs, 'ms')} · ${r.writeBunching.maxPer10ms}/${r.writeBunching.meanPer10ms.toFixed(1)}`
          : 'n/a',
      ),
    )
  }
  if (many) {
    rows.push({
      scenario,
      figure: `server RSS per board (incl. its ${many.clientsPerRoom} connections)`,
      unit: 'bytes',
      ratio: true,
      values: perServer(results, servers, (r) => (r.runs.length ? (r.runs[r.runs.length - 1].server.rssEnd - r.rssBefore) / many.rooms : NaN)),
    })
  }
  return rows
}

function passOf<T extends object>(r: T | { error: string } | undefined, test: (r: T) => boolean): boolean | null {
  if (!r || isError(r)) return null
  return test(r as T)
}

export function buildRows(results: BenchResults): Row[] {
  const servers = results.meta.servers
  const s = results.settings
  const rows: Row[] = []
  const one = s.oneBoard
  rows.push(
    ...loadRows(
      `1. one board, ${one.clientsPerRoom} clients, ${one.writeHz} upd/s each, presence ${one.presenceHz} Hz`,
      results.oneBoard,
      servers,
      { p50: 2, p99: 15, p99VsHp: 0.8, p99VsRef: 1.2 },
      null,
    ),
  )
  const many = s.manyBoards
  rows.push(
    ...loadRows(
      `2. ${many.rooms} boards × ${many.clientsPerRoom} clients, ${many.writeHz} upd/s, presence ${many.presenceHz} Hz`,
      results.manyBoards,
      servers,
      { p99: 50 },
      many,
    ),
  )

  const cold = `3. cold load, ${(s.coldLoad.targetBytes / 1e6).toFixed(1)} MB board`
  const c = results.coldLoad
  rows.push({ scenario: cold, figure: 'encoded size', unit: 'bytes', values: perServer(c, servers, (r) => r.encodedBytes) })
  rows.push({ scenario: cold, figure: 'connect → all records (median of restarts)', unit: 'ms', ratio: true, values: perServer(c, servers, (r) => r.coldMedianMs) })
  rows.push({ scenario: cold, figure: 'connect → last document frame received', unit: 'ms', ratio: true, values: perServer(c, servers, (r) => r.coldReceivedMedianMs) })
  rows.push({ scenario: cold, figure: 'warm load (board already in memory)', unit: 'ms', ratio: true, values: perServer(c, servers, (r) => r.warmMs) })
  rows.push({ scenario: cold, figure: 'upload (1,000 records per update) → second client has all', unit: 'ms', ratio: true, values: perServer(c, servers, (r) => r.uploadMs) })
  const memRow: Row = { scenario: cold, figure: 'server memory for the loaded board', unit: 'bytes', ratio: true, values: perServer(c, servers, (r) => r.rssLoaded - r.rssBaseline) }
  const memRatio: Row = {
    scenario: cold,
    figure: 'server memory / encoded size',
    unit: 'times',
    ratio: true,
    values: perServer(c, servers, (r) => r.memoryRatio),
    target: '≤ 20 ×',
    pass: passOf(c.ours, (r) => r.memoryRatio <= 20),
  }
  rows.push(memRow, memRatio)

  const growth = '4. growth (overwrite sequence)'
  const g = results.growth
  const peers = (v: number | string) => ({ reference: v, hocuspocus: v })
  if (g && !isError(g)) {
    for (const phase of g.phases) {
      const whole = phase.name === 'whole sequence'
      const label = whole
        ? `encoded size after ${phase.scale.single.toLocaleString('en')} / ${phase.scale.selection.toLocaleString('en')}×10 / ${phase.scale.alternating.toLocaleString('en')} (our records array vs Y.Map)`
        : `bytes/overwrite, ${phase.name}`
      if (whole) {
        rows.push({
          scenario: growth,
          figure: label,
          unit: 'bytes',
          ratio: true,
          values: { ours: phase.kvBytes, ...peers(phase.mapBytes) },
          target: '< 64 KB',
          pass: phase.kvBytes < 64 * 1024,
        })
        rows.push({ scenario: growth, figure: 'bytes/overwrite, whole sequence', unit: 'ratio', ratio: true, values: { ours: phase.kvBytesPerOverwrite, ...peers(phase.mapBytesPerOverwrite) } })
      } else {
        rows.push({ scenario: growth, figure: label, unit: 'ratio', ratio: true, values: { ours: phase.kvBytesPerOverwrite, ...peers(phase.mapBytesPerOverwrite) } })
      }
    }
    const mix = g.interleaved
    if (mix) {
      const n = mix.overwrites.toLocaleString('en')
      rows.push({ scenario: growth, figure: `encoded size after ${n} overwrites by ${mix.writers} writers in turn`, unit: 'bytes', ratio: true, values: { ours: mix.kvBytes, ...peers(mix.mapBytes) } })
      rows.push({ scenario: growth, figure: `records list items then (live + superseded, our records array)`, unit: 'count', values: { ours: mix.kvListItems, ...peers('—') } })
      rows.push({ scenario: growth, figure: `applying one more overwrite then, observed (µs)`, unit: 'ratio', ratio: true, values: { ours: mix.kvApplyUs, ...peers(mix.mapApplyUs) } })
    }
  } else {
    rows.push({ scenario: growth, figure: 'encoded size', unit: 'text', values: { ours: g ? 'error' : 'not run' } })
  }

  const analysis = '5. analyser (ours only)'
  const a = results.analysis
  const na = { reference: '—', hocuspocus: '—' }
  if (a && !isError(a)) {
    rows.push({ scenario: analysis, figure: 'analyse, 200 actors / 1,000 ties (median)', unit: 'ms', values: { ours: a.workshop.median, ...na }, target: '≤ 50 ms', pass: a.workshop.median <= 50 })
    rows.push({ scenario: analysis, figure: 'core (phase, scores, gaps), 2,000 / 10,000', unit: 'ms', values: { ours: a.largeCore.median, ...na }, target: '≤ 150 ms', pass: a.largeCore.median <= 150 })
    rows.push({ scenario: analysis, figure: 'metrics, 2,000 / 10,000', unit: 'ms', values: { ours: a.largeMetrics.median, ...na }, target: '≤ 1,000 ms', pass: a.largeMetrics.median <= 1000 })
    rows.push({ scenario: analysis, figure: 'betweenness alone, 2,000 / 10,000', unit: 'ms', values: { ours: a.largeBetweenness.median, ...na } })
    const c = a.perChange
    if (c) {
      const both = (whole: number, incremental: number) => `${fmt(whole, 'ms')} / ${fmt(incremental, 'ms')} (${(incremental / whole).toFixed(2)})`
      rows.push({ scenario: analysis, figure: `analyser CPU per change of ${c.actors.toLocaleString('en')} / ${c.ties.toLocaleString('en')} (a card crosses the core border): whole extraction / incremental (ratio), median of ${c.changes}`, unit: 'text', values: { ours: both(c.wholeMs, c.incrementalMs), ...na } })
      rows.push({ scenario: analysis, figure: 'of which extraction and input text', unit: 'text', values: { ours: both(c.wholeExtractMs, c.incrementalExtractMs), ...na } })
    }
  } else {
    rows.push({ scenario: analysis, figure: 'analyse', unit: 'text', values: { ours: a ? 'error' : 'not run', ...na } })
  }
  const ar = results.analyserRoom
  if (!ar || ar.status === 'pending') {
    rows.push({
      scenario: analysis,
      figure: 'propagation p99 while another room (2,000 actors) is analysed',
      unit: 'text',
      values: { ours: ar ? 'pending: analyser peer not yet in server' : 'not run', ...na },
    })
  } else {
    const r = ar.result.ours
    const suffix = ar.analyser ? '' : ' (forced: no analyser yet, board only loaded)'
    if (!r || isError(r)) {
      rows.push({ scenario: analysis, figure: `other room, propagation while a 2,000-actor room is analysed${suffix}`, unit: 'text', values: { ours: 'error', ...na } })
    } else {
      const { runs, analysesWritten } = r as AnalyserRoomResult
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
      const of = (label: string, p: 'p50' | 'p99') => mean(runs.filter((x) => x.label === label).map((x) => x.propagation[p]))
      const idleWindows = runs.filter((x) => x.label === 'idle').length
      const windows = idleWindows > 1 ? ` (mean of ${idleWindows} windows each, interleaved)` : ''
      const analyses = analysesWritten.filter((_, i) => runs[i]?.label === 'analysed').reduce((a, b) => a + b, 0)
      const both = (p: 'p50' | 'p99') => `${fmt(of('idle', p), 'ms')} / ${fmt(of('analysed', p), 'ms')}`
      const delta = of('analysed', 'p99') - of('idle', 'p99')
      rows.push({ scenario: analysis, figure: `other room, propagation p50: neighbour idle / analysed${windows}${suffix}`, unit: 'text', values: { ours: both('p50'), ...na } })
      rows.push({ scenario: analysis, figure: `other room, propagation p99: neighbour idle / analysed${windows}`, unit: 'text', values: { ours: both('p99'), ...na } })
      rows.push({
        scenario: analysis,
        figure: `other room, p99 analysed − idle (${analyses} analyses written meanwhile)`,
        unit: 'ms',
        values: { ours: delta, ...na },
        target: '≤ 5 ms',
        pass: delta <= 5,
      })
      const { analysisDelays: delays = [], editsNotAnalysed = 0 } = r as AnalyserRoomResult
      if (delays.length) {
        const sorted = [...delays].sort((a, b) => a - b)
        const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
        rows.push({
          scenario: analysis,
          figure: `big board: an edit's analysis reaches its editor after p50 / p90 / max (${delays.length} edits, ${editsNotAnalysed} not analysed at the end)`,
          unit: 'text',
          values: { ours: `${fmt(at(0.5), 'ms')} / ${fmt(at(0.9), 'ms')} / ${fmt(sorted[sorted.length - 1], 'ms')}`, ...na },
          target: 'about 1 s',
        })
      }
    }
  }
  rows.push(...browserRows(results.browserBoard, analysis, na))
  return rows
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/** Targets of issue 4 (Speed). */
export const BROWSER_TARGETS = { interactiveMs: 2500, dragFrameP95Ms: 33 }

/** The browser rows of scenario 5: medians over the runs (the runs are in the JSON). */
export function browserRows(b: BenchResults['browserBoard'], scenario: string, na: Row['values']): Row[] {
  const interactive = '1,000-actor board in headless Chromium: interactive after goto'
  const frames = 'drag frame p50 / p95'
  const interactiveTarget = `≤ ${BROWSER_TARGETS.interactiveMs.toLocaleString('en')} ms`
  const framesTarget = `p95 < ${BROWSER_TARGETS.dragFrameP95Ms} ms`
  if (!b || !('runs' in b) || b.runs.length === 0) {
    const why = !b ? 'not run' : 'skipped' in b ? `skipped: ${b.skipped}` : 'error' in b ? `error: ${b.error.split('\n')[0]}` : 'no runs'
    return [
      { scenario, figure: interactive, unit: 'text', values: { ours: why, ...na }, target: interactiveTarget, pass: null },
      { scenario, figure: frames, unit: 'text', values: { ours: why, ...na }, target: framesTarget, pass: null },
    ]
  }
  const runs = b.runs
  const n = runs.length > 1 ? ` (median of ${runs.length})` : ''
  const ms = median(runs.map((r) => r.interactiveMs))
  const p50 = median(runs.map((r) => r.dragFrameP50Ms))
  const p95 = median(runs.map((r) => r.dragFrameP95Ms))
  // Where the time went: the app's marks (ms after navigation) and the bench's own steps
  // (ms after goto was called), medians over the runs that have them.
  const at = (pick: (r: BrowserBoardResult) => number | undefined) => medianText(runs.map(pick))
  const stages = [
    ...(runs.some((r) => r.browserQuiet) ? [`(before goto: the browser's own start, ${at((r) => r.browserQuiet?.waitedMs)} ms, not counted)`] : []),
    `link opened ${at((r) => r.stages?.['link-opened'])}`,
    `socket open ${at((r) => r.stages?.['socket-open'])}`,
    `board received ${at((r) => r.stages?.['board-received'])}`,
    `editor code run ${at((r) => r.stages?.['board-code'])}`,
    `synced ${at((r) => r.stages?.synced)}`,
    `store loaded ${at((r) => r.stages?.['store-loaded'])}`,
    `editor mounted ${at((r) => r.stages?.['editor-mounted'])}`,
    `map shown ${at((r) => r.steps?.shown)}`,
    `zoomed to a card ${at((r) => r.steps?.zoomed)}`,
    `card dragged ${at((r) => r.interactiveMs)}`,
  ].join(' · ')
  // Where the machine's CPU went meanwhile (older results have none).
  const withCpu = runs.filter((r) => r.cpu)
  const cpuRows: Row[] = withCpu.length
    ? [
        {
          scenario,
          figure: `CPU from goto until interactive${withCpu.length > 1 ? ` (median of ${withCpu.length})` : ''}`,
          unit: 'text',
          values: {
            ours:
              `page's main thread in tasks ${at((r) => r.cpu?.mainThreadTasksMs)} ms (CPU ${at((r) => r.cpu?.mainThreadCpuMs)} ms)` +
              (withCpu.some((r) => r.cpu!.chromiumMs !== undefined)
                ? ` · Chromium ${at((r) => r.cpu?.chromiumMs)} ms` +
                  (withCpu.some((r) => r.cpu!.rendererMainMs !== undefined)
                    ? ` (its renderers' main threads ${at((r) => r.cpu?.rendererMainMs)} ms, their other threads ${at((r) => r.cpu?.rendererOtherMs)} ms)`
                    : '') +
                  ` · server ${at((r) => r.cpu?.serverMs)} ms + its analysis process ${at((r) => r.cpu?.serverChildrenMs)} ms · other ${at((r) => r.cpu?.otherMs)} ms`
                : '') +
              ` · of ${at((r) => r.cpu?.cores)} cores × ${at((r) => (r.cpu ? r.interactiveMs : undefined))} ms`,
            ...na,
          },
          target: '',
          pass: null,
        },
      ]
    : []
  // The same page with a 10-actor board, run beside each big run (older results have none).
  const floor = b.floorRuns?.length ? median(b.floorRuns.map((r) => r.interactiveMs)) : null
  const floorRows: Row[] =
    floor === null
      ? []
      : [
          {
            scenario,
            figure: `the same page with a ${b.floorRuns![0].actors}-actor board, run beside it${b.floorRuns!.length > 1 ? ` (median of ${b.floorRuns!.length})` : ''}`,
            unit: 'text',
            values: { ours: `${fmt(floor, 'ms')}: the ${runs[0].actors.toLocaleString('en')} actors add ${fmt(ms - floor, 'ms')} (${fmt(ms / floor, 'times')})`, ...na },
            target: '',
            pass: null,
          },
        ]
  // The second drag: a card whose trust-gap lines move with it (older results have none).
  const flagged = runs.map((r) => r.flaggedDrag).filter((f): f is NonNullable<BrowserBoardResult['flaggedDrag']> => !!f)
  const flaggedP95 = flagged.length ? median(flagged.map((f) => f.p95Ms)) : null
  const flaggedRows: Row[] = flagged.length
    ? [
        {
          scenario,
          figure: `drag of a card with trust-gap lines (${Math.round(median(flagged.map((f) => f.lines)))}), once the analysis shows: frame p50 / p95${flagged.length > 1 ? ` (median of ${flagged.length})` : ''}`,
          unit: 'text',
          values: { ours: `${fmt(median(flagged.map((f) => f.p50Ms)), 'ms')} / ${fmt(flaggedP95!, 'ms')}${slowFramesText(flagged)}`, ...na },
          target: framesTarget,
          pass: flaggedP95! < BROWSER_TARGETS.dragFrameP95Ms,
        },
      ]
    : []
  // Drags on the smaller boards run beside the big one: a board under the map layer's
  // threshold is drawn by tldraw's own components, and once dragged at p95 33-350 ms there
  // while the big board's row said 16.8 ms.
  const smallerDragRows = [b.floorRuns, b.mediumRuns].flatMap((small) => (small?.length ? [smallerBoardDragRow(small, scenario, na, framesTarget)] : []))
  return [
    { scenario, figure: `${interactive}${n}`, unit: 'ms', values: { ours: ms, ...na }, target: interactiveTarget, pass: ms <= BROWSER_TARGETS.interactiveMs },
    ...floorRows,
    ...reopenRows(b.reopenRuns ?? [], scenario, na),
    { scenario, figure: `where those ms went${n}`, unit: 'text', values: { ours: stages, ...na }, target: '', pass: null },
    ...cpuRows,
    {
      scenario,
      figure: `${frames}${n}`,
      unit: 'text',
      values: { ours: `${fmt(p50, 'ms')} / ${fmt(p95, 'ms')}`, ...na },
      target: framesTarget,
      pass: p95 < BROWSER_TARGETS.dragFrameP95Ms,
    },
    ...flaggedRows,
    ...smallerDragRows,
  ]
}

/** How many frames took more than one vsync: p95 moves in steps of 16.7 ms (older results lack it). */
function slowFramesText(drags: NonNullable<BrowserBoardResult['flaggedDrag']>[]): string {
  const counted = drags.filter((d) => d.slowFrames !== undefined)
  if (!counted.length) return ''
  return ` (${Math.round(median(counted.map((d) => d.slowFrames!)))} of ${Math.round(median(counted.map((d) => d.frames)))} frames over 20 ms)`
}

/**
 * One smaller board's drags, medians over its runs: the plain drag, and that of the card with
 * trust-gap lines where the board showed one; it passes when both are under the drag target.
 */
function smallerBoardDragRow(runs: BrowserBoardResult[], scenario: string, na: Row['values'], target: string): Row {
  const n = runs.length > 1 ? ` (median of ${runs.length})` : ''
  const p95 = median(runs.map((r) => r.dragFrameP95Ms))
  const flagged = runs.map((r) => r.flaggedDrag).filter((f): f is NonNullable<BrowserBoardResult['flaggedDrag']> => !!f)
  const flaggedP95 = flagged.length ? median(flagged.map((f) => f.p95Ms)) : null
  const flaggedText = flaggedP95 === null ? '' : ` · a card with trust-gap lines ${fmt(median(flagged.map((f) => f.p50Ms)), 'ms')} / ${fmt(flaggedP95, 'ms')}${slowFramesText(flagged)}`
  return {
    scenario,
    figure: `drag on a ${runs[0].actors.toLocaleString('en')}-actor / ${runs[0].ties.toLocaleString('en')}-tie board, run beside it: frame p50 / p95${n}`,
    unit: 'text',
    values: { ours: `${fmt(median(runs.map((r) => r.dragFrameP50Ms)), 'ms')} / ${fmt(p95, 'ms')}${flaggedText} · interactive after ${fmt(median(runs.map((r) => r.interactiveMs)), 'ms')}`, ...na },
    target,
    pass: p95 < BROWSER_TARGETS.dragFrameP95Ms && (flaggedP95 === null || flaggedP95 < BROWSER_TARGETS.dragFrameP95Ms),
  }
}

/** The median of the runs that have a figure, rounded, with thousands separators; '?' if none. */
function medianText(xs: (number | undefined)[]): string {
  const known = xs.filter((x): x is number => typeof x === 'number')
  return known.length ? Math.round(median(known)).toLocaleString('en') : '?'
}

/** The board opened again by a browser profile that had it open (older results have none). */
function reopenRows(runs: ReopenedBoardResult[], scenario: string, na: Row['values']): Row[] {
  if (!runs.length) return []
  const at = (xs: (number | undefined)[]) => {
    const text = medianText(xs)
    return text === '?' ? text : `${text} ms`
  }
  return [
    {
      scenario,
      figure: `the same board opened again in a new tab, by a browser profile that had it open${runs.length > 1 ? ` (median of ${runs.length})` : ''}`,
      unit: 'text',
      values: {
        ours:
          `${at(runs.map((r) => r.reopenedMs))} (that profile's first visit ${at(runs.map((r) => r.firstMs))}): ` +
          `editor code run ${at(runs.map((r) => r.stages['board-code']))} · editor mounted ${at(runs.map((r) => r.stages['editor-mounted']))}`,
        ...na,
      },
      target: '',
      pass: null,
    },
  ]
}

// ---------------------------------------------------------------------------------------
// formatting

export function fmt(v: number | string | undefined, unit: Unit): string {
  if (v === undefined) return ''
  if (typeof v === 'string') return v
  if (!Number.isFinite(v)) return 'n/a'
  switch (unit) {
    case 'ms':
      return v < 10 ? `${v.toFixed(2)} ms` : v < 100 ? `${v.toFixed(1)} ms` : `${Math.round(v).toLocaleString('en')} ms`
    case 'bytes':
      return Math.abs(v) >= 1024 * 1024 ? `${(v / 1024 / 1024).toFixed(1)} MB` : Math.abs(v) >= 1024 ? `${(v / 1024).toFixed(1)} KB` : `${Math.round(v)} B`
    case 'percent':
      return `${v.toFixed(0)} %`
    case 'times':
      return `${v.toFixed(1)} ×`
    case 'per-s':
      return `${Math.round(v).toLocaleString('en')}/s`
    case 'ratio':
      return v < 10 ? v.toFixed(2) : v.toFixed(1)
    default:
      return String(v)
  }
}

function ratio(row: Row, peer: ServerKind): string {
  if (!row.ratio) return ''
  const ours = num(row.values.ours)
  const other = num(row.values[peer])
  if (ours === null || other === null || other === 0) return ''
  return `${(ours / other).toFixed(2)}`
}

/** The value columns: the three servers always, the generator floor when it ran. */
const columns = (servers: ServerKind[]): ServerKind[] => ALL_KINDS.filter((k) => SERVER_KINDS.includes(k) || servers.includes(k))

function cells(row: Row, servers: ServerKind[]): string[] {
  const target = row.target ? `${row.target}${row.pass === true ? ' ✓' : row.pass === false ? ' ✗' : ''}` : ''
  return [
    row.figure,
    ...columns(servers).map((k) => (servers.includes(k) || row.values[k] !== undefined ? fmt(row.values[k], row.unit) + (row.marks?.[k] ?? '') : '')),
    ratio(row, 'reference'),
    ratio(row, 'hocuspocus'),
    target,
  ]
}

const header = (servers: ServerKind[]) => ['figure', ...columns(servers).map((k) => SERVER_LABELS[k]), 'ours/ref', 'ours/HP', 'target (ours)']

export function tableText(rows: Row[], servers: ServerKind[]): string {
  const HEADER = header(servers)
  const body: string[][] = []
  let scenario = ''
  for (const row of rows) {
    if (row.scenario !== scenario) {
      scenario = row.scenario
      body.push([`# ${scenario}`])
    }
    body.push(cells(row, servers))
  }
  const widths = HEADER.map((h, i) => Math.max(h.length, ...body.filter((r) => r.length > 1).map((r) => (r[i] ?? '').length)))
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  return [
    line(HEADER),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...body.map((r) => (r.length === 1 ? r[0] : line(r))),
    '',
    `${NOISE_MARK} generator saturated (worker ELU ≥ ${GENERATOR_BOUND_ELU}) or other processes busy (≥ ${NOISY_OTHER_CPU} % of a core): latency includes client-side queueing`,
  ].join('\n')
}

export function tableMarkdown(rows: Row[], servers: ServerKind[]): string {
  const HEADER = header(servers)
  const out = [`| scenario | ${HEADER.join(' | ')} |`, `|${' --- |'.repeat(HEADER.length + 1)}`]
  let scenario = ''
  for (const row of rows) {
    const first = row.scenario !== scenario ? row.scenario : ''
    scenario = row.scenario
    out.push(`| ${first} | ${cells(row, servers).map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`)
  }
  return out.join('\n')
}

export function markdownReport(results: BenchResults): string {
  const m = results.meta
  const s = results.settings
  const adapter = results.adapter
  const lines = [
    '# Benchmark results',
    '',
    `\`npm run bench${m.mode === 'full' ? '' : ` -- --${m.mode}`}\` on ${m.date}: ${m.nproc} cores (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}; ` +
      `load average ${m.loadavgStart} at start, ${m.loadavgEnd} at end; ${Math.round(m.seconds)} s.`,
    '',
    `Servers: **ours** (server/standalone.ts, SQLite, WAL, synchronous=NORMAL), **reference** (@y/websocket-server ${m.versions['@y/websocket-server']}, ` +
      `its own ws ${m.versions['ws (reference)']}, persistence ON: y-leveldb), **Hocuspocus** (${m.versions['@hocuspocus/server']} + extension-sqlite, defaults). ` +
      `Each in its own child process on 127.0.0.1, port 0. Clients: stock y-websocket ${m.versions['y-websocket']} providers (ws ${m.versions.ws}) in ${s.workers} worker threads; ` +
      'records are geoShapes in our `records` array of `{ key, val }` entries (lib/doc/recordStore.ts) for ours and in a plain Y.Map for the peers; Hocuspocus through a thin adapter (see below).' +
      (m.servers.includes(FLOOR_KIND)
        ? ` **${SERVER_LABELS[FLOOR_KIND]}** (scenarios 1 and 2 only): bench/servers/relay.child.ts, no document, no persistence: it answers sync step 1 with an empty step 2 and sends every other frame unchanged to the room's other sockets (dropping only awareness frames that advance no clock, as every server does); clients as for ours (records array). Its latencies are what the generator and this machine cost on their own: the floor no server can beat here, not a target.`
        : ''),
    '',
    tableMarkdown(results.rows, m.servers),
    '',
    '## Reading the table',
    '',
    '- **Propagation**: per write, the time from the writer setting the record until the frame carrying it has reached the *last* other client of the room (the record carries writer, sequence and send time; each client stamps a frame when it arrives and applies it once every frame that arrived with it is stamped: bench/load/client.ts); p50/p99/max over the writes sent in the measured window. Writes some receiver never saw count under "not seen".',
    ...((s.rounds ?? 1) > 1
      ? [`- **Scenario 1 ran in ${s.rounds} rounds** (bench/rounds.ts): each round starts every server afresh, in an order rotated by one per round, and runs all its windows; each figure is the median of the rounds' figures (counts of writes, losses, closes and errors are summed). The servers' windows are minutes apart in a single round, and this shared machine drifts in that time.`]
      : []),
    '- **Presence modes**: *no presence*: document updates only; *without echo*: each client also sends its own presence (the stock provider\'s re-send of remote awareness is switched off); *stock provider re-send*: the y-websocket provider as shipped, which re-sends every remote awareness update it applies (same clock: servers drop them, but must receive and decode them — N² messages per room); *with echo*: stock plus the application echo of tldraw bindings (each client re-sets its presence when a remote one changes, throttled to the presence rate).',
    `- **Clients** handle incoming presence ${s.awareness === 'lean' ? 'with a lean handler (bench/load/client.ts: reads client ids, clocks and stamps, re-sends exactly what the stock provider would); everything the server sees is the stock provider\'s traffic. Stock handling (\`--stock-clients\`) costs the generator ~1 core more in scenario 1. Lean clients also attach the provider\'s document listener only around their own writes, so they no longer encode every update they receive (the provider dropped it); they send the same bytes and apply every update' : 'with y-protocols as shipped (`--stock-clients`)'}. ` +
      `Writes and presence moves are timed ${s.timers === 'per-client' ? 'by a setInterval per client (`--client-timers`)' : 'by one schedule per worker thread, each client on its own fixed grid (bench/load/schedule.ts): per-client setIntervals re-arm together once the loop runs late and bunch up'}.`,
    `- **${NOISE_MARK}** marks a latency measured while the load generator was saturated (its busiest worker thread's event loop ≥ ${GENERATOR_BOUND_ELU * 100} % busy) or other processes used ≥ ${NOISY_OTHER_CPU} % of a core: it then includes queueing in the clients, not only server time. The generator shares the machine's 2 cores with the server.`,
    "- **Scenario 1's windows run one after the other in the same room**, so each starts with the overwrites of the ones before (about 2,400 per window in the full run). Our RecordStore reads only what each update touched, so that history no longer slows later updates (y-utility's YKeyValue, used before, walked all of it: scenario 4, \"writers in turn\"). Read *no presence* (the first window) as the cleanest comparison of the servers.",
    '- **Server CPU** is user+system time of the server process and the processes it started (ours: the analysis process) over the window (100 % = one core); **RSS** at the end of the window. "Other CPU %" is the machine\'s busy time not used by the server or the bench itself: anything above a few % means something else was running and the row is noisy. A generator ELU near 1 means the load generator, which shares the 2 cores with the server, was the bottleneck for that row.',
    `- **Cold load**: the board is uploaded by a client (1,000 records per update), the server is restarted gracefully (each stores what it holds), and a new client connects; "all records" is when its document holds every record (the reference server answers sync before its LevelDB state is loaded, so \`synced\` alone would be too early). Memory = server RSS after the load − RSS before it.`,
    '- **Growth**: lib/doc/growth.ts (our records array through the real binding) beside bench/scenarios/growthMap.ts (the same stores and sequence, records in a plain Y.Map): the peers\' columns show the Y.Map figure (their document shape), not a server measurement.',
    '',
  ]
  if (adapter) {
    const inRun = adapter.inRun
    lines.push(
      '## Hocuspocus adapter cost',
      '',
      `The stock provider talks to Hocuspocus through bench/load/hocuspocusSocket.ts: it sends the auth message on open, prefixes outgoing frames with the document name and strips it from incoming ones, dropping Hocuspocus-only messages (auth replies, SyncStatus acks). ` +
        `Measured alone: ${adapter.micro.encodeNs.toFixed(0)} ns to encode and ${adapter.micro.decodeNs.toFixed(0)} ns to decode a frame (update ${adapter.micro.updateFrameBytes} B / awareness ${adapter.micro.awarenessFrameBytes} B)` +
        (inRun ? `; during scenario 1 it averaged ${(inRun.nsPerMessage / 1000).toFixed(1)} µs per message over ${inRun.messages.toLocaleString('en')} messages (timer overhead included).` : '.'),
      '',
    )
  }
  if (results.profile && !isError(results.profile)) {
    lines.push('## Where our server spends its time (scenario 1)', '', '```', formatProfile(results.profile), '```', '')
  }
  if (results.profileMany && !isError(results.profileMany)) {
    lines.push('## Where our server spends its time (scenario 2)', '', '```', formatProfile(results.profileMany), '```', '')
  }
  if (results.errors.length) lines.push('## Errors', '', ...results.errors.map((e) => `- ${e.split('\n')[0]}`), '')
  return lines.join('\n')
}
