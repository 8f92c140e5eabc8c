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

    // Spotlight: the facilitator points everyone at the gap's actors.
    await bob.page.getByTestId('analysis-tab-phase').click()
    const bobZoom = await withEditor<number>(bob.page, 'return editor.getZoomLevel()')
    await ada.page.locator('[data-testid=gap][data-gap-kind=core-conflict] [data-testid=spotlight-gap]').click()
    await expect.poll(() => withEditor<number>(bob.page, 'return editor.getZoomLevel()')).not.toBe(bobZoom)

    // Spotlight an actor from the inspector: everyone is pointed at it.
    const bobZoom2 = await withEditor<number>(bob.page, 'return editor.getZoomLevel()')
    await withEditor(ada.page, `editor.select('shape:a1')`)
    await ada.page.getByTestId('spotlight-actor').click()
    await expect.poll(() => withEditor<number>(bob.page, 'return editor.getZoomLevel()')).not.toBe(bobZoom2)

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
