import {
  actorCentre,
  createBoard,
  expect,
  expectOnlyOwnOrigin,
  openBoard,
  pageToScreen,
  participant,
  screenshotPath,
  test,
  withEditor,
} from './fixtures'

// The coalition template's rings are centred on page (0, 0): core radius 270, allies 576.
const CORE = { x: 0, y: 0 }
const ALLIES = { x: 0, y: 420 }

test.describe('coalition mapping', () => {
  test('an actor’s role is where it stands, for everyone; ties carry trust; Dutch labels', async ({ browser, baseURL }) => {
    const board = await createBoard(baseURL!, { template: 'coalition' })
    const ada = await participant(browser, baseURL!, 'Ada')
    const bob = await participant(browser, baseURL!, 'Bob')
    await openBoard(ada.page, board.url)
    await openBoard(bob.page, board.url)

    // Ada adds an actor in the core with the keyboard shortcut and names it inline.
    await ada.page.keyboard.press('c')
    const core = await pageToScreen(ada.page, CORE.x, CORE.y)
    await ada.page.mouse.click(core.x, core.y)
    const nameInput = ada.page.locator('.cc-actor__name-input')
    await expect(nameInput).toBeFocused()
    await nameInput.fill('Milieudefensie')
    await ada.page.keyboard.press('Enter')
    await expect.poll(() => withEditor(ada.page, 'return editor.getPath()')).toBe('select.idle')

    const bobCard = bob.page.locator('[data-testid=actor-card][data-actor-name="Milieudefensie"]')
    await expect(bobCard).toHaveAttribute('data-role', 'core')

    // Ada drags it to the allies ring: both see an ally. (She grabs the card away from where
    // she clicked to create it, so the press is not taken for a double click.)
    const from = await pageToScreen(ada.page, CORE.x + 70, CORE.y + 20)
    const to = await pageToScreen(ada.page, ALLIES.x + 70, ALLIES.y + 20)
    await ada.page.mouse.move(from.x, from.y)
    await ada.page.mouse.down()
    await ada.page.mouse.move(to.x, to.y, { steps: 8 })
    await ada.page.mouse.up()
    await expect(ada.page.locator('[data-testid=actor-card][data-actor-name="Milieudefensie"]')).toHaveAttribute('data-role', 'ally')
    await expect(bobCard).toHaveAttribute('data-role', 'ally')

    // Bob adds a second actor in the core through the editor and the inspector.
    await withEditor(bob.page, `editor.createShape({ type: 'actor', x: -100, y: -48, props: { name: 'FNV' } })`)
    await expect(ada.page.locator('[data-testid=actor-card][data-actor-name="FNV"]')).toHaveAttribute('data-role', 'core')

    // Ada draws a tie from FNV to Milieudefensie with the arrow tool; the inspector opens on it.
    await ada.page.keyboard.press('Escape')
    await ada.page.keyboard.press('a')
    const fnv = await pageToScreen(ada.page, ...Object.values(await actorCentre(ada.page, 'FNV')) as [number, number])
    const md = await pageToScreen(ada.page, ...Object.values(await actorCentre(ada.page, 'Milieudefensie')) as [number, number])
    await ada.page.mouse.move(fnv.x, fnv.y)
    await ada.page.mouse.down()
    await ada.page.mouse.move(md.x, md.y, { steps: 10 })
    await ada.page.mouse.up()
    const trust = ada.page.getByTestId('inspector-trust')
    await expect(trust).toBeVisible()
    await expect(trust).toHaveValue('none')
    await trust.selectOption('high')

    // Bob sees the tie, styled as high trust (thick, solid, green).
    await expect
      .poll(() =>
        withEditor(bob.page, `const a = editor.getCurrentPageShapes().find(s => s.type === 'arrow'); return a ? [a.meta.tie?.trust, a.props.size, a.props.dash, a.props.color].join('/') : null`),
      )
      .toBe('high/xl/solid/green')

    // Switch Ada to Dutch: our labels and tldraw's own strings follow.
    await ada.page.getByTestId('language').selectOption('nl')
    await expect(ada.page.locator('[data-testid=actor-card][data-actor-name="FNV"] [data-testid=actor-role]')).toHaveText('Kern')
    await expect(ada.page.locator('[data-testid=coalition-rings]')).toContainText('Bondgenoten')
    await expect(ada.page.locator('[data-testid="tools.select"]')).toHaveAttribute('aria-label', /Selecteer/)
    expectOnlyOwnOrigin(ada.page)
    await ada.context.close()
    await bob.context.close()
  })

  test('cards placed and named from the keyboard, renamed by a double click; a deleted card takes its ties', async ({ browser, baseURL }) => {
    const board = await createBoard(baseURL!, { template: 'coalition' })
    const ada = await participant(browser, baseURL!, 'Ada')
    // What the link allows answers late here (as it did once in CI, where a 'c' then went to a
    // read-only canvas): openBoard waits for it, as a person waits for the tools to light up.
    // The first time it is held until the badge has been seen to say why the tools are not
    // there yet, and then fails (a server in trouble): the page asks again by itself. Then the
    // page is opened again with that answer 1.5 s late.
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    let asked = 0
    await ada.page.route(/\/api\/boards\/[^/]+$/, async (route) => {
      if (++asked === 1) {
        await released
        return route.fulfill({ status: 503, body: 'busy' })
      }
      await new Promise((resolve) => setTimeout(resolve, 1500))
      await route.continue()
    })
    await ada.page.goto(board.url)
    const badge = ada.page.getByTestId('connection-status')
    await expect(badge).toHaveAttribute('data-state', 'connected')
    await expect(badge).toHaveAttribute('data-editable', 'unknown')
    await expect(badge).toHaveText('Checking the link…')
    release()
    await expect(badge).toHaveText('Connected', { timeout: 15_000 })
    expect(asked).toBeGreaterThanOrEqual(2)
    await openBoard(ada.page, board.url)
    const names = () => withEditor<string>(ada.page, `return editor.getCurrentPageShapes().filter(s => s.type === 'actor').map(s => s.props.name).sort().join(',')`)

    // The actor tool's shortcut, Enter, the name, Enter: twice, without the mouse.
    for (const name of ['Buurtbus', 'Fietsersbond']) {
      await ada.page.keyboard.press('c')
      await ada.page.keyboard.press('Enter')
      await expect(ada.page.locator('.cc-actor__name-input')).toBeFocused()
      await ada.page.keyboard.type(name)
      await ada.page.keyboard.press('Enter')
      await expect.poll(() => withEditor(ada.page, 'return editor.getPath()')).toBe('select.idle')
    }
    expect(await names()).toBe('Buurtbus,Fietsersbond')
    // The second card was not put on top of the first.
    const overlap = await withEditor<boolean>(
      ada.page,
      `const [a, b] = editor.getCurrentPageShapes().filter(s => s.type === 'actor').map(s => editor.getShapePageBounds(s)); return a.collides(b)`,
    )
    expect(overlap).toBe(false)

    // A double click on a card edits its name: typing replaces it.
    const bus = await pageToScreen(ada.page, ...(Object.values(await actorCentre(ada.page, 'Buurtbus')) as [number, number]))
    await ada.page.mouse.dblclick(bus.x, bus.y)
    await expect(ada.page.locator('.cc-actor__name-input')).toBeFocused()
    await ada.page.keyboard.type('Buurtbus Zuid')
    await ada.page.keyboard.press('Enter')
    await expect.poll(names).toBe('Buurtbus Zuid,Fietsersbond')

    // 'i' goes from the canvas into the inspector of the selected card; Escape comes back.
    await ada.page.keyboard.press('Escape')
    await withEditor(ada.page, `editor.select(editor.getCurrentPageShapes().find(s => s.props.name === 'Fietsersbond').id)`)
    await expect(ada.page.getByTestId('inspector')).toBeVisible()
    await ada.page.keyboard.press('i')
    await expect(ada.page.getByTestId('inspector-name')).toBeFocused()
    await ada.page.keyboard.press('Tab')
    await expect(ada.page.getByTestId('inspector-kind')).toBeFocused()
    await ada.page.keyboard.press('Escape')
    await expect(ada.page.locator('.tl-container')).toBeFocused()
    expect(await withEditor<number>(ada.page, 'return editor.getSelectedShapeIds().length')).toBe(1)

    // A tie between them goes when either card is deleted, and comes back with it on undo.
    await withEditor(
      ada.page,
      `const [a, b] = editor.getCurrentPageShapes().filter(s => s.type === 'actor')
       const id = 'shape:tie'
       editor.createShape({ id, type: 'arrow', x: 0, y: 0, meta: { tie: { trust: 'high', kind: 'cooperation' } } })
       editor.createBindings([
         { type: 'arrow', fromId: id, toId: a.id, props: { terminal: 'start', normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false } },
         { type: 'arrow', fromId: id, toId: b.id, props: { terminal: 'end', normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false } },
       ])
       editor.select(b.id)`,
    )
    await ada.page.keyboard.press('Delete')
    await expect.poll(names).toBe('Buurtbus Zuid')
    expect(await withEditor<boolean>(ada.page, `return !!editor.getShape('shape:tie')`)).toBe(false)
    await ada.page.keyboard.press('Control+z')
    await expect.poll(names).toBe('Buurtbus Zuid,Fietsersbond')
    expect(await withEditor<number>(ada.page, `return editor.getBindingsFromShape('shape:tie', 'arrow').length`)).toBe(2)
    await ada.context.close()
  })

  test('the inspector works from the keyboard and on a phone-sized screen', async ({ browser, baseURL }) => {
    const board = await createBoard(baseURL!, { template: 'coalition' })
    const phone = await participant(browser, baseURL!, 'Pia', { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })
    await openBoard(phone.page, board.url)
    await withEditor(phone.page, `const id = 'shape:kb'; editor.createShape({ id, type: 'actor', x: -100, y: -48, props: { name: 'Buurtnetwerk' } }); editor.select(id)`)
    const inspector = phone.page.getByTestId('inspector')
    await expect(inspector).toBeVisible()
    const box = await inspector.boundingBox()
    expect(box!.width).toBeLessThanOrEqual(390)
    expect(box!.x).toBeGreaterThanOrEqual(0)

    await phone.page.getByTestId('inspector-name').focus()
    await phone.page.keyboard.press('Tab')
    await expect(phone.page.getByTestId('inspector-kind')).toBeFocused()
    await phone.page.keyboard.press('Tab')
    await expect(phone.page.getByTestId('inspector-stance')).toBeFocused()
    await phone.page.getByTestId('inspector-stance').selectOption('neutral')
    await phone.page.getByTestId('inspector-theme').fill('wonen')
    await phone.page.keyboard.press('Enter')
    await phone.page.getByTestId('inspector-theme').fill('klimaat')
    await phone.page.keyboard.press('Enter')
    await expect
      .poll(() => withEditor(phone.page, `const s = editor.getShape('shape:kb'); return [s.props.stance, ...s.props.themes].join(',')`))
      .toBe('neutral,wonen,klimaat')
    await expect(phone.page.locator('[data-testid=actor-card] [data-testid=actor-role]')).toHaveText(/Core|Kern/)
    // A facilitator's controls fold away on a phone, behind one button.
    await expect(phone.page.getByTestId('lock-toggle')).toBeHidden()
    await phone.page.getByTestId('session-controls').click()
    await expect(phone.page.getByTestId('lock-toggle')).toBeVisible()
    await phone.context.close()
  })

  test('the example coalition (and the README screenshot of it)', async ({ browser, baseURL }) => {
    const board = await createBoard(baseURL!, { template: 'example' })
    const viewer = await participant(browser, baseURL!, 'Screenshot', { viewport: { width: 1600, height: 1000 } })
    await openBoard(viewer.page, board.url)
    await expect(viewer.page.locator('[data-testid=actor-card]')).toHaveCount(25)
    // The map opens beside the analysis panel, not under it.
    const panel = await viewer.page.getByTestId('analysis-panel').boundingBox()
    const map = await withEditor<{ left: number; right: number }>(
      viewer.page,
      `const b = editor.getShapePageBounds(editor.getCurrentPageShapes().find(s => s.type === 'rings')); const r = editor.getContainer().getBoundingClientRect()
       return { left: editor.pageToViewport({ x: b.minX, y: 0 }).x + r.left, right: editor.pageToViewport({ x: b.maxX, y: 0 }).x + r.left }`,
    )
    expect(map.left).toBeGreaterThan(panel!.x + panel!.width)
    expect(map.right).toBeLessThanOrEqual(1600)
    await viewer.page.screenshot({ path: screenshotPath('example-coalition.png') })
    await viewer.context.close()
  })
  test('a dragged card takes its ties along in hit testing and culling; plain ties draw as lines', async ({ browser, baseURL }) => {
    const board = await createBoard(baseURL!, { template: 'example' })
    const ada = await participant(browser, baseURL!, 'Ada', { viewport: { width: 1600, height: 1000 } })
    await openBoard(ada.page, board.url)
    await expect(ada.page.locator('[data-testid=actor-card]')).toHaveCount(25)
    // Straight ties are drawn by our line; the example's bent (reciprocal) ones by tldraw.
    const ties = await withEditor<{ straight: number; bent: number }>(
      ada.page,
      `const ties = editor.getCurrentPageShapes().filter(s => s.type === 'arrow')
       return { straight: ties.filter(s => s.props.bend === 0).length, bent: ties.filter(s => s.props.bend !== 0).length }`,
    )
    expect(ties.straight).toBeGreaterThan(0)
    expect(ties.bent).toBeGreaterThan(0)
    await expect(ada.page.locator('[data-tie-line]')).toHaveCount(ties.straight)

    // The actor with the most ties, dragged far with the mouse.
    const actor = await withEditor<{ id: string; x: number; y: number; ties: string[] }>(
      ada.page,
      `const actors = editor.getCurrentPageShapes().filter(s => s.type === 'actor')
       const ties = (a) => editor.getBindingsToShape(a.id, 'arrow').map(b => b.fromId)
       const a = actors.sort((p, q) => ties(q).length - ties(p).length)[0]
       const c = editor.getShapePageBounds(a).center
       return { id: a.id, x: c.x, y: c.y, ties: ties(a) }`,
    )
    expect(actor.ties.length).toBeGreaterThan(1)
    const from = await pageToScreen(ada.page, actor.x, actor.y)
    await ada.page.mouse.move(from.x, from.y)
    await ada.page.mouse.down()
    for (let i = 1; i <= 10; i++) await ada.page.mouse.move(from.x + i * 25, from.y + i * 15)
    await ada.page.mouse.up()
    await expect.poll(() => withEditor(ada.page, `return editor.getShape('${actor.id}').x`)).not.toBe(0)

    // The spatial index holds every shape at its current bounds: each tie of the moved card
    // is found around its new midpoint, and no shape is missing from its own bounds.
    const stale = await withEditor<string[]>(
      ada.page,
      `const out = []
       for (const s of editor.getCurrentPageShapes()) {
         const b = editor.getShapePageBounds(s.id)
         if (b && !editor.getShapeIdsInsideBounds(b).has(s.id)) out.push('missing ' + s.id)
       }
       // Halfway between its two cards' centres, each moved straight tie is hit.
       for (const id of ${JSON.stringify(actor.ties)}) {
         if (editor.getShape(id).props.bend !== 0) continue
         const [p, q] = editor.getBindingsFromShape(id, 'arrow').map(b => editor.getShapePageBounds(b.toId).center)
         const mid = { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 }
         if (!editor.getShapesAtPoint(mid, { margin: 4 }).some(s => s.id === id)) out.push('no hit ' + id)
       }
       return out`,
    )
    expect(stale).toEqual([])
    await ada.context.close()
  })
})
