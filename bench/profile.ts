/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time per function and per
 * area (our server/lib code, each package, Node internals, GC, idle).
 */
import fs from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

export interface ProfileSummary {
  file: string
  /** Sampled wall time, ms. */
  totalMs: number
  /** Time not idle (program + GC), ms. */
  busyMs: number
  /** Top functions by self time (idle excluded). */
  functions: { name: string; where: string; selfMs: number; percentOfBusy: number }[]
  /** Self time by area, percent of busy time. */
  areas: { area: string; percentOfBusy: number }[]
  /** Our own functions (server/, lib/) by inclusive time: what each entry point costs. */
  ours: { name: string; where: string; inclusiveMs: number; percentOfBusy: number }[]
}

function areaOf(url: string, name: string): string {
  if (name === '(garbage collector)') return 'GC'
  if (name === '(program)') return 'V8/native (program)'
  if (!url) return 'native'
  if (url.startsWith('node:')) return 'node internals'
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg) return pkg[1]
  const own = /\/(server|lib|bench)\//.exec(url)
  if (own) return `${own[1]}/`
  return 'other'
}

function shortUrl(url: string): string {
  const m = /node_modules\/(.*)$/.exec(url) ?? /\/work\/[^/]+\/(.*)$/.exec(url)
  return m ? m[1] : url.replace(/^file:\/\//, '')
}

/**
 * `own`: the files whose functions get inclusive times (default: the server's and lib's; for
 * the generator's profiles, bench/ too).
 */
export function summariseProfile(file: string, top = 25, own: RegExp = /\/(server|lib)\//): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<number, number>()
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt)
  }
  const functions = new Map<string, { name: string; where: string; selfMs: number }>()
  const areas = new Map<string, number>()
  let total = 0
  let idle = 0
  for (const [id, ms] of self) {
    const node = byId.get(id)!
    const { functionName, url, lineNumber } = node.callFrame
    total += ms
    if (functionName === '(idle)') {
      idle += ms
      continue
    }
    const name = functionName || '(anonymous)'
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : ''
    const key = `${name} ${where}`
    const entry = functions.get(key) ?? { name, where, selfMs: 0 }
    entry.selfMs += ms
    functions.set(key, entry)
    const area = areaOf(url, name)
    areas.set(area, (areas.get(area) ?? 0) + ms)
  }
  const busy = total - idle
  const pct = (ms: number) => (busy > 0 ? (ms / busy) * 100 : 0)

  // Inclusive time of our own functions: every sample counts once for each of them on its stack.
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const inclusive = new Map<string, { name: string; where: string; inclusiveMs: number }>()
  for (const [id, ms] of self) {
    if (byId.get(id)!.callFrame.functionName === '(idle)') continue
    const seen = new Set<string>()
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const { functionName, url } = byId.get(cur)!.callFrame
      if (!own.test(url) || url.includes('node_modules')) continue
      const name = functionName || '(anonymous)'
      const where = shortUrl(url).replace(/:\d+$/, '')
      const key = `${name} ${where}`
      if (seen.has(key)) continue
      seen.add(key)
      const entry = inclusive.get(key) ?? { name, where, inclusiveMs: 0 }
      entry.inclusiveMs += ms
      inclusive.set(key, entry)
    }
  }
  return {
    file,
    totalMs: total,
    busyMs: busy,
    functions: [...functions.values()]
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top)
      .map((f) => ({ ...f, percentOfBusy: pct(f.selfMs) })),
    areas: [...areas.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([area, ms]) => ({ area, percentOfBusy: pct(ms) })),
    ours: [...inclusive.values()]
      .sort((a, b) => b.inclusiveMs - a.inclusiveMs)
      .slice(0, 15)
      .map((f) => ({ ...f, percentOfBusy: pct(f.inclusiveMs) })),
  }
}

export function formatProfile(summary: ProfileSummary, title = 'CPU profile of our server'): string {
  const lines = [
    `${title} (${(summary.totalMs / 1000).toFixed(1)} s sampled, ${((summary.busyMs / summary.totalMs) * 100).toFixed(0)}% busy)`,
    '',
    'Self time by area (% of busy):',
    ...summary.areas.slice(0, 12).map((a) => `  ${a.percentOfBusy.toFixed(1).padStart(5)}%  ${a.area}`),
    '',
    'Top functions by self time (% of busy):',
    ...summary.functions.map((f) => `  ${f.percentOfBusy.toFixed(1).padStart(5)}%  ${f.name}  ${f.where}`),
    '',
    'Our functions (server/, lib/) by inclusive time (% of busy):',
    ...summary.ours.map((f) => `  ${f.percentOfBusy.toFixed(1).padStart(5)}%  ${f.name}  ${f.where}`),
  ]
  return lines.join('\n')
}
