import { createBoard, expect, openBoard, participant, test, withEditor } from './fixtures'

test.describe('the analyser on the board', () => {
  test('a conflict between two core actors shows, for both browsers, as a gap and a phase; the spiral grows', async ({ browser, baseURL }) => {
    const board = await createBoard(baseURL!, { template: 'coalition' })
    const ada = await participant(browser, baseURL!, 'Ada')
    const bob = await participant(browser, baseURL!, 'Bob')
    await openBoard(ada.page, board.url)
    await openBoard(bob.page, board.url)
    await expect(bob.page.getByTestId('analysis-phase')).toHaveAttribute('data-phase', 'empty')
    await bob.page.getByTestId('analysis-tab-spiral').click()
    const spiralPoints = Number(await bob.page.getByTestId('spiral').getAttribute('data-points'))

    // Two core actors and a conflict tie between them, made in Ada's browser.
    await withEditor(
      ada.page,
      `editor.run(() => {
        editor.createShape({ id: 'shape:a1', type: 'actor', x: -220, y: -48, props: { name: 'Milieudefensie' } })
        editor.createShape({ id: 'shape:a2', type: 'actor', x: 20, y: -48, props: { name: 'FNV' } })
        editor.createShape({ id: 'shape:t1', type: 'arrow', x: 0, y: 0, meta: { tie: { trust: 'conflict', kind: 'conflict' } } })
        editor.createBindings([
          { type: 'arrow', fromId: 'shape:t1', toId: 'shape:a1', props: { terminal: 'start', normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false, snap: 'none' } },
          { type: 'arrow', fromId: 'shape:t1', toId: 'shape:a2', props: { terminal: 'end', normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false, snap: 'none' } },
        ])
      })`,
    )
    for (const page of [ada.page, bob.page]) {
      await page.getByTestId('analysis-tab-gaps').click()
      await expect(page.locator('[data-testid=gap][data-gap-kind=core-conflict]')).toHaveCount(1)
      await expect(page.locator('[data-testid=gap-marker][data-severity=critical]')).toHaveCount(2)
      await expect(page.getByTestId('conflict-line')).toHaveCount(1)
      await page.getByTestId('analysis-tab-phase').click()
      await expect(page.getByTestId('analysis-phase')).toHaveAttribute('data-phase', 'focus')
    }
    await bob.page.getByTestId('analysis-tab-spiral').click()
    await expect.poll(async () => Number(await bob.page.getByTestId('spiral').getAttribute('data-points'))).toBeGreaterThan(spiralPoints)

    // Clicking a gap zooms to its actors.
    await ada.page.getByTestId('analysis-tab-gaps').click()
    const before = await withEditor<number>(ada.page, 'return editor.getZoomLevel()')
    await ada.page.locator('[data-testid=gap][data-gap-kind=core-conflict] .cc-gap__title').click()
    await expect.poll(() => withEditor<number>(ada.page, 'return editor.getZoomLevel()')).not.toBe(before)
    // Zooming to them left the actors' own bounds as they were (they once grew into the gap's box).
    expect(await withEditor<number>(ada.page, `return editor.getShapePageBounds('shape:a1').w`)).toBe(200)

    // Spotlight: the facilitator points everyone at the gap's actors.
    await bob.page.getByTestId('analysis-tab-phase').click()
    const bobZoom = await withEditor<number>(bob.page, 'return editor.getZoomLevel()')
    await ada.page.locator('[data-testid=gap][data-gap-kind=core-conflict] [data-testid=spotlight-gap]').click()
    await expect.poll(() => withEditor<number>(bob.page, 'return editor.getZoomLevel()')).not.toBe(bobZoom)

    // The conflict line: one line of the overlay's <svg> while neither actor is selected,
    // between the two cards' centres (measured once the camera rests: the spotlight above moved
    // it). While one is selected (a drag moves it), it is drawn on tldraw's overlay canvas instead:
    // its red across the gap between the cards, nothing beside it.
    const centres = () => withEditor<{ x: number; y: number }[]>(bob.page, `return ['shape:a1', 'shape:a2'].map((id) => editor.pageToScreen(editor.getShapePageBounds(id).center))`)
    const line = bob.page.getByTestId('conflict-line')
    const measure = async () => {
      let before = JSON.stringify(await centres())
      for (;;) {
        const box = (await line.boundingBox())!
        const after = JSON.stringify(await centres())
        if (after === before) return { box, ends: JSON.parse(after) as { x: number; y: number }[] }
        before = after
      }
    }
    const midpointOf = (ends: { x: number; y: number }[]) => ({ x: (ends[0].x + ends[1].x) / 2, y: (ends[0].y + ends[1].y) / 2 })
    await withEditor(bob.page, `editor.selectNone()`)
    await expect(line).toHaveJSProperty('tagName', 'line')
    const still = await measure()
    expect(Math.abs(still.box.x + still.box.width / 2 - midpointOf(still.ends).x)).toBeLessThan(2)
    expect(Math.abs(still.box.y + still.box.height / 2 - midpointOf(still.ends).y)).toBeLessThan(2)
    // The overlay canvas's pixel (r, g, b, alpha) at the gap's midpoint, and 40 page units above it.
    const overlayPixels = () =>
      withEditor<number[][]>(
        bob.page,
        `const canvas = document.querySelector('.tl-canvas-overlays')
        const dpr = editor.getInstanceState().devicePixelRatio
        const mid = editor.pageToViewport({ x: 0, y: 0 })
        const above = editor.pageToViewport({ x: 0, y: -40 })
        return [mid, above].map((p) => [...canvas.getContext('2d').getImageData(Math.round(p.x * dpr), Math.round(p.y * dpr), 1, 1).data])`,
      )
    await withEditor(bob.page, `editor.select('shape:a2')`)
    await expect(line).toHaveCount(0)
    await expect.poll(async () => (await overlayPixels())[0][3]).toBeGreaterThan(0)
    const [onLine, besideLine] = await overlayPixels()
    expect(onLine[0]).toBeGreaterThan(onLine[1] + 50) // red
    expect(besideLine[3]).toBe(0)
    await withEditor(bob.page, `editor.selectNone()`)
    await expect(line).toHaveJSProperty('tagName', 'line')
    await expect.poll(async () => (await overlayPixels())[0][3]).toBe(0)
    // While Ada moves a card (not selected in Bob's browser), Bob's line of it is on the canvas too.
    await withEditor(ada.page, `window.__nudging = setInterval(() => editor.updateShape({ id: 'shape:a2', type: 'actor', x: 20 + Math.random() }), 50)`)
    await expect(line).toHaveCount(0)
    await expect.poll(async () => (await overlayPixels())[0][3]).toBeGreaterThan(0)
    await withEditor(ada.page, `clearInterval(window.__nudging); editor.updateShape({ id: 'shape:a2', type: 'actor', x: 20 })`)
    await expect(line).toHaveJSProperty('tagName', 'line')
    await expect.poll(async () => (await overlayPixels())[0][3]).toBe(0)

    // Spotlight an actor from the inspector: everyone is pointed at it.
    // (Its zoom may stay as the gap's spotlight left it: the camera moves to the actor.)
    const bobCentre = () => withEditor<string>(bob.page, 'const c = editor.getViewportPageBounds().center; return Math.round(c.x) + "," + Math.round(c.y)')
    const bobCentre2 = await bobCentre()
    await withEditor(ada.page, `editor.select('shape:a1')`)
    await ada.page.getByTestId('spotlight-actor').click()
    await expect.poll(bobCentre).not.toBe(bobCentre2)
    await expect.poll(bobCentre).toBe('-120,0')

    // The facilitator hides the analysis: a participant (edit link) sees a notice instead.
    const par = await participant(browser, baseURL!, 'Piet')
    await openBoard(par.page, `/b/${board.id}#t=${board.tokens.edit}`)
    await expect(par.page.getByTestId('analysis-phase')).toBeVisible()
    await ada.page.getByTestId('hide-analysis').check()
    await expect(par.page.getByTestId('analysis-panel')).toHaveAttribute('data-hidden', 'true')
    await expect(par.page.getByTestId('analysis-overlay')).toHaveCount(0)
    await expect(bob.page.getByTestId('analysis-phase')).toBeVisible()
    await ada.page.getByTestId('hide-analysis').uncheck()
    await expect(par.page.getByTestId('analysis-phase')).toBeVisible()
    await par.context.close()
    await ada.context.close()
    await bob.context.close()
  })

  test('a blank board shows the empty phase and adds the rings in one click', async ({ browser, baseURL }) => {
    const board = await createBoard(baseURL!, { template: 'blank' })
    const ada = await participant(browser, baseURL!, 'Ada')
    await openBoard(ada.page, board.url)
    await expect(ada.page.getByTestId('analysis-phase')).toHaveAttribute('data-phase', 'empty')
    await ada.page.getByTestId('add-rings').click()
    await expect(ada.page.getByTestId('coalition-rings')).toHaveCount(1)
    await expect(ada.page.getByTestId('add-rings')).toHaveCount(0)
    // The toolbar no longer offers a second set of rings.
    await expect(ada.page.locator('[data-testid="tools.rings"]')).toHaveCount(0)
    await ada.context.close()
  })
})
