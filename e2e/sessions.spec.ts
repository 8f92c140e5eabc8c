import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { createBoard, expect, expectOnlyOwnOrigin, openBoard, participant, screenshotPath, test, withEditor } from './fixtures'

interface Created {
  id: string
  url: string
  tokens: { facilitate: string; edit: string; view: string }
  links: { edit: string; join: string; present: string }
}

async function createSessionBoard(baseURL: string): Promise<Created> {
  return (await createBoard(baseURL, { template: 'coalition' })) as unknown as Created
}

/** Someone on the board who is only present (a name, no edits): a stock y-websocket client. */
function presentPerson(baseURL: string, boardId: string, token: string, name: string): WebsocketProvider {
  const provider = new WebsocketProvider(`${baseURL.replace(/^http/, 'ws')}/yjs`, boardId, new Y.Doc(), {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
  })
  provider.awareness.setLocalState({ user: { name, color: '#2f9e44' }, capability: 'edit' })
  return provider
}

test.describe('sessions', () => {
  test('timer, follow me and lock between a facilitator and a participant', async ({ browser, baseURL }) => {
    const board = await createSessionBoard(baseURL!)
    const fac = await participant(browser, baseURL!, 'Fien')
    const par = await participant(browser, baseURL!, 'Piet')
    await openBoard(fac.page, board.url)
    await openBoard(par.page, `/b/${board.id}#t=${board.tokens.edit}`)

    // Only the facilitator has the controls.
    await expect(fac.page.getByTestId('lock-toggle')).toBeVisible()
    await expect(par.page.getByTestId('lock-toggle')).toHaveCount(0)

    // Timer: started by the facilitator, visible to both.
    await fac.page.getByTestId('timer-minutes').fill('5')
    await fac.page.getByTestId('timer-start').click()
    await expect(par.page.getByTestId('timer-time')).toHaveText(/^[45]:\d\d$/)
    await expect(fac.page.getByTestId('timer-time')).toHaveText(/^[45]:\d\d$/)

    // Follow me: the participant's viewport follows the facilitator's.
    await fac.page.getByTestId('follow-me').check()
    await expect(par.page.getByTestId('follow-banner')).toHaveAttribute('data-following', 'true')
    await withEditor(fac.page, `editor.setCamera({ x: -3000, y: -2000, z: 1 })`)
    await expect
      .poll(() => withEditor<number>(par.page, 'return Math.round(editor.getViewportPageBounds().center.x)'), { timeout: 15_000 })
      .toBe(await withEditor<number>(fac.page, 'return Math.round(editor.getViewportPageBounds().center.x)'))
    await par.page.getByTestId('step-out').click()
    await expect(par.page.getByTestId('follow-again')).toBeVisible()
    await fac.page.getByTestId('follow-me').uncheck()

    // Bring everyone here, once: the participant jumps to the facilitator's view.
    await withEditor(par.page, `editor.setCamera({ x: 5000, y: 5000, z: 1 })`)
    await withEditor(fac.page, `editor.setCamera({ x: 800, y: 600, z: 1 })`)
    await fac.page.getByTestId('bring-here').click()
    await expect
      .poll(() => withEditor<number>(par.page, 'return Math.round(editor.getViewportPageBounds().center.x)'), { timeout: 15_000 })
      .toBe(await withEditor<number>(fac.page, 'return Math.round(editor.getViewportPageBounds().center.x)'))

    // Lock: the participant's canvas becomes read-only, and a write sneaked past the UI is undone.
    await fac.page.getByTestId('lock-toggle').check()
    await expect(par.page.getByTestId('locked-banner')).toBeVisible()
    await expect.poll(() => withEditor<boolean>(par.page, 'return editor.getIsReadonly()')).toBe(true)
    await withEditor(par.page, `editor.updateInstanceState({ isReadonly: false }); editor.createShape({ id: 'shape:sneaky', type: 'geo', x: 0, y: 0, props: { w: 50, h: 50 } })`)
    await expect.poll(() => withEditor<boolean>(par.page, `return !!editor.getShape('shape:sneaky')`)).toBe(false)
    expect(await withEditor<boolean>(fac.page, `return !!editor.getShape('shape:sneaky')`)).toBe(false)
    await fac.page.getByTestId('lock-toggle').uncheck()
    await expect.poll(() => withEditor<boolean>(par.page, 'return editor.getIsReadonly()')).toBe(false)

    // Others' cursors, each person's own choice: with names (tldraw's way), without, hidden.
    await par.page.mouse.move(600, 400)
    await par.page.mouse.move(640, 430, { steps: 4 })
    const cursorNames = () =>
      withEditor<(string | null)[]>(fac.page, `return editor.overlays.getCurrentOverlays().filter((o) => o.type === 'collaborator_cursor').map((o) => o.props.name)`)
    await expect.poll(cursorNames).toEqual(['Piet'])
    await fac.page.getByTestId('participants').click()
    const cursors = fac.page.getByTestId('others-cursors')
    await expect(cursors).toHaveValue('named')
    await cursors.selectOption({ label: 'without names' })
    await expect.poll(cursorNames).toEqual([null])
    // Hidden: the cursor, and the outline of what the participant selected, both go.
    await withEditor(par.page, `editor.selectAll()`)
    const othersOverlays = () =>
      withEditor<string[]>(fac.page, `return [...new Set(editor.overlays.getCurrentOverlays().map((o) => o.type).filter((t) => t.startsWith('collaborator_')))].sort()`)
    await expect.poll(othersOverlays).toEqual(['collaborator_cursor', 'collaborator_shape_indicator'])
    await cursors.selectOption({ label: 'hidden' })
    await expect.poll(othersOverlays).toEqual([])
    // The participant still sees the facilitator's cursor, and the choice outlives a reload.
    await fac.page.mouse.move(300, 300)
    await fac.page.mouse.move(320, 340, { steps: 4 })
    await expect
      .poll(() => withEditor<(string | null)[]>(par.page, `return editor.overlays.getCurrentOverlays().filter((o) => o.type === 'collaborator_cursor').map((o) => o.props.name)`))
      .toEqual(['Fien'])
    await fac.page.reload()
    await expect(fac.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected')
    await par.page.mouse.move(700, 450, { steps: 4 })
    await fac.page.getByTestId('participants').click()
    await expect(fac.page.getByTestId('others-cursors')).toHaveValue('hidden')
    await expect(fac.page.getByTestId('participants-list')).toContainText('Piet')
    expect(await cursorNames()).toEqual([])
    await fac.context.close()
    await par.context.close()
  })

  test("follow me cannot be hijacked: a page that claims the facilitator's id in its presence is not followed, nor listed as her", async ({ browser, baseURL }) => {
    const board = await createSessionBoard(baseURL!)
    const fac = await participant(browser, baseURL!, 'Fien')
    const par = await participant(browser, baseURL!, 'Piet')
    const mal = await participant(browser, baseURL!, 'Mallory')
    await openBoard(fac.page, board.url)
    for (const p of [par, mal]) await openBoard(p.page, `/b/${board.id}#t=${board.tokens.edit}`)
    await fac.page.getByTestId('follow-me').check()
    await expect(par.page.getByTestId('follow-banner')).toHaveAttribute('data-following', 'true')

    // Mallory's page sends a presence as Fien (her id is in everyone's presence list), far away.
    const fienId = await fac.page.evaluate(() => (window as any).__coalitionCanvas.provider.awareness.getLocalState().presence.userId as string)
    await mal.page.evaluate((id) => {
      const awareness = (window as any).__coalitionCanvas.provider.awareness
      const presence = awareness.getLocalState().presence
      awareness.setLocalStateField('presence', { ...presence, userId: id, userName: 'Forged', camera: { x: -9000, y: -9000, z: 1 }, lastActivityTimestamp: Date.now() + 60_000 })
    }, fienId)
    // A write after it: once Piet has it, the server has read the forgery (one socket is read in order).
    await withEditor(mal.page, `editor.createShape({ id: 'shape:after-forgery', type: 'geo', x: 0, y: 0, props: { w: 50, h: 50 } })`)
    await expect.poll(() => withEditor<boolean>(par.page, `return !!editor.getShape('shape:after-forgery')`)).toBe(true)

    // Fien moves; Piet follows her, and no presence on his page carries the forged name.
    await withEditor(fac.page, `editor.setCamera({ x: -3000, y: -2000, z: 1 })`)
    const fienCentre = await withEditor<number>(fac.page, 'return Math.round(editor.getViewportPageBounds().center.x)')
    await expect
      .poll(() => withEditor<number>(par.page, 'return Math.round(editor.getViewportPageBounds().center.x)'), { timeout: 15_000 })
      .toBe(fienCentre)
    const forged = await par.page.evaluate(() => [...(window as any).__coalitionCanvas.provider.awareness.getStates().values()].filter((s: any) => s.presence?.userName === 'Forged').length)
    expect(forged).toBe(0)
    for (const p of [fac, par, mal]) await p.context.close()
  })

  test('someone who opens the board later gets the session as it stands, without an old "bring everyone here"', async ({ browser, baseURL }) => {
    const board = await createSessionBoard(baseURL!)
    const fac = await participant(browser, baseURL!, 'Fien')
    await openBoard(fac.page, board.url)
    const centre = (page: typeof fac.page) => withEditor<string>(page, 'const c = editor.getViewportPageBounds().center; return Math.round(c.x) + "," + Math.round(c.y)')
    const frames = (page: typeof fac.page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))

    // The share dialog and the export menu close with Escape.
    await fac.page.getByTestId('share').click()
    await expect(fac.page.getByTestId('share-dialog')).toBeVisible()
    await fac.page.keyboard.press('Escape')
    await expect(fac.page.getByTestId('share-dialog')).toHaveCount(0)
    await fac.page.getByTestId('export-open').click()
    await expect(fac.page.getByTestId('export-png')).toBeVisible()
    await fac.page.keyboard.press('Escape')
    await expect(fac.page.getByTestId('export-png')).toHaveCount(0)
    await expect(fac.page.getByTestId('export-open')).toBeFocused()

    // The one who brings everyone here stays where they are (it zoomed them out a little).
    await withEditor(fac.page, `editor.setCamera({ x: 800, y: 600, z: 1 })`)
    const before = await withEditor<string>(fac.page, 'const c = editor.getCamera(); return [c.x, c.y, c.z].join()')
    await fac.page.getByTestId('bring-here').click()
    await frames(fac.page)
    expect(await withEditor<string>(fac.page, 'const c = editor.getCamera(); return [c.x, c.y, c.z].join()')).toBe(before)

    await fac.page.getByTestId('lock-toggle').check()
    await fac.page.getByTestId('follow-me').check()
    await withEditor(fac.page, `editor.setCamera({ x: -3000, y: -2000, z: 1 })`)
    const late = await participant(browser, baseURL!, 'Lotte')
    await openBoard(late.page, `/b/${board.id}#t=${board.tokens.edit}`)
    // Locked and following from the start, not from the facilitator's next change.
    await expect(late.page.getByTestId('locked-banner')).toBeVisible()
    await expect.poll(() => withEditor<boolean>(late.page, 'return editor.getIsReadonly()')).toBe(true)
    await expect(late.page.getByTestId('follow-banner')).toHaveAttribute('data-following', 'true')
    await expect.poll(() => centre(late.page), { timeout: 15_000 }).toBe(await centre(fac.page))

    // The facilitator's next change does not replay the old "bring everyone here".
    const followed = await centre(late.page)
    await fac.page.getByTestId('follow-me').uncheck()
    await expect(late.page.getByTestId('follow-banner')).toHaveCount(0)
    await frames(late.page)
    expect(await centre(late.page)).toBe(followed)
    await fac.context.close()
    await late.context.close()
  })

  test('the present view shows the QR code and follows a phone that joins', async ({ browser, baseURL }) => {
    const board = await createSessionBoard(baseURL!)
    const screen = await participant(browser, baseURL!, 'Beamer', { viewport: { width: 1920, height: 1080 } })
    await screen.page.goto(`/b/${board.id}/present#t=${board.tokens.facilitate}`)
    await expect(screen.page.getByTestId('present-view')).toBeVisible()
    const qr = screen.page.getByTestId('present-qr')
    await expect(qr.locator('svg')).toBeVisible()
    const joinLink = await qr.getAttribute('data-qr-text')
    expect(joinLink).toContain(`/b/${board.id}/join#t=${board.tokens.edit}`)
    expect(joinLink).not.toContain('localhost')
    // The projector's address bar does not show the facilitator's link; a reload still opens it.
    await expect.poll(() => screen.page.url()).not.toContain('#t=')
    await screen.page.reload()
    await expect(qr.locator('svg')).toBeVisible()
    await expect(screen.page.getByTestId('present-phase')).toBeVisible()
    // The big screen never writes and has no presence of its own.
    expect(await screen.page.evaluate(() => (window as any).__coalitionCanvas.editor.getIsReadonly())).toBe(true)
    // The big screen asked for nobody's presence: a facilitator's cursor is not even sent to
    // it, and the screen is nobody in the facilitator's list.
    const host = await participant(browser, baseURL!, 'Fenna')
    await openBoard(host.page, board.url)
    const observer = presentPerson(baseURL!, board.id, board.tokens.edit, 'Olaf')
    await host.page.mouse.move(500, 400)
    await host.page.mouse.move(520, 420, { steps: 3 })
    const hostId = await host.page.evaluate(() => (window as any).__coalitionCanvas.provider.awareness.clientID as number)
    await expect.poll(() => Boolean((observer.awareness.getStates().get(hostId) as any)?.presence?.cursor)).toBe(true)
    // A write after the move: once the screen has it, it has had whatever was sent before it.
    await withEditor(host.page, `editor.createShape({ id: 'shape:after-the-move', type: 'geo', x: 0, y: 0, props: { w: 40, h: 40 } })`)
    await expect.poll(() => screen.page.evaluate(() => (window as any).__coalitionCanvas.editor.store.has('shape:after-the-move'))).toBe(true)
    const onScreen = await screen.page.evaluate(() => {
      const { editor, awareness } = (window as any).__coalitionCanvas
      return { states: awareness.getStates().size, presences: editor.store.allRecords().filter((r: any) => r.typeName === 'instance_presence').length, id: awareness.clientID as number }
    })
    expect(onScreen).toEqual({ states: 0, presences: 0, id: onScreen.id })
    expect(await host.page.evaluate((id) => (window as any).__coalitionCanvas.provider.awareness.getStates().has(id), onScreen.id)).toBe(false)
    observer.destroy()
    await host.context.close()

    const phone = await participant(browser, baseURL!, 'Pia', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    await phone.page.goto(`/b/${board.id}/join#t=${board.tokens.edit}`)
    await expect(phone.page.getByTestId('join-page')).toBeVisible()
    await phone.page.getByTestId('join-name').fill('Buurtcomité Zuid')
    await phone.page.getByTestId('join-kind').selectOption('group')
    await phone.page.getByTestId('join-ring-core').check()
    await phone.page.getByTestId('join-themes').fill('wonen, klimaat')
    await phone.page.screenshot({ path: screenshotPath('join-phone.png'), fullPage: true })
    await phone.page.getByTestId('join-submit').click()
    await expect(phone.page.getByTestId('join-done')).toContainText('Buurtcomité Zuid')

    const card = screen.page.locator('[data-testid=actor-card][data-actor-name="Buurtcomité Zuid"]')
    await expect(card).toBeVisible()
    await expect(card).toHaveAttribute('data-role', 'core')
    await screen.page.screenshot({ path: screenshotPath('present-view.png') })

    // A second actor that says it trusts the first one gets a tie.
    await phone.page.getByTestId('join-name').fill('Huurders Oost')
    await phone.page.getByTestId('join-ring-ally').check()
    await phone.page.locator('[data-testid=join-trust][data-actor="Buurtcomité Zuid"]').selectOption('high')
    await phone.page.getByTestId('join-submit').click()
    await expect(screen.page.locator('[data-testid=actor-card][data-actor-name="Huurders Oost"]')).toHaveAttribute('data-role', 'ally')
    await expect
      .poll(() => screen.page.evaluate(() => (window as any).__coalitionCanvas.editor.getCurrentPageShapes().filter((s: any) => s.type === 'arrow').length))
      .toBe(1)
    // The join page's socket and the present view's carry no token in their URLs.
    expectOnlyOwnOrigin(phone.page)
    expectOnlyOwnOrigin(screen.page)
    await screen.context.close()
    await phone.context.close()
  })

  test('a second tab of the board leaves the participants list when it closes', async ({ browser, baseURL }) => {
    const board = await createSessionBoard(baseURL!)
    const person = await participant(browser, baseURL!, 'Tess')
    await openBoard(person.page, board.url)
    // Same browser, same board: the stock provider shared presence between such tabs and sent
    // the other tab's on, which can make the server credit it to the wrong socket (seen with
    // Node clients; these tabs passed this test before too). Now each tab sends only its own.
    const second = await person.context.newPage()
    await openBoard(second, board.url)
    const count = person.page.getByTestId('participants')
    await expect(count).toContainText('(2)')
    await second.close()
    // Well before presence times out (30 s): the server takes it off with its socket.
    await expect(count).toContainText('(1)', { timeout: 10_000 })
    await person.context.close()
  })

  test('a view link is read-only; a replaced link stops working', async ({ browser, baseURL }) => {
    const board = await createSessionBoard(baseURL!)
    const viewer = await participant(browser, baseURL!, 'Vera')
    await openBoard(viewer.page, `/b/${board.id}#t=${board.tokens.view}`)
    await expect.poll(() => withEditor<boolean>(viewer.page, 'return editor.getIsReadonly()')).toBe(true)
    await expect(viewer.page.getByTestId('connection-status')).toHaveText('Read-only')
    const rotated = await fetch(`${baseURL}/api/boards/${board.id}/links/view/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.tokens.facilitate}` },
    })
    expect(rotated.status).toBe(200)
    await expect(viewer.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'closed')
    await viewer.context.close()
  })

  test('thirty people: the participants list fits a laptop and a phone and scrolls, clear of the analysis', async ({ browser, baseURL }) => {
    const board = await createSessionBoard(baseURL!)
    // Each y-websocket client in Node listens for the process's exit (to say goodbye).
    process.setMaxListeners(Math.max(process.getMaxListeners(), 40))
    const others = Array.from({ length: 28 }, (_, i) =>
      presentPerson(baseURL!, board.id, board.tokens.edit, `Deelnemer ${i + 1}, Stichting Duurzaam Wonen Rotterdam-Zuid`),
    )
    try {
      const screens = [
        { name: 'laptop', url: board.url, options: { viewport: { width: 1440, height: 900 } } },
        { name: 'phone', url: `/b/${board.id}#t=${board.tokens.edit}`, options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
      ]
      for (const screen of screens) {
        const person = await participant(browser, baseURL!, 'Femke', screen.options)
        await openBoard(person.page, screen.url)
        await expect(person.page.getByTestId('participants')).toContainText('29')
        await person.page.getByTestId('participants').click()
        const list = person.page.getByTestId('participants-list')
        const box = (await list.boundingBox())!
        expect(box.y + box.height, `${screen.name}: the list ends on screen`).toBeLessThanOrEqual(screen.options.viewport.height)
        const analysis = (await person.page.getByTestId('analysis-panel').boundingBox())!
        const overlaps = box.x < analysis.x + analysis.width && analysis.x < box.x + box.width && box.y < analysis.y + analysis.height && analysis.y < box.y + box.height
        expect(overlaps, `${screen.name}: the list is clear of the analysis`).toBe(false)
        // The last of thirty is reached by scrolling the list.
        const last = list.locator('li').last()
        await expect(last).not.toBeInViewport()
        await last.scrollIntoViewIfNeeded()
        await expect(last).toBeInViewport()
        await person.page.screenshot({ path: screenshotPath(`participants-30-${screen.name}.png`) })
        await person.context.close()
      }
    } finally {
      for (const provider of others) provider.destroy()
    }
  })
})
