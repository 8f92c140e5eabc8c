/**
 * A meeting room with no internet: the server runs on a laptop and phones reach it over the
 * room's wifi, at `http://<the laptop's address>:3000`. That origin is plain http and not
 * localhost, so the page is not a secure context: no Web Crypto digests, no randomUUID, no
 * service worker, no clipboard API. Every other e2e test runs on localhost, which browsers
 * treat as secure; here a second Chromium maps a room's host name to this machine
 * (`--host-resolver-rules`), which any machine can do whatever its network.
 */
import type { Browser } from '@playwright/test'
import { createBoard, expect, participant, test, withEditor } from './fixtures'

const ROOM_HOST = 'meeting-room.lan'

/** A board link as someone on the room's network has it: the room's host name for this machine. */
function inRoom(link: string, baseURL: string): string {
  const url = new URL(link, baseURL)
  url.hostname = ROOM_HOST
  return url.href
}

test.describe('meeting room', () => {
  let roomBrowser: Browser
  test.beforeAll(async ({ playwright, launchOptions }) => {
    roomBrowser = await playwright.chromium.launch({ ...launchOptions, args: [...(launchOptions.args ?? []), `--host-resolver-rules=MAP ${ROOM_HOST} 127.0.0.1`] })
  })
  test.afterAll(() => roomBrowser?.close())

  test("a phone on the room's network (plain http, not a secure context) gives a name, is listed, and adds an actor", async ({ browser, baseURL }) => {
    const board = await createBoard(baseURL!)
    const fac = await participant(browser, baseURL!, 'Fien')
    try {
      const phone = await roomBrowser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true })
      const page = await phone.newPage()
      const errors: string[] = []
      page.on('pageerror', (err) => errors.push(err.message))
      await page.goto(inRoom(board.url, baseURL!))
      expect(await page.evaluate(() => window.isSecureContext)).toBe(false)

      // A first visit: no name remembered, so the page asks for one.
      await expect(page.getByTestId('name-prompt')).toBeVisible()
      await page.getByTestId('name-prompt').locator('input').fill('Femke')
      await page.getByTestId('name-prompt').locator('button').click()
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected')

      // The facilitator, on the laptop itself, sees her in the participants list.
      await fac.page.goto(board.url)
      await expect(fac.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected')
      await fac.page.getByTestId('participants').click()
      await expect(fac.page.getByTestId('participants-list')).toContainText('Femke')

      // Her actor reaches the facilitator.
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-editable', 'true')
      await withEditor(page, `editor.createShape({ type: 'actor', x: 0, y: 0, props: { name: 'Buurtkracht' } })`)
      await expect
        .poll(() => withEditor<string[]>(fac.page, `return editor.getCurrentPageShapes().filter((s) => s.type === 'actor').map((s) => s.props.name)`))
        .toContain('Buurtkracht')
      expect(errors).toEqual([])
    } finally {
      await fac.context.close()
    }
  })

  test('a phone that scans the QR code joins over plain http: the form puts its organisation on the map and its person in the participants list', async ({ browser, baseURL }) => {
    const board = await createBoard(baseURL!)
    const fac = await participant(browser, baseURL!, 'Fien')
    const phone = await roomBrowser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true })
    try {
      await fac.page.goto(board.url)
      await fac.page.getByTestId('share').click()
      // The QR code's link names the laptop's network address; the phone reaches it by the room's name.
      const join = new URL(await fac.page.getByTestId('share-qr').getAttribute('data-qr-text') ?? '')
      expect(join.pathname).toBe(`/b/${board.id}/join`)
      const page = await phone.newPage()
      const errors: string[] = []
      page.on('pageerror', (err) => errors.push(err.message))
      await page.goto(inRoom(join.pathname + join.hash, baseURL!))
      await page.getByTestId('join-user').fill('Femke')
      await page.getByTestId('join-name').fill('Huurders Oost')
      await page.getByTestId('join-ring-ally').check()
      await page.getByTestId('join-submit').click()
      await expect(page.getByTestId('join-done')).toContainText('Huurders Oost')
      await expect
        .poll(() => withEditor<string[]>(fac.page, `return editor.getCurrentPageShapes().filter((s) => s.type === 'actor').map((s) => s.props.name)`))
        .toContain('Huurders Oost')
      // The form shows no cursors and has none, but its person is listed, without a cursor.
      await fac.page.getByTestId('share-close').click()
      await fac.page.getByTestId('participants').click()
      await expect(fac.page.getByTestId('participants-list')).toContainText('Femke')
      expect(await withEditor<number>(fac.page, `return editor.getCollaborators().length`)).toBe(0)
      expect(errors).toEqual([])
    } finally {
      await phone.close()
      await fac.context.close()
    }
  })

  test("a facilitator's laptop on the room's network copies the join link from the share dialog", async ({ baseURL }) => {
    const board = await createBoard(baseURL!)
    const laptop = await roomBrowser.newContext()
    try {
      await laptop.addInitScript(() => {
        localStorage.setItem('cc:user', JSON.stringify({ id: 'room-laptop', name: 'Fien', color: '#1971c2' }))
        // What the copy command copied: the selected part of the field it copied from.
        document.addEventListener('copy', (e) => {
          const field = e.target as HTMLInputElement
          ;(window as unknown as { copied: string }).copied = field.value.slice(field.selectionStart ?? 0, field.selectionEnd ?? 0)
        })
      })
      const page = await laptop.newPage()
      await page.goto(inRoom(board.url, baseURL!))
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected')
      expect(await page.evaluate(() => [window.isSecureContext, 'clipboard' in navigator])).toEqual([false, false])
      await page.getByTestId('share').click()
      const join = await page.getByTestId('link-join').inputValue()
      await page.getByTestId('copy-join').click()
      await expect(page.getByTestId('copy-join')).toHaveText('Copied')
      expect(await page.evaluate(() => (window as unknown as { copied?: string }).copied)).toBe(join)
    } finally {
      await laptop.close()
    }
  })
})
