/**
 * The benchmark harness itself, at its smallest (`--smoke`: 3 clients, 1 board, ~1 s windows,
 * a 100 KB cold-load board): every scenario produces numbers for every server (not that they
 * are fast), scenarios 1 and 2 also for the generator floor (the bare relay), and no server
 * process outlives the run, even when the test fails or times out.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import type { BenchResults } from './report'
import { FLOOR_KIND, SERVER_KINDS } from './servers/types'
import { geoShape, createTestStore } from '../lib/testing/records'
import { buildRecords } from './scenarios/coldLoad'

const ROOT = path.resolve(import.meta.dirname, '..')

/** Whether any process of the group `pgid` is still alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) return false
    await new Promise((r) => setTimeout(r, 50))
  }
  return true
}

const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-test-'))
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }))

describe('npm run bench -- --smoke', () => {
  it('gives every scenario numbers for every server and leaves no process behind', async () => {
    // Its own process group, so that whatever happens the whole tree can be killed by id.
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke', `--out=${outDir}`], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const pgid = child.pid!
    let output = ''
    child.stdout!.on('data', (c) => (output += c))
    child.stderr!.on('data', (c) => (output += c))
    try {
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), 110_000)
        child.on('exit', (c) => {
          clearTimeout(timer)
          resolve(c)
        })
      })
      expect(code, output.slice(-3000)).toBe(0)

      const file = fs.readdirSync(outDir).find((f) => f.endsWith('.json'))!
      const results = JSON.parse(fs.readFileSync(path.join(outDir, file), 'utf8')) as BenchResults & { complete: boolean }
      expect(results.complete).toBe(true)
      expect(results.errors).toEqual([])
      expect(fs.existsSync(path.join(outDir, 'latest.md'))).toBe(true)

      for (const kind of SERVER_KINDS) {
        const one = results.oneBoard[kind]
        expect(one && 'runs' in one, `scenario 1 on ${kind}`).toBe(true)
        if (!one || !('runs' in one)) continue
        expect(one.runs.map((r) => r.mode)).toEqual(['off', 'quiet', 'stock', 'echo'])
        for (const run of one.runs) {
          expect(run.writes, `${kind} ${run.mode} writes`).toBeGreaterThan(0)
          expect(Number.isFinite(run.propagation.p50) && Number.isFinite(run.propagation.p99)).toBe(true)
          if (run.mode !== 'off') expect(run.presence.n, `${kind} ${run.mode} presence`).toBeGreaterThan(0)
          if (run.mode === 'echo') expect(run.echoesPerSecond, `${kind} echoes`).toBeGreaterThan(0)
          expect(run.server.cpuPercent).toBeGreaterThanOrEqual(0)
          expect(run.server.rssEnd).toBeGreaterThan(0)
        }
        const many = results.manyBoards[kind]
        expect(many && 'runs' in many && many.connect.synced === many.connect.clients, `scenario 2 on ${kind}`).toBe(true)
        if (many && 'runs' in many) expect(Number.isFinite(many.runs[0].propagation.p99)).toBe(true)
        const cold = results.coldLoad[kind]
        expect(cold && 'coldMs' in cold, `scenario 3 on ${kind}`).toBe(true)
        if (cold && 'coldMs' in cold) {
          expect(cold.coldMedianMs).toBeGreaterThan(0)
          expect(cold.encodedBytes).toBeGreaterThan(50_000)
        }
      }
      // The generator floor (a bare relay): scenarios 1 and 2 only, every window measured.
      const floorOne = results.oneBoard[FLOOR_KIND]
      expect(floorOne && 'runs' in floorOne, 'scenario 1 on the floor').toBe(true)
      if (floorOne && 'runs' in floorOne) {
        expect(floorOne.runs.map((r) => r.mode)).toEqual(['off', 'quiet', 'stock', 'echo'])
        for (const run of floorOne.runs) {
          expect(run.incomplete, `floor ${run.mode}: every write seen`).toBe(0)
          expect(Number.isFinite(run.propagation.p50) && Number.isFinite(run.propagation.p99)).toBe(true)
          if (run.mode !== 'off') expect(run.presence.n, `floor ${run.mode} presence`).toBeGreaterThan(0)
        }
      }
      const floorMany = results.manyBoards[FLOOR_KIND]
      expect(floorMany && 'runs' in floorMany && floorMany.connect.synced === floorMany.connect.clients, 'scenario 2 on the floor').toBe(true)
      if (floorMany && 'runs' in floorMany) expect(Number.isFinite(floorMany.runs[0].propagation.p99)).toBe(true)
      expect(results.coldLoad[FLOOR_KIND], 'no cold load on the floor').toBeUndefined()
      const floorRows = results.rows.filter((r) => r.scenario.startsWith('1.') || r.scenario.startsWith('2.'))
      for (const row of floorRows) expect(row.values[FLOOR_KIND], `${row.scenario} / ${row.figure} / floor`).toBeDefined()

      expect(results.growth && 'phases' in results.growth && results.growth.phases[0].kvBytes > 0).toBe(true)
      expect(results.analysis && 'workshop' in results.analysis && results.analysis.workshop.median > 0).toBe(true)
      const room = results.analyserRoom
      expect(room?.status).toBe('ran')
      const analysed = room && room.status === 'ran' ? room.result.ours : undefined
      expect(analysed && 'runs' in analysed, 'scenario 5, analysed room').toBe(true)
      if (analysed && 'runs' in analysed) {
        expect(analysed.runs.map((r) => r.label)).toEqual(['warm-up', 'idle', 'analysed'])
        expect(analysed.runs.every((r) => Number.isFinite(r.propagation.p99))).toBe(true)
        // The busy window really kept the analyser writing.
        expect(analysed.analysesWritten[2]).toBeGreaterThan(0)
        // Its probe cards showed which edits each analysis had taken in.
        expect(analysed.analysisDelays.length).toBeGreaterThan(0)
        expect(analysed.analysisDelays.every((ms) => ms >= 0 && ms < 60_000)).toBe(true)
      }

      // The table: no server column of any row is missing, failed or not a number.
      for (const row of results.rows) {
        for (const kind of SERVER_KINDS) {
          const v = row.values[kind]
          expect(v, `${row.scenario} / ${row.figure} / ${kind}`).toBeDefined()
          expect(['error', 'n/a'], `${row.scenario} / ${row.figure} / ${kind}`).not.toContain(v)
        }
      }
    } finally {
      if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL')
      // Servers die with the bench (their lifeline is its stdin), so the group empties.
      expect(await until(() => !groupAlive(pgid), 10_000), 'processes left behind').toBe(true)
    }
  }, 120_000)

  it('writes records that are valid for our schema', () => {
    const template = JSON.parse(JSON.stringify(geoShape('bench', 0, 0)))
    const store = createTestStore()
    const records = [...buildRecords(template, 20), { ...template, id: 'shape:bench-1', meta: { bench: { w: 1, s: 2, t: 3 } } }]
    expect(() => store.put(records as any)).not.toThrow()
    expect(store.allRecords()).toHaveLength(records.length)
  })
})
