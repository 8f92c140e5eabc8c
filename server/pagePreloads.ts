/**
 * Preload hints for the code each page loads after its own: a `Link` header naming the
 * scripts and styles of the page's deferred imports (the board's editor, the present view).
 *
 * Each page renders a small loader and imports its real content (tldraw: 1.8 MB) with
 * `next/dynamic`, because tldraw cannot render on the server. The browser only learns of
 * those chunks when the page's own scripts have run: on the 1,000-actor board it asked for
 * them ~600 ms after navigation and sat idle ~300 ms waiting for them (CPU profile,
 * `bench/browserBoard.ts --profile`). Named in the page's response, they download beside
 * the page's own scripts. They go at low priority, so the page's own scripts, which open the
 * board's socket, still come first.
 *
 * Next writes no manifest of a page's dynamic imports, so the list is read from the build:
 * the page's entry scripts (its client reference manifest) and, in them, the chunk lists
 * that Turbopack's loader for each `import()` fetches. A build this reader cannot follow
 * yields no hint (the page works as before; e2e/boardPreload checks the hint is there).
 */
import fs from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'

/** A page's route pattern and the Link header value for it. */
interface PageHint {
  pattern: RegExp
  link: string
}

/** Turbopack's loader of one dynamic import: `Promise.all(["static/chunks/a.js", …].map(`. */
const IMPORT_GROUP = /Promise\.all\(\[((?:"static\/chunks\/[^"]+",?)+)\]\.map\(/g

/** The chunk files each dynamic import in this script loads. */
export function dynamicImportChunks(script: string): string[][] {
  const groups: string[][] = []
  for (const match of script.matchAll(IMPORT_GROUP)) groups.push(JSON.parse(`[${match[1]}]`) as string[])
  return groups
}

/** `/b/[id]/present` → a pattern matching `/b/<one segment>/present` (a query may follow). */
export function routePattern(route: string): RegExp {
  const source = route
    .split('/')
    .map((segment) => (/^\[[^\]]+\]$/.test(segment) ? '[^/?]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/')
  return new RegExp(`^${source}/?(?:\\?|$)`)
}

/** A Link header value preloading these chunk files (paths relative to `/_next/`). */
export function linkHeader(chunks: readonly string[]): string {
  return chunks
    .map((chunk) => `</_next/${chunk}>; rel=preload; as=${chunk.endsWith('.css') ? 'style' : 'script'}; fetchpriority=low`)
    .join(', ')
}

/** A page's entry scripts, from its client reference manifest (a script that sets a global). */
function entryScripts(nextDir: string, page: string): string[] {
  const file = path.join(nextDir, 'server', 'app', `${page}_client-reference-manifest.js`)
  const sandbox: { globalThis?: unknown; __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> } = {}
  sandbox.globalThis = sandbox
  vm.runInNewContext(fs.readFileSync(file, 'utf8'), sandbox, { timeout: 1000 })
  return sandbox.__RSC_MANIFEST?.[page]?.entryJSFiles?.[`[project]/app${page}`] ?? []
}

/**
 * The hints of every page of a build in `nextDir`: the chunks of the dynamic imports in the
 * page's entry scripts that the page does not load already. Empty when there is no build or
 * its layout is not the one this reads.
 */
export function readPageHints(nextDir: string): PageHint[] {
  let routes: Record<string, string>
  try {
    routes = JSON.parse(fs.readFileSync(path.join(nextDir, 'app-path-routes-manifest.json'), 'utf8'))
  } catch {
    return []
  }
  const hints: PageHint[] = []
  for (const [page, route] of Object.entries(routes)) {
    if (!page.endsWith('/page')) continue
    let entries: string[]
    try {
      entries = entryScripts(nextDir, page)
    } catch {
      continue
    }
    const chunks = new Set<string>()
    for (const entry of entries) {
      let script: string
      try {
        script = fs.readFileSync(path.join(nextDir, entry), 'utf8')
      } catch {
        continue
      }
      for (const group of dynamicImportChunks(script)) for (const chunk of group) if (!entries.includes(chunk)) chunks.add(chunk)
    }
    if (chunks.size) hints.push({ pattern: routePattern(route), link: linkHeader([...chunks]) })
  }
  return hints
}

/** The Link header for a request's URL, or null. */
export function pageHintFor(hints: readonly PageHint[], url: string): string | null {
  return hints.find((hint) => hint.pattern.test(url))?.link ?? null
}
