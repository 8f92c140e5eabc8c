import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs build script, without types
import { addCompileHints, COMPILE_HINT } from './compile-hints.mjs'

let dir: string
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('addCompileHints', () => {
  it('puts the hint on the first line of every script, once, and leaves other files alone', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-hints-'))
    fs.mkdirSync(path.join(dir, 'nested'))
    const chunk = '(globalThis.TURBOPACK||(globalThis.TURBOPACK=[])).push([1,e=>{}]);\n'
    fs.writeFileSync(path.join(dir, 'a.js'), chunk)
    fs.writeFileSync(path.join(dir, 'nested', 'b.js'), '!function(){}()')
    fs.writeFileSync(path.join(dir, 'style.css'), 'a{color:red}')

    expect(addCompileHints(dir)).toBe(2)
    expect(fs.readFileSync(path.join(dir, 'a.js'), 'utf8')).toBe(COMPILE_HINT + chunk)
    expect(fs.readFileSync(path.join(dir, 'nested', 'b.js'), 'utf8')).toBe(`${COMPILE_HINT}!function(){}()`)
    expect(fs.readFileSync(path.join(dir, 'style.css'), 'utf8')).toBe('a{color:red}')

    // A second build step over the same output changes nothing.
    expect(addCompileHints(dir)).toBe(0)
    expect(fs.readFileSync(path.join(dir, 'a.js'), 'utf8')).toBe(COMPILE_HINT + chunk)
  })

  it('is a comment: the script still runs', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-hints-'))
    fs.writeFileSync(path.join(dir, 'c.js'), 'globalThis.__hinted = 41 + 1')
    addCompileHints(dir)
    new Function(fs.readFileSync(path.join(dir, 'c.js'), 'utf8'))()
    expect((globalThis as { __hinted?: number }).__hinted).toBe(42)
  })

  it('does nothing where there is no build', () => {
    dir = path.join(os.tmpdir(), 'cc-hints-none')
    expect(addCompileHints(dir)).toBe(0)
  })
})
