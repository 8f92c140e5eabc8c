/**
 * `npm start` ends here: one Node process serving the Next.js pages, the API and the
 * websocket endpoint. `--dev` runs Next in development mode (hot reload).
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import next from 'next'
import { loadConfig, publicBaseUrl } from './config'
import { createCoalitionServer } from './app'
import { serveCompressedStatic } from './staticAssets'
import { pageHintFor, readPageHints } from './pagePreloads'
import { warmPages } from './warmPages'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const staticDir = path.join(root, '.next', 'static')
const dev = process.argv.includes('--dev')
process.env.NEXT_TELEMETRY_DISABLED = '1'

async function main(): Promise<void> {
  const startedAt = performance.now()
  const config = loadConfig()
  const nextApp = next({ dev, dir: root, hostname: config.host, port: config.port })
  await nextApp.prepare()
  const handle = nextApp.getRequestHandler()
  // The URL the request handler is given to render app/not-found.tsx (its route answers 404).
  const NOT_FOUND_PAGE: Parameters<typeof handle>[2] = {
    pathname: '/_not-found', href: '/_not-found', query: {}, search: null, hash: null,
    hostname: null, port: null, protocol: null, slashes: null,
  }
  // Which chunks each page will import once its own code runs, named in its response.
  const pageHints = dev ? [] : readPageHints(path.join(root, '.next'))
  const upgrade = dev ? nextApp.getUpgradeHandler() : undefined
  const server = createCoalitionServer(config, {
    dev,
    pages: {
      handle: async (req, res) => {
        // In production the build's precompressed scripts and styles go out as they are.
        if (!dev && serveCompressedStatic(req, res, staticDir)) return
        const hint = req.method === 'GET' ? pageHintFor(pageHints, req.url ?? '') : null
        if (hint) res.setHeader('Link', hint)
        return handle(req, res)
      },
      // Through the request handler: Next 16 deprecates render404 in custom servers, and said
      // so at each 404.
      notFound: (req, res) => handle(req, res, NOT_FOUND_PAGE),
      upgrade,
    },
  })
  // The first visitor after a start gets pages as quick as the next ones (warmPages.ts).
  const warmed = dev ? [] : await warmPages(handle)
  for (const page of warmed) if (page.status === null) server.log.warn({ page }, 'page not warmed')
  const port = await server.listen()
  server.log.info(
    {
      local: `http://localhost:${port}`,
      network: publicBaseUrl(config, port),
      dataDir: config.storage === 'sqlite' ? config.dataDir : '(memory)',
      readyMs: Math.round(performance.now() - startedAt),
      warmedMs: warmed.reduce((sum, page) => sum + page.ms, 0),
    },
    'Coalition Canvas is ready',
  )
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    server.log.info({ signal }, 'shutting down')
    await server.close().catch((err) => server.log.error({ err }, 'shutdown failed'))
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((err) => {
  // A failed `next build` leaves no .next directory: say what to do instead of a stack.
  if (String(err?.message ?? err).includes('production build')) {
    console.error('No production build found. Run `npm run build` (or `npm start`, which builds when needed).')
  } else console.error(err)
  process.exit(1)
})
