import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { dynamicImportChunks, pageHintFor, readPageHints, routePattern } from './pagePreloads'

// A page's entry script as Turbopack writes it: a dynamic import loads its chunks, then the module.
const loaderScript = (chunks: string[]) =>
  `(globalThis.TURBOPACK||(globalThis.TURBOPACK=[])).push([document.currentScript,1,__turbopack_context__=>{` +
  `__turbopack_context__.v(parentImport=>Promise.all([${chunks.map((c) => JSON.stringify(c)).join(',')}].map(chunk=>__turbopack_context__.l(chunk))).then(()=>parentImport(37634)))}])`

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

/** A `.next` directory holding what the reader reads, for one board page. */
function fakeBuild(pageEntries: string[], scripts: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-hints-'))
  dirs.push(dir)
  fs.writeFileSync(path.join(dir, 'app-path-routes-manifest.json'), JSON.stringify({ '/b/[id]/page': '/b/[id]', '/icon.svg/route': '/icon.svg' }))
  fs.mkdirSync(path.join(dir, 'server', 'app', 'b', '[id]'), { recursive: true })
  const manifest = { entryJSFiles: { '[project]/app/layout': ['static/chunks/layout.js'], '[project]/app/b/[id]/page': pageEntries } }
  fs.writeFileSync(
    path.join(dir, 'server', 'app', 'b', '[id]', 'page_client-reference-manifest.js'),
    `globalThis.__RSC_MANIFEST = globalThis.__RSC_MANIFEST || {};\nglobalThis.__RSC_MANIFEST["/b/[id]/page"] = ${JSON.stringify(manifest)};`,
  )
  fs.mkdirSync(path.join(dir, 'static', 'chunks'), { recursive: true })
  for (const [name, text] of Object.entries(scripts)) fs.writeFileSync(path.join(dir, name), text)
  return dir
}

describe('page preload hints', () => {
  it('reads the chunk list of each dynamic import in a script', () => {
    const script = loaderScript(['static/chunks/a.js', 'static/chunks/b.css']) + ';' + loaderScript(['static/chunks/c.js'])
    expect(dynamicImportChunks(script)).toEqual([['static/chunks/a.js', 'static/chunks/b.css'], ['static/chunks/c.js']])
    expect(dynamicImportChunks('Promise.all([a,b].map(f))')).toEqual([])
  })

  it('matches a route with dynamic segments, a trailing slash and a query, and nothing longer', () => {
    const board = routePattern('/b/[id]')
    expect(board.test('/b/abc')).toBe(true)
    expect(board.test('/b/abc/')).toBe(true)
    expect(board.test('/b/abc?x=1')).toBe(true)
    expect(board.test('/b/abc/present')).toBe(false)
    expect(board.test('/b/')).toBe(false)
    expect(routePattern('/b/[id]/present').test('/b/abc/present')).toBe(true)
    expect(routePattern('/').test('/')).toBe(true)
    expect(routePattern('/').test('/b/abc')).toBe(false)
  })

  it("names a page's deferred chunks, not the ones it loads already, at low priority", () => {
    const dir = fakeBuild(['static/chunks/layout.js', 'static/chunks/page.js'], {
      'static/chunks/page.js': loaderScript(['static/chunks/editor.js', 'static/chunks/page.js', 'static/chunks/editor.css']),
      'static/chunks/layout.js': '',
    })
    const hints = readPageHints(dir)
    expect(pageHintFor(hints, '/b/abc')).toBe(
      '</_next/static/chunks/editor.js>; rel=preload; as=script; fetchpriority=low, ' +
        '</_next/static/chunks/editor.css>; rel=preload; as=style; fetchpriority=low',
    )
    expect(pageHintFor(hints, '/b/abc/join')).toBeNull()
    expect(pageHintFor(hints, '/api/boards')).toBeNull()
  })

  it('gives no hint, and does not throw, for a build it cannot read', () => {
    expect(readPageHints(path.join(os.tmpdir(), 'cc-no-such-build'))).toEqual([])
    // An entry script that is missing, and one without dynamic imports.
    expect(readPageHints(fakeBuild(['static/chunks/gone.js', 'static/chunks/plain.js'], { 'static/chunks/plain.js': 'console.log(1)' }))).toEqual([])
    // A manifest that is not a script.
    const broken = fakeBuild(['static/chunks/page.js'], { 'static/chunks/page.js': loaderScript(['static/chunks/editor.js']) })
    fs.writeFileSync(path.join(broken, 'server', 'app', 'b', '[id]', 'page_client-reference-manifest.js'), '{{{')
    expect(readPageHints(broken)).toEqual([])
  })
})
