/**
 * Next's static files (`/_next/static/…`: the app's scripts and styles, named by their content
 * and cached for a year) sent as compressed copies made at build time.
 *
 * Next compresses every response as it sends it. The editor's script is 1.8 MB: compressing
 * it cost the server 60–95 ms of its core for each browser that opened a board, so thirty
 * people joining a session at once cost it over two seconds, while it also loads the board
 * for them. A copy goes out in 3–5 ms. `npm run
 * build` writes a brotli and a gzip copy beside each script and style sheet
 * (scripts/compress-static.mjs); this sends the copy the browser accepts (brotli is also a
 * fifth smaller) and leaves every other request, and any file without copies, to Next.
 */
import fs from 'node:fs'
import path from 'node:path'
import type http from 'node:http'

const PREFIX = '/_next/static/'

const TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=UTF-8',
  '.css': 'text/css; charset=UTF-8',
}

/** The encodings a request accepts, of those we keep copies in, best first. */
function accepted(header: string | string[] | undefined): ('br' | 'gzip')[] {
  const offered = new Map<string, number>()
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean)
    offered.set(name, q ? Number(q[1]) : 1)
  }
  return (['br', 'gzip'] as const).filter((e) => (offered.get(e) ?? 0) > 0)
}

/**
 * Answers a GET or HEAD of a static script or style with its compressed copy; false (nothing
 * sent) when the request is anything else or there is no copy it accepts.
 */
export function serveCompressedStatic(req: http.IncomingMessage, res: http.ServerResponse, staticDir: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false
  const pathname = (req.url ?? '').split('?')[0]
  if (!pathname.startsWith(PREFIX)) return false
  let relative: string
  try {
    relative = decodeURIComponent(pathname.slice(PREFIX.length))
  } catch {
    return false
  }
  const type = TYPES[path.extname(relative)]
  const file = path.resolve(staticDir, relative)
  if (!type || !file.startsWith(path.resolve(staticDir) + path.sep)) return false
  for (const encoding of accepted(req.headers['accept-encoding'])) {
    const copy = `${file}.${encoding === 'br' ? 'br' : 'gz'}`
    let size: number
    try {
      size = fs.statSync(copy).size
    } catch {
      continue
    }
    res.writeHead(200, {
      'content-type': type,
      'content-encoding': encoding,
      'content-length': size,
      'cache-control': 'public, max-age=31536000, immutable',
      vary: 'Accept-Encoding',
    })
    if (req.method === 'HEAD') res.end()
    else fs.createReadStream(copy).on('error', () => res.destroy()).pipe(res)
    return true
  }
  return false
}
