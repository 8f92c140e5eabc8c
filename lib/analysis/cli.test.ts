import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { analyse } from './analyse'
import { BOARD_FORMAT } from './boardFile'
import { generateSnapshot } from './generate'
import { parseSnapshot } from './snapshot'

const ROOT = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'analyse-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, content: unknown): string {
  const path = join(dir, name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(command, args, { cwd, encoding: 'utf8' }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr })
    })
  })
}

/** Each run starts a Node process with tsx (~1 s), so the tests run concurrently. */
const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'lib/analysis/cli.ts', ...args], ROOT)

const actor = (id: string) => ({ id, name: id, kind: 'group', stance: 'supporter', ring: 'core' })
const snapshot = generateSnapshot({ actors: 30, ties: 80, seed: 11 })

describe.concurrent('cli', () => {
  it('prints the analysis as one line of compact JSON, exit 0', async () => {
    const r = await cli(file('ok.json', snapshot))
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    const parsed = parseSnapshot(JSON.parse(JSON.stringify(snapshot)))
    expect(parsed.ok).toBe(true)
    if (parsed.ok) expect(r.stdout).toBe(`${JSON.stringify(analyse(parsed.snapshot))}\n`)
  })

  it('reads a board file through its snapshot field', async () => {
    const board = { format: BOARD_FORMAT, formatVersion: 1, title: 'x', snapshot }
    const r = await cli(file('board.json', board))
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`${JSON.stringify(analyse(snapshot))}\n`)
  })

  const bad: Array<[string, unknown, RegExp]> = [
    ['not JSON', '{"actors": [', /^\$: not valid JSON\n$/],
    ['an unknown actor in a tie', { actors: [actor('a')], ties: [{ id: 't', from: 'a', to: 'x', trust: 'low', kind: 'resources' }] }, /^ties\[0\]\.to: unknown actor "x"\n$/],
    ['a duplicate id', { actors: [actor('a'), actor('a')] }, /^actors\[1\]\.id: duplicate actor id "a"\n$/],
    ['a bad enum', { actors: [{ ...actor('a'), ring: 'middle' }] }, /^actors\[0\]\.ring: must be one of core, ally, outside/],
    ['missing actors', { ties: [] }, /^actors: required\n$/],
    ['an array', [], /^\$: /],
    ['a board file without snapshot', { format: BOARD_FORMAT, formatVersion: 1 }, /^snapshot: required\n$/],
    ['a bad board snapshot', { format: BOARD_FORMAT, snapshot: { actors: [actor('a')], ties: [{ id: 't', from: 'a', to: 'b', trust: 'low', kind: 'resources' }] } }, /^snapshot\.ties\[0\]\.to: unknown actor "b"\n$/],
  ]
  for (const [what, content, message] of bad) {
    it(`rejects ${what}: exit 1, path on stderr, nothing on stdout`, async () => {
      const r = await cli(file(`${what.replace(/\W+/g, '-')}.json`, content))
      expect(r.code).toBe(1)
      expect(r.stdout).toBe('')
      expect(r.stderr).toMatch(message)
    })
  }

  it('says so when the file cannot be read', async () => {
    const r = await cli(join(dir, 'missing.json'))
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^\$: cannot read file .*missing\.json \(ENOENT\)\n$/)
  })

  it('runs as npm run --silent analyse -- FILE, relative to where it is typed', async () => {
    file('npm.json', snapshot)
    const r = await run('npm', ['run', '--silent', '--prefix', ROOT, 'analyse', '--', 'npm.json'], dir)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`${JSON.stringify(analyse(snapshot))}\n`)
  })
})
