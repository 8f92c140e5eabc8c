import fs from 'node:fs'
import { spawn } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { AnalysisWorker } from './analysisPool'
import { statFields } from './procStat'
import { waitFor } from './testing/harness'
import { recordsKV } from '../lib/doc/schema'
import { actorRecord, ringsRecord, shapeIdFor } from '../lib/board/records'

/** A board with rings and `n` actors in the core. */
function board(n: number): Y.Doc {
  const doc = new Y.Doc()
  const kv = recordsKV(doc)
  kv.set(shapeIdFor('rings'), ringsRecord(shapeIdFor('rings'), 0, 0))
  for (let i = 0; i < n; i++) kv.set(shapeIdFor(`a${i}`), actorRecord(shapeIdFor(`a${i}`), -60 + i, -30, { name: `a${i}` }))
  return doc
}

/** Field `i` of a /proc stat text after the process's name (statFields): 3 session, 16 nice. */
const statField = (stat: string, i: number) => Number(statFields(stat)[i])

const alive = (pid: number) => fs.existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))

describe('the analysis process', () => {
  it.runIf(process.platform === 'linux')('runs every one of its threads at the lowest priority (nice 19), in a session of its own', async () => {
    const worker = new AnalysisWorker()
    const doc = board(3)
    worker.attach('b', doc)
    const analysed = worker.analyse('b', {})
    const pid = worker.pid!
    // Already while it starts up (Node, tsx, its modules), before it could lower itself.
    const starting = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    expect(statField(starting, 16)).toBe(19)
    await analysed
    const threads = fs.readdirSync(`/proc/${pid}/task`)
    expect(threads.length).toBeGreaterThan(1)
    // Each thread's nice value (field 19 of /proc/<pid>/task/<tid>/stat).
    const nice = threads.map((tid) => statField(fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'), 16))
    expect(new Set(nice)).toEqual(new Set([19]))
    // The server's own event loop keeps its priority.
    const own = fs.readFileSync(`/proc/${process.pid}/stat`, 'utf8')
    expect(statField(own, 16)).toBeLessThan(19)
    // It leads a session of its own (field 6), whose scheduling group runs at nice 19 against
    // other sessions, where the kernel groups them; the server's group keeps its value.
    expect(statField(starting, 3)).toBe(pid)
    if (fs.existsSync(`/proc/${pid}/autogroup`)) {
      await waitFor(() => / nice 19$/m.test(fs.readFileSync(`/proc/${pid}/autogroup`, 'utf8')), 2000, 'the analysis session at nice 19')
      expect(fs.readFileSync(`/proc/${process.pid}/autogroup`, 'utf8')).not.toMatch(/ nice 19$/m)
    }
    await worker.close()
    expect(alive(pid)).toBe(false)
  })

  it('is replaced when it dies: what was waiting fails, and the next analysis sends the board again', async () => {
    const worker = new AnalysisWorker(0)
    const doc = board(3)
    worker.attach('b', doc)
    const first = await worker.analyse('b', {})
    expect(first.unchanged).toBe(false)
    const pid = worker.pid!
    const waiting = worker.encodeState('b')!
    process.kill(pid, 'SIGKILL')
    await expect(waiting).rejects.toThrow(/analysis process exited/)
    expect(worker.encodeState('b'), 'no replica until the board is sent again').toBeNull()
    // An edit made while no process holds the board is in what the new one receives.
    recordsKV(doc).set(shapeIdFor('late'), actorRecord(shapeIdFor('late'), 1000, 1000, { name: 'late' }))
    const again = await worker.analyse('b', {})
    expect(worker.pid).not.toBe(pid)
    expect(again.unchanged).toBe(false)
    if (again.unchanged) return
    expect(JSON.parse(again.coreJson ?? again.metricsJson ?? '{}')).toBeTruthy()
    const copy = new Y.Doc()
    Y.applyUpdate(copy, await worker.encodeState('b')!)
    expect(recordsKV(copy).size).toBe(5)
    await worker.close()
  })

  it('is started again only after a wait that doubles while processes keep dying young', async () => {
    const worker = new AnalysisWorker(300)
    const doc = board(3)
    worker.attach('b', doc)
    await worker.analyse('b', {})
    const crash = async () => {
      const pid = worker.pid!
      process.kill(pid, 'SIGKILL')
      await waitFor(() => worker.pid === undefined, 5000, 'the crash noticed')
    }
    await crash()
    // Within the first wait (300 ms): refused at once, no process started.
    await expect(worker.analyse('b', {})).rejects.toThrow(/crashed; restarting in 1 s/)
    expect(worker.pid).toBeUndefined()
    let started = Date.now()
    await waitFor(() => Date.now() - started > 300, 2000, 'the first wait')
    await worker.analyse('b', {})
    // A second young death: the wait doubles.
    await crash()
    started = Date.now()
    await waitFor(() => Date.now() - started > 350, 2000, 'longer than the first wait')
    await expect(worker.analyse('b', {})).rejects.toThrow(/restarting/)
    await waitFor(() => Date.now() - started > 600, 2000, 'the second wait')
    expect((await worker.analyse('b', {})).unchanged).toBe(false)
    await worker.close()
  })

  it.runIf(process.platform === 'linux')('ends when the server is killed, leaving nothing behind', async () => {
    // A server that starts an analysis process, says its id, then waits to be killed.
    const script = `
      import * as Y from 'yjs'
      import { AnalysisWorker } from './server/analysisPool.ts'
      const worker = new AnalysisWorker()
      const doc = new Y.Doc()
      doc.getMap('session').set('a', 1)
      worker.attach('b', doc)
      await worker.analyse('b', {})
      console.log(String(worker.pid))
      setInterval(() => {}, 1000)
    `
    const server = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: path.resolve(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    server.stdout!.on('data', (chunk) => (out += chunk))
    await waitFor(() => /^\d+\n/.test(out), 20_000, 'the analysis process id')
    const pid = Number(out.trim())
    expect(alive(pid)).toBe(true)
    server.kill('SIGKILL')
    await waitFor(() => !alive(pid), 10_000, 'the analysis process to end')
  }, 30_000)
})
