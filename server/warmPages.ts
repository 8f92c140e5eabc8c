/**
 * Renders each page once while the server starts, before it listens.
 *
 * Next loads and compiles a route's server modules on its first request: the first board page
 * after a start took 111-131 ms to render, the ones after it 15-20 ms (and rendering another
 * page first does not help). The first person to open a board after a restart or a deploy,
 * often the facilitator, already waits for everything else. The render is made here, straight
 * through Next's handler with a request object that never touched a socket, for a well-formed
 * id: the pages render their loader for any id, and only server/app.ts answers 404 for
 * unknown boards, which this call does not pass through. Nothing is stored or sent.
 *
 * A page that fails or hangs here is logged by the caller and otherwise ignored: the server
 * starts either way, and that page is simply rendered cold later.
 */
import http from 'node:http'
import net from 'node:net'

export type PageHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>

export interface Warmed {
  url: string
  /** The page's status, or null when it failed or did not finish in time. */
  status: number | null
  ms: number
  error?: string
}

/** The board's pages, for an id no board has (any well-formed id renders them). */
export const PAGES_TO_WARM = ['/b/AAAAAAAAAAAAAAAAAAAAAA', '/b/AAAAAAAAAAAAAAAAAAAAAA/join', '/b/AAAAAAAAAAAAAAAAAAAAAA/present', '/']

export async function warmPages(handle: PageHandler, urls: readonly string[] = PAGES_TO_WARM, timeoutMs = 10_000): Promise<Warmed[]> {
  const out: Warmed[] = []
  for (const url of urls) {
    const started = performance.now()
    const req = new http.IncomingMessage(new net.Socket())
    req.method = 'GET'
    req.url = url
    req.headers = { host: 'localhost', accept: 'text/html' }
    req.push(null)
    const res = new http.ServerResponse(req)
    // A response with no socket never emits 'finish': its end() is the sign it is done.
    const ended = new Promise<void>((resolve) => {
      const end = res.end.bind(res)
      res.end = ((...args: Parameters<typeof end>) => {
        resolve()
        return end(...args)
      }) as typeof res.end
    })
    let timer: ReturnType<typeof setTimeout> | undefined
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)))
    try {
      const result = await Promise.race([Promise.all([handle(req, res), ended]), timedOut])
      out.push({ url, status: result === 'timeout' ? null : res.statusCode, ms: Math.round(performance.now() - started), ...(result === 'timeout' ? { error: `not done after ${timeoutMs} ms` } : {}) })
    } catch (err) {
      out.push({ url, status: null, ms: Math.round(performance.now() - started), error: String((err as Error)?.message ?? err) })
    } finally {
      clearTimeout(timer)
      res.destroy()
    }
  }
  return out
}
