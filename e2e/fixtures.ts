/**
 * Shared e2e helpers: boards made through the API, participants with a remembered name,
 * a guard that fails any test whose page requests another origin (or puts a link token in a
 * socket's URL), and editor access.
 */
import path from 'node:path'
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { OFFLINE_COPY_READY } from './offlineCopy'

export { expect }

export interface Participant {
  context: BrowserContext
  page: Page
}

/**
 * Where a README screenshot goes: docs/screenshots only when UPDATE_SCREENSHOTS=1 (a test
 * run would otherwise rewrite committed images with pixel noise), else the test output.
 */
export function screenshotPath(name: string): string {
  return process.env.UPDATE_SCREENSHOTS === '1'
    ? path.join('docs', 'screenshots', name)
    : path.join('test-results', 'screenshots', name)
}

export async function createBoard(baseURL: string, body: object = {}): Promise<{ id: string; url: string; tokens: Record<string, string> }> {
  const res = await fetch(`${baseURL}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(res.status).toBe(201)
  return (await res.json()) as { id: string; url: string; tokens: Record<string, string> }
}

/** A browser context whose user already has a name (the prompt is tested separately). */
export async function participant(browser: Browser, baseURL: string, name: string, options: object = {}): Promise<Participant> {
  const context = await browser.newContext({ baseURL, ...options })
  await context.addInitScript((n) => {
    if (!localStorage.getItem('cc:user')) {
      localStorage.setItem('cc:user', JSON.stringify({ id: `test-${n}`, name: n, color: '#1971c2' }))
    }
  }, name)
  const page = await context.newPage()
  guardOrigin(page, baseURL)
  return { context, page }
}

const foreignRequests = new WeakMap<Page, string[]>()

/** Records every request to another origin, and any socket URL with a token; `expectOnlyOwnOrigin` fails on any. */
export function guardOrigin(page: Page, baseURL: string): void {
  const origin = new URL(baseURL).origin
  const seen: string[] = []
  foreignRequests.set(page, seen)
  page.on('request', (request) => {
    const url = request.url()
    if (url.startsWith('data:') || url.startsWith('blob:')) return
    if (new URL(url).origin !== origin && !url.startsWith(origin.replace('http', 'ws'))) seen.push(url)
  })
  // A socket's URL is printed by the console when it fails: the link token rides elsewhere.
  page.on('websocket', (socket) => {
    if (/[?&]token=/.test(socket.url())) seen.push(`a token in a socket's URL: ${socket.url()}`)
  })
}

export function expectOnlyOwnOrigin(page: Page): void {
  expect(foreignRequests.get(page) ?? [], 'requests to another origin').toEqual([])
}

/** Opens a board and waits until the canvas is live and connected. */
export async function openBoard(page: Page, boardUrl: string): Promise<void> {
  await page.goto(boardUrl)
  await expect(page.locator('.tl-canvas')).toBeVisible()
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected')
  // What the link allows comes from its own request, which may answer after the socket: until
  // then the canvas is read-only and a tool's shortcut is ignored (CI once lost a 'c' so).
  await expect
    .poll(() =>
      page.evaluate(() => {
        const editable = document.querySelector<HTMLElement>('[data-testid="connection-status"]')?.dataset.editable
        const editor = (window as unknown as { __coalitionCanvas?: { editor?: { getIsReadonly(): boolean } } }).__coalitionCanvas?.editor
        return editable !== 'unknown' && !!editor && editor.getIsReadonly() === (editable !== 'true')
      }),
    )
    .toBe(true)
}

/** Waits until the page can be reloaded with no network (see OFFLINE_COPY_READY). */
export async function waitForOfflineCopy(page: Page): Promise<void> {
  // Polled with evaluate, which awaits the check: a waitForFunction given an async function
  // took the promise it returned for a yes, and a reload with no network then found an empty cache.
  await expect.poll(() => page.evaluate(OFFLINE_COPY_READY), { timeout: 20_000 }).toBe(true)
}

/** Runs `fn` with the page's tldraw editor; returns plain data only. */
export function withEditor<T>(page: Page, fn: string): Promise<T> {
  return page.evaluate(`(() => { const editor = window.__coalitionCanvas.editor; ${fn} })()`) as Promise<T>
}

export function shapeCount(page: Page): Promise<number> {
  return withEditor<number>(page, 'return editor.getCurrentPageShapes().length')
}

export const test = base

/** Screen coordinates (relative to the viewport) of a page point. */
export function pageToScreen(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  return withEditor(page, `const p = editor.pageToViewport({ x: ${x}, y: ${y} }); const r = editor.getContainer().getBoundingClientRect(); return { x: p.x + r.left, y: p.y + r.top }`)
}

/** The centre on the page of the first actor with this name. */
export function actorCentre(page: Page, name: string): Promise<{ x: number; y: number }> {
  return withEditor(
    page,
    `const s = editor.getCurrentPageShapes().find(s => s.type === 'actor' && s.props.name === ${JSON.stringify(name)}); const b = editor.getShapePageBounds(s); return { x: b.center.x, y: b.center.y }`,
  )
}
