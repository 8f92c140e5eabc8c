import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs build script, without types
import { compressStatic } from '../scripts/compress-static.mjs'
import { serveCompressedStatic } from './staticAssets'

let dir: string
let server: http.Server
let base: string
const script = 'export const x = 1;\n'.repeat(200)

beforeAll(async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-static-'))
  dir = path.join(root, 'static')
  fs.mkdirSync(path.join(dir, 'chunks'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'chunks', 'app.js'), script)
  fs.writeFileSync(path.join(dir, 'chunks', 'tiny.js'), 'x')
  fs.writeFileSync(path.join(dir, 'chunks', 'gone.js.br'), 'stale')
  // A script beside the static folder, with a copy: never to be reached through it.
  fs.writeFileSync(path.join(root, 'outside.js'), 'outside')
  fs.writeFileSync(path.join(root, 'outside.js.br'), zlib.brotliCompressSync('outside'))
  expect(compressStatic(dir).files).toBe(1)
  server = http.createServer((req, res) => {
    if (!serveCompressedStatic(req, res, dir)) {
      res.writeHead(404, { 'x-fell-through': '1' })
      res.end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
})

afterAll(() => {
  server.close()
  fs.rmSync(path.dirname(dir), { recursive: true, force: true })
})

/** A raw request, its path sent as written (a URL would be normalised) and its body not decoded. */
function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .request({ host: '127.0.0.1', port: new URL(base).port, path: url, headers, method }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
      })
      .on('error', reject)
      .end()
  })
}

describe('precompressed static files', () => {
  it('writes brotli and gzip copies of scripts, none of tiny files, and removes copies of files that are gone', () => {
    expect(fs.existsSync(path.join(dir, 'chunks', 'app.js.br'))).toBe(true)
    expect(fs.existsSync(path.join(dir, 'chunks', 'app.js.gz'))).toBe(true)
    expect(fs.existsSync(path.join(dir, 'chunks', 'tiny.js.br'))).toBe(false)
    expect(fs.existsSync(path.join(dir, 'chunks', 'gone.js.br'))).toBe(false)
  })

  it('sends the brotli copy to a browser that takes it, and it decodes to the file', async () => {
    const res = await get('/_next/static/chunks/app.js', { 'accept-encoding': 'gzip, deflate, br' })
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers['content-type']).toMatch(/^application\/javascript/)
    expect(res.headers['cache-control']).toContain('immutable')
    expect(res.headers.vary).toBe('Accept-Encoding')
    expect(zlib.brotliDecompressSync(res.body).toString()).toBe(script)
    expect(Number(res.headers['content-length'])).toBe(res.body.length)
  })

  it('sends gzip where brotli is not taken (or refused with q=0), and HEAD sends headers only', async () => {
    for (const accept of ['gzip', 'br;q=0, gzip']) {
      const res = await get('/_next/static/chunks/app.js', { 'accept-encoding': accept })
      expect(res.headers['content-encoding']).toBe('gzip')
      expect(zlib.gunzipSync(res.body).toString()).toBe(script)
    }
    const head = await get('/_next/static/chunks/app.js', { 'accept-encoding': 'br' }, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body.length).toBe(0)
  })

  it('leaves to Next what it has no copy for, what is not accepted, and anything outside the static folder', async () => {
    const fellThrough = async (url: string, accept = 'br, gzip') => (await get(url, { 'accept-encoding': accept })).headers['x-fell-through'] === '1'
    expect(await fellThrough('/_next/static/chunks/app.js', 'identity')).toBe(true)
    expect(await fellThrough('/_next/static/chunks/tiny.js')).toBe(true)
    expect(await fellThrough('/_next/static/chunks/missing.js')).toBe(true)
    expect(await fellThrough('/_next/static/../outside.js')).toBe(true)
    expect(await fellThrough('/_next/static/%2e%2e/outside.js')).toBe(true)
    expect(await fellThrough('/_next/static/%E0%A4%A')).toBe(true)
    expect(await fellThrough('/b/some-board')).toBe(true)
  })
})
