import { describe, expect, it } from 'vitest'
import { warmPages, type PageHandler } from './warmPages'

describe('warmPages', () => {
  it('renders each page once through the handler, a GET for HTML, and reports its status', async () => {
    const seen: string[] = []
    const handle: PageHandler = async (req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.accept}`)
      // Rendering finishes a little later, as Next's streaming render does.
      setTimeout(() => {
        res.statusCode = req.url === '/missing' ? 404 : 200
        res.end('<html></html>')
      }, 5)
    }
    const warmed = await warmPages(handle, ['/b/AAAAAAAAAAAAAAAAAAAAAA', '/missing'])
    expect(seen).toEqual(['GET /b/AAAAAAAAAAAAAAAAAAAAAA text/html', 'GET /missing text/html'])
    expect(warmed.map((w) => [w.url, w.status])).toEqual([
      ['/b/AAAAAAAAAAAAAAAAAAAAAA', 200],
      ['/missing', 404],
    ])
  })

  it('goes on past a page that throws or never finishes, and says so', async () => {
    const handle: PageHandler = async (req, res) => {
      if (req.url === '/throws') throw new Error('render failed')
      if (req.url === '/hangs') return
      res.end('ok')
    }
    const warmed = await warmPages(handle, ['/throws', '/hangs', '/fine'], 50)
    expect(warmed.map((w) => [w.url, w.status])).toEqual([
      ['/throws', null],
      ['/hangs', null],
      ['/fine', 200],
    ])
    expect(warmed[0].error).toContain('render failed')
    expect(warmed[1].error).toContain('not done after 50 ms')
  })
})
