import { spawn } from 'node:child_process'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { allRecords } from '../lib/doc/schema'
import { spawnServer } from '../server/testing/harness'
import { createBoard, expect, expectOnlyOwnOrigin, openBoard, participant, shapeCount, test, waitForOfflineCopy, withEditor } from './fixtures'

test.describe('live board', () => {
  test('new board from the home page, after giving a name once', async ({ page, baseURL }) => {
    await page.goto('/')
    await page.getByTestId('new-board').click()
    await page.waitForURL(/\/b\/[A-Za-z0-9_-]{22}#t=[A-Za-z0-9_-]+$/)
    await expect(page.getByTestId('name-prompt')).toBeVisible()
    await page.getByTestId('name-prompt').locator('input').fill('Ada')
    await page.getByTestId('name-prompt').locator('button').click()
    await expect(page.locator('.tl-canvas')).toBeVisible()
    await page.reload()
    await expect(page.locator('.tl-canvas')).toBeVisible()
    await expect(page.getByTestId('name-prompt')).toHaveCount(0)
    expect(baseURL).toBeTruthy()
  })

  test("a board's response names the editor's code, and the page fetches each of those files once", async ({ browser, baseURL }) => {
    const board = await createBoard(baseURL!, { template: 'blank' })
    const ada = await participant(browser, baseURL!, 'Ada')
    const requested: string[] = []
    ada.page.on('request', (request) => requested.push(new URL(request.url()).pathname))
    const response = await ada.page.goto(board.url)
    await expect(ada.page.locator('.tl-canvas')).toBeVisible()
    await expect(ada.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected')
    // server/pagePreloads.ts: the board page's deferred chunks (tldraw among them), at low priority.
    const named = [...(response!.headers()['link'] ?? '').matchAll(/<([^>]+)>; rel=preload; as=(script|style); fetchpriority=low/g)].map((m) => m[1])
    expect(named.length).toBeGreaterThanOrEqual(2)
    // A preload whose request did not match the page's own would be fetched twice.
    for (const href of named) expect(requested.filter((p) => p === href), href).toHaveLength(1)
    // What the link allows is asked for with the board's socket, before the editor's code runs
    // (boardLink.ts, takeEarlyInfo), and once.
    await expect(ada.page.getByTestId('connection-status')).toHaveAttribute('data-editable', 'true')
    const timing = await ada.page.evaluate(
      (path) => ({
        asked: performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === path)?.startTime,
        editorCode: performance.getEntriesByName('cc:board-code')[0]?.startTime,
      }),
      `/api/boards/${board.id}`,
    )
    expect(timing.asked).toBeLessThan(timing.editorCode!)
    expect(requested.filter((p) => p === `/api/boards/${board.id}`)).toHaveLength(1)
  })

  test('with COMPRESS_FRAMES_ABOVE set, Chromium and the server agree on permessage-deflate and the board arrives whole', async ({ page }) => {
    const server = await spawnServer({ STORAGE: 'memory', COMPRESS_FRAMES_ABOVE: '16384' })
    try {
      const base = `http://127.0.0.1:${server.port}`
      const created = await (await fetch(`${base}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"template":"example"}' })).json()
      // A page of that server's origin (its CSP allows sockets to it), speaking y-websocket's sync by hand.
      await page.goto(`${base}/healthz`)
      const answer = await page.evaluate(
        (url) =>
          new Promise<{ extensions: string; message: number[] }>((resolve, reject) => {
            const ws = new WebSocket(url)
            ws.binaryType = 'arraybuffer'
            ws.onerror = () => reject(new Error('socket error'))
            // Sync step 1 with an empty state vector: the server answers with the whole board.
            ws.onopen = () => ws.send(new Uint8Array([0, 0, 1, 0]))
            ws.onmessage = (event) => {
              const data = new Uint8Array(event.data as ArrayBuffer)
              if (data[0] === 0 && data[1] === 1) {
                resolve({ extensions: ws.extensions, message: [...data] })
                ws.close()
              }
            }
          }),
        `ws://127.0.0.1:${server.port}/yjs/${created.id}?token=${created.tokens.view}`,
      )
      expect(answer.extensions).toContain('permessage-deflate')
      expect(answer.message.length).toBeGreaterThan(16384)
      // Sync step 2 (type 0, step 1), then the update: the example coalition, every actor in it.
      const doc = new Y.Doc()
      const decoder = decoding.createDecoder(new Uint8Array(answer.message))
      decoding.readVarUint(decoder)
      syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, null)
      expect(allRecords(doc).filter((r) => (r as { type?: string }).type === 'actor').length).toBeGreaterThan(20)
    } finally {
      await server.kill('SIGTERM')
    }
  })

  test('two participants see each other’s shapes and cursors; reload keeps the board', async ({ browser, baseURL }) => {
    const board = await createBoard(baseURL!, { template: 'blank' })
    const ada = await participant(browser, baseURL!, 'Ada')
    const bob = await participant(browser, baseURL!, 'Bob')
    await openBoard(ada.page, board.url)
    await openBoard(bob.page, board.url)

    // Ada draws a rectangle with the mouse (in the middle of the canvas, clear of the panels).
    await ada.page.keyboard.press('r')
    await ada.page.mouse.move(560, 420)
    await ada.page.mouse.down()
    await ada.page.mouse.move(680, 500, { steps: 5 })
    await ada.page.mouse.up()
    await expect.poll(() => shapeCount(bob.page)).toBe(1)

    // Bob adds one through the editor; Ada sees it.
    await withEditor(bob.page, `editor.createShape({ type: 'geo', x: 600, y: 200, props: { w: 80, h: 80 } })`)
    await expect.poll(() => shapeCount(ada.page)).toBe(2)

    // Ada's cursor, with her name, appears on Bob's screen.
    await ada.page.mouse.move(700, 560)
    await ada.page.mouse.move(720, 570)
    await expect(bob.page.locator('.tl-collaborator__cursor')).toBeVisible()
    await expect(bob.page.getByText('Ada', { exact: true })).toBeVisible()

    // Undo undoes only Ada's own change (her rectangle), not Bob's shape.
    await ada.page.keyboard.press('Control+z')
    await expect.poll(() => shapeCount(bob.page)).toBe(1)
    const remaining = await withEditor<number[]>(ada.page, 'return editor.getCurrentPageShapes().map(s => s.x)')
    expect(remaining).toEqual([600])

    await bob.page.reload()
    await expect(bob.page.locator('.tl-canvas')).toBeVisible()
    await expect.poll(() => shapeCount(bob.page)).toBe(1)
    expectOnlyOwnOrigin(ada.page)
    expectOnlyOwnOrigin(bob.page)
    await ada.context.close()
    await bob.context.close()
  })

  test('offline: keep drawing, reload while offline, come back, both converge', async ({ browser, baseURL }) => {
    const board = await createBoard(baseURL!, { template: 'blank' })
    const ada = await participant(browser, baseURL!, 'Ada')
    const bob = await participant(browser, baseURL!, 'Bob')
    await openBoard(ada.page, board.url)
    await openBoard(bob.page, board.url)
    // The service worker must control the page, and hold what it needs, before we can reload offline.
    await waitForOfflineCopy(ada.page)

    await ada.context.setOffline(true)
    await expect(ada.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline')
    // A shape added, then changed five times: one pending edit (a record), not six.
    await withEditor(ada.page, `editor.createShape({ id: 'shape:offline', type: 'geo', x: 100, y: 100, props: { w: 50, h: 50 } })`)
    for (let i = 1; i <= 5; i++) await withEditor(ada.page, `editor.updateShape({ id: 'shape:offline', type: 'geo', x: ${100 + i * 10} })`)
    await expect(ada.page.getByTestId('pending-edits')).toHaveText('· 1 pending edit')
    await expect(ada.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline')
    await withEditor(bob.page, `editor.createShape({ type: 'geo', x: 400, y: 100, props: { w: 50, h: 50 } })`)

    await ada.page.reload()
    await expect(ada.page.locator('.tl-canvas')).toBeVisible()
    await expect.poll(() => shapeCount(ada.page)).toBe(1)
    await withEditor(ada.page, `editor.createShape({ type: 'geo', x: 200, y: 100, props: { w: 50, h: 50 } })`)
    // The edit from before the reload still counts.
    await expect(ada.page.getByTestId('pending-edits')).toHaveText('· 2 pending edits')

    await ada.context.setOffline(false)
    await expect.poll(() => shapeCount(ada.page), { timeout: 20_000 }).toBe(3)
    await expect.poll(() => shapeCount(bob.page), { timeout: 20_000 }).toBe(3)
    await expect(ada.page.getByTestId('pending-edits')).toHaveCount(0)
    await ada.context.close()
    await bob.context.close()
  })

  test('the pattern fill’s hatching is made once a shape uses it, not before', async ({ page, baseURL }) => {
    const board = await createBoard(baseURL!)
    await openBoard(page, board.url)
    const ready = page.getByTestId('ready-pattern-fill-defs')
    // Idle twice over with a shape on the board that has no pattern: still not made.
    await withEditor(page, `editor.createShape({ type: 'geo', x: 100, y: 100, props: { w: 80, h: 80, fill: 'solid' } })`)
    for (let i = 0; i < 2; i++) await page.evaluate('new Promise((r) => requestIdleCallback(() => r(null)))')
    await expect(page.getByTestId('board')).toBeVisible()
    expect(await ready.count()).toBe(0)
    await withEditor(page, `editor.createShape({ type: 'geo', x: 300, y: 100, props: { w: 80, h: 80, fill: 'pattern' } })`)
    await expect(ready).toHaveCount(1)
  })

  test('a board decodes only the fonts its text uses; the service worker keeps them all, from our own origin', async ({ page, baseURL }) => {
    const board = await createBoard(baseURL!, { template: 'blank' })
    await openBoard(page, board.url)
    const loadedFamilies = () =>
      page.evaluate(() => [...new Set([...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, '')))].filter((f) => f.startsWith('tldraw_')).sort())
    // A text in the hand-drawn font: that family loads for it (fontWarmUp.ts: the rest are not asked for).
    await withEditor(page, `editor.createShape({ type: 'text', x: 100, y: 100, props: { font: 'draw' } })`)
    await expect.poll(loadedFamilies, { timeout: 15_000 }).toEqual(['tldraw_draw'])
    // Once the page has been left alone, the service worker caches all 16 font files for a reload with no network.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null)
    await expect
      .poll(async () => (await page.evaluate(async () => (await (await caches.open('cc-shell-v1')).keys()).map((r) => r.url))).filter((u) => u.includes('/tldraw/fonts/')).length, { timeout: 15_000 })
      .toBe(16)
    expect(await loadedFamilies()).toEqual(['tldraw_draw'])
    expectOnlyOwnOrigin(page)
  })

  test('an unknown board id gets a clear 404 page', async ({ page }) => {
    const res = await page.goto('/b/AAAAAAAAAAAAAAAAAAAAAA')
    expect(res?.status()).toBe(404)
    await expect(page.getByTestId('not-found')).toBeVisible()
    const bad = await page.goto('/b/not-a-board')
    expect(bad?.status()).toBe(404)
  })

  test("the server says nothing alarming: one copy of Yjs (the pages' server rendering imports the server's own), no deprecated call for a 404", async () => {
    // Bundled into Next's server chunks, Yjs ran twice in one process and said so at every start
    // ("Yjs was already imported. This breaks constructor checks"): next.config's
    // serverExternalPackages makes those chunks import the server's copy.
    const server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', STORAGE: 'memory', NODE_ENV: 'production', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    server.stdout.on('data', (chunk) => (output += chunk))
    server.stderr.on('data', (chunk) => (output += chunk))
    try {
      // It renders each page once before it listens (server/warmPages.ts), the board page included.
      await expect.poll(() => /"local":"http:\/\/localhost:(\d+)"/.exec(output)?.[1], { timeout: 60_000 }).toBeTruthy()
      const port = /"local":"http:\/\/localhost:(\d+)"/.exec(output)![1]
      const board = await createBoard(`http://127.0.0.1:${port}`, { template: 'blank' })
      const page = await fetch(`http://127.0.0.1:${port}${board.url.split('#')[0]}`)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<html')
      // An unknown board: Next's not-found page, through its request handler (server/index.ts).
      const missing = await fetch(`http://127.0.0.1:${port}/b/AAAAAAAAAAAAAAAAAAAAAA`)
      expect(missing.status).toBe(404)
      expect(await missing.text()).toContain('data-testid="not-found"')
      expect(output).not.toContain('Yjs was already imported')
      // Next's word for a custom server's deprecated calls (render404 was one); Node's own
      // deprecations are the Node version's business, not this test's.
      expect(output).not.toContain('deprecated in custom servers')
    } finally {
      server.kill('SIGTERM')
    }
  })

  test("a board deleted while its page waits for what the link allows: the page says so and stops asking", async ({ browser, baseURL }) => {
    const board = await createBoard(baseURL!, { template: 'blank' })
    const ada = await participant(browser, baseURL!, 'Ada')
    // The board's socket gets no answer, so the page stays on its loading screen.
    await ada.page.routeWebSocket(/\/yjs\//, () => {})
    let asked = 0
    let deleted!: () => void
    const boardDeleted = new Promise<void>((resolve) => (deleted = resolve))
    await ada.page.route(`**/api/boards/${board.id}`, async (route) => {
      asked++
      if (asked === 1) return route.fulfill({ status: 503, json: { error: { message: 'try again later' } } })
      await boardDeleted
      await route.continue()
    })
    await ada.page.goto(board.url)
    // The failed request is made again (useBoardAccess), and held until the board is gone.
    await expect.poll(() => asked).toBe(2)
    const res = await fetch(`${baseURL}/api/boards/${board.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${board.tokens.facilitate}` } })
    expect(res.status).toBe(204)
    deleted()
    await expect(ada.page.getByTestId('board-loading')).toHaveText(/does not exist any more/)
    expect(asked).toBe(2)
    await ada.context.close()
  })
})
