/**
 * A big board (150+ shapes): its ties, and zoomed out its cards, are drawn on one canvas
 * instead of as shape components (app/_components/board/renderingShapes.ts, MapLayer.tsx).
 * Everything a participant does must still work on the shapes that canvas draws.
 */
import type { Browser } from '@playwright/test'
import { generateSnapshot } from '../lib/analysis/generate'
import { expect, openBoard, pageToScreen, participant, shapeCount, test, waitForOfflineCopy, withEditor } from './fixtures'

/** A new board imported from the analyser's generated snapshot (actors in rings, ties). */
async function importGenerated(baseURL: string, size: { actors: number; ties: number; seed: number }): Promise<{ id: string; url: string }> {
  const res = await fetch(`${baseURL}/api/boards/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-file-name': 'big.json' },
    body: JSON.stringify(generateSnapshot(size)),
  })
  expect(res.status).toBe(201)
  return (await res.json()) as { id: string; url: string }
}

/** Ada, on a wide screen, with a newly imported generated board open. */
async function openGenerated(browser: Browser, baseURL: string, size: { actors: number; ties: number; seed: number }) {
  const board = await importGenerated(baseURL, size)
  const ada = await participant(browser, baseURL, 'Ada', { viewport: { width: 1600, height: 1000 } })
  await openBoard(ada.page, board.url)
  return ada
}

test('a big board opens on the whole map drawn on one canvas; cards are hit, selected, zoomed to and dragged', async ({ browser, baseURL }) => {
  const ada = await openGenerated(browser, baseURL!, { actors: 200, ties: 400, seed: 7 })

  // The whole map, far out: drawn by the canvas, no card or tie components.
  await expect(ada.page.getByTestId('map-layer')).toBeAttached()
  expect(await withEditor<number>(ada.page, 'return editor.getZoomLevel()')).toBeLessThan(0.3)
  await expect(ada.page.locator('[data-testid=actor-card]')).toHaveCount(0)
  await expect(ada.page.locator('[data-shape-type=arrow]')).toHaveCount(0)

  // The spatial index built as the board opened (spatialIndex.ts) holds each card at tldraw's
  // own bounds, and every other shape in a box around tldraw's bounds.
  const offIndex = await withEditor<string[]>(
    ada.page,
    `const out = []
     const rbush = editor._spatialIndex.rbush
     for (const s of editor.getCurrentPageShapes()) {
       const b = editor.getShapePageBounds(s.id), e = rbush.getElement(s.id)
       if (!e) { out.push('missing ' + s.type + ' ' + s.id); continue }
       const same = e.minX === b.minX && e.minY === b.minY && e.maxX === b.maxX && e.maxY === b.maxY
       const around = e.minX <= b.minX + 0.01 && e.minY <= b.minY + 0.01 && e.maxX >= b.maxX - 0.01 && e.maxY >= b.maxY - 0.01
       if (s.type === 'actor' ? !same : !around) out.push(s.type + ' ' + s.id + ' ' + JSON.stringify(e) + ' ' + JSON.stringify(b.toJson()))
     }
     return out`,
  )
  expect(offIndex).toEqual([])

  // A card is drawn in its stance's colours where it stands (a point inside its lower right
  // corner, where neither its name nor its badge is drawn).
  const card = await withEditor<{ id: string; x: number; y: number; stance: string; ties: number }>(
    ada.page,
    `const actors = editor.getCurrentPageShapes().filter(s => s.type === 'actor')
     const ties = (a) => editor.getBindingsToShape(a.id, 'arrow').length
     const a = actors.sort((p, q) => ties(q) - ties(p))[0]
     const b = editor.getShapePageBounds(a)
     return { id: a.id, x: b.center.x, y: b.center.y, stance: a.props.stance, ties: ties(a) }`,
  )
  expect(card.ties).toBeGreaterThan(0)
  const painted = await ada.page.evaluate(
    `(() => {
      const editor = window.__coalitionCanvas.editor
      const canvas = document.querySelector('[data-testid=map-layer]')
      const b = editor.getShapePageBounds('${card.id}')
      const vp = editor.getViewportPageBounds()
      const k = canvas.width / vp.w
      const x = Math.round((b.maxX - 15 - vp.minX) * k), y = Math.round((b.maxY - 15 - vp.minY) * k)
      const probe = document.createElement('div')
      probe.className = 'cc-actor cc-actor--${card.stance}'
      document.body.appendChild(probe)
      const want = getComputedStyle(probe).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)
      probe.remove()
      const px = canvas.getContext('2d').getImageData(x - 1, y - 1, 3, 3).data
      for (let i = 0; i < px.length; i += 4) {
        if (want.every((v, j) => Math.abs(px[i + j] - v) < 12) && px[i + 3] > 240) return true
      }
      return Array.from(px.slice(0, 4)).join(',') + ' wanted ' + want.join(',')
    })()`,
  )
  expect(painted).toBe(true)

  // Hit testing needs no component: a click on the drawn card selects it, and the inspector opens.
  const at = await pageToScreen(ada.page, card.x, card.y)
  await ada.page.mouse.click(at.x, at.y)
  await expect.poll(() => withEditor(ada.page, 'return editor.getSelectedShapeIds()')).toEqual([card.id])
  await expect(ada.page.getByTestId('inspector')).toBeVisible()

  // Zoomed in to work on it, the card is a component again, with its role.
  await withEditor(ada.page, `editor.zoomToBounds(editor.getShapePageBounds('${card.id}'), { targetZoom: 1 })`)
  const cardEl = ada.page.locator(`[data-shape-id="${card.id}"] [data-testid=actor-card]`)
  await expect(cardEl).toBeVisible()
  await expect(cardEl).toHaveAttribute('data-role', /core|ally|outside/)
  // The ties stay on the canvas, even around a card in view.
  await expect(ada.page.locator('[data-shape-type=arrow]')).toHaveCount(0)
  // The selected card's ties are drawn on tldraw's overlay canvas (MapLayer's
  // LiftedMapOverlay), the others are not: points along each, painted there or not.
  const paintedAlong = (tieOfCard: boolean) =>
    ada.page.evaluate(
      `(() => {
        const editor = window.__coalitionCanvas.editor
        const canvas = document.querySelector('.tl-canvas-overlays')
        const ctx = canvas.getContext('2d')
        const vp = editor.getViewportPageBounds()
        const k = canvas.width / vp.w
        const own = new Set(editor.getBindingsToShape('${card.id}', 'arrow').map((b) => b.fromId))
        const tie = editor.getCurrentPageShapes().find((s) => {
          if (s.type !== 'arrow' || own.has(s.id) !== ${tieOfCard}) return false
          const line = window.__coalitionCanvas.tldrawTieLine(s)
          return line && [0.3, 0.7].every((t) => vp.containsPoint({ x: line.start.x + (line.end.x - line.start.x) * t, y: line.start.y + (line.end.y - line.start.y) * t }))
        })
        if (!tie) return -1
        const line = window.__coalitionCanvas.tldrawTieLine(tie)
        let painted = 0
        for (let i = 0; i <= 20; i++) {
          const t = 0.3 + (0.4 * i) / 20
          const x = Math.round((line.start.x + (line.end.x - line.start.x) * t - vp.minX) * k)
          const y = Math.round((line.start.y + (line.end.y - line.start.y) * t - vp.minY) * k)
          const px = ctx.getImageData(x - 1, y - 1, 3, 3).data
          for (let j = 3; j < px.length; j += 4) if (px[j] > 0) { painted++; break }
        }
        return painted
      })()`,
    ) as Promise<number>
  await expect.poll(() => paintedAlong(true)).toBeGreaterThan(5)
  const others = await paintedAlong(false)
  expect(others).toBeGreaterThanOrEqual(0)
  expect(others).toBeLessThan(4)

  // Dragged with the mouse, it moves and its ties follow.
  const tieBounds = `return editor.getBindingsToShape('${card.id}', 'arrow').map((bd) => editor.getShapePageBounds(bd.fromId).toJson())`
  const before = await withEditor<object[]>(ada.page, tieBounds)
  const from = await pageToScreen(ada.page, card.x, card.y)
  await ada.page.mouse.move(from.x, from.y)
  await ada.page.mouse.down()
  for (let i = 1; i <= 8; i++) await ada.page.mouse.move(from.x + i * 20, from.y + i * 10)
  await ada.page.mouse.up()
  const dx = await withEditor<number>(ada.page, `return editor.getShapePageBounds('${card.id}').center.x - ${card.x}`)
  expect(dx).toBeGreaterThan(50)
  const after = await withEditor<object[]>(ada.page, tieBounds)
  expect(after.filter((b, i) => JSON.stringify(b) === JSON.stringify(before[i]))).toEqual([])
  await ada.context.close()
})

test('a big board is in the offline cache as soon as it is open, and reloads offline', async ({ browser, baseURL }) => {
  // ~3,400 records: a first answer big enough to skip the document's update listeners.
  const board = await importGenerated(baseURL!, { actors: 400, ties: 1000, seed: 8 })
  const ada = await participant(browser, baseURL!, 'Ada')
  await openBoard(ada.page, board.url)
  const shapes = await shapeCount(ada.page)
  expect(shapes).toBeGreaterThan(1400)
  // The answer's own bytes went to IndexedDB when it arrived, not seconds later.
  const cachedBytes = await ada.page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(name)
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const all = open.result.transaction('updates').objectStore('updates').getAll()
          all.onsuccess = () => resolve((all.result as Uint8Array[]).reduce((n, u) => n + u.byteLength, 0))
        }
      }),
    `coalition-canvas:${board.id}`,
  )
  expect(cachedBytes).toBeGreaterThan(500_000)

  await waitForOfflineCopy(ada.page)
  await ada.context.setOffline(true)
  await ada.page.reload()
  await expect(ada.page.locator('.tl-canvas')).toBeVisible()
  await expect.poll(() => shapeCount(ada.page), { timeout: 20_000 }).toBe(shapes)
  await ada.context.close()
})

test("a tie's line worked out from its cards' boxes is tldraw's own line, or not given", async ({ browser, baseURL }) => {
  const ada = await openGenerated(browser, baseURL!, { actors: 200, ties: 400, seed: 7 })
  // For every tie: the map's line where it claims tldraw's (tieGeometry.ts), and the tie's
  // geometry (TieArrowShapeUtil, made of that line where it is given), against tldraw's own
  // arrow info, in page units.
  const compare = `
    const { tieLineFromCards, tldrawTieLine } = window.__coalitionCanvas
    const off = (p, q) => Math.max(Math.hypot(p.start.x - q.start.x, p.start.y - q.start.y), Math.hypot(p.end.x - q.end.x, p.end.y - q.end.y))
    const out = { ties: 0, given: 0, worst: 0, worstGeometry: 0 }
    for (const s of editor.getCurrentPageShapes()) {
      if (s.type !== 'arrow') continue
      out.ties++
      const own = tldrawTieLine(s)
      const m = editor.getShapePageTransform(s.id)
      const v = editor.getShapeGeometry(s.id).vertices
      out.worstGeometry = Math.max(out.worstGeometry, off({ start: m.applyToPoint(v[0]), end: m.applyToPoint(v[v.length - 1]) }, own))
      const line = tieLineFromCards(s)
      if (!line) continue
      out.given++
      out.worst = Math.max(out.worst, off(line, own))
    }
    return out`
  const spread = await withEditor<{ ties: number; given: number; worst: number; worstGeometry: number }>(ada.page, compare)
  expect(spread.ties).toBe(400)
  expect(spread.given).toBeGreaterThan(390)
  expect(spread.worst).toBeLessThan(0.01)
  expect(spread.worstGeometry).toBeLessThan(0.01)

  // A point query leaves out ties whose line is far from the point (spatialIndex.ts), and
  // never a tie under it: a point on each tie's line still hits that tie.
  const hits = await withEditor<{ ties: number; hit: number; fewer: number }>(
    ada.page,
    `const ties = editor.getCurrentPageShapes().filter(s => s.type === 'arrow').slice(0, 60)
     const out = { ties: ties.length, hit: 0, fewer: 0 }
     for (const s of ties) {
       const m = editor.getShapePageTransform(s.id), v = editor.getShapeGeometry(s.id).vertices
       const a = m.applyToPoint(v[0]), b = m.applyToPoint(v[v.length - 1])
       const p = { x: a.x + (b.x - a.x) * 0.4, y: a.y + (b.y - a.y) * 0.4 }
       if (editor.getShapesAtPoint(p, { margin: 1 }).some(h => h.id === s.id)) out.hit++
       const inBoxes = editor.getShapeIdsInsideBounds({ minX: p.x - 1, minY: p.y - 1, maxX: p.x + 1, maxY: p.y + 1 })
       if (editor._spatialIndex.getShapeIdsAtPoint(p, 1).size < inBoxes.size) out.fewer++
     }
     return out`,
  )
  expect(hits.hit).toBe(hits.ties)
  expect(hits.fewer).toBeGreaterThan(0)

  // Where tldraw's rule has more to it, the line is tldraw's or not given: ties pulled short
  // (each tie's end card moved right beside its start card), precise anchors, an exact end.
  await withEditor(
    ada.page,
    `const ties = editor.getCurrentPageShapes().filter(s => s.type === 'arrow').slice(0, 60)
     editor.run(() => ties.forEach((tie, i) => {
       const bs = editor.getBindingsFromShape(tie.id, 'arrow')
       const start = bs.find(b => b.props.terminal === 'start'), end = bs.find(b => b.props.terminal === 'end')
       const from = editor.getShape(start.toId), to = editor.getShape(end.toId)
       if (i < 20) editor.updateShape({ id: to.id, type: to.type, x: from.x + from.props.w + 8 + i * 3, y: from.y + (i % 5) * 10 })
       else if (i < 40) editor.updateBinding({ ...end, props: { ...end.props, isPrecise: true, normalizedAnchor: { x: 0.2, y: 0.8 } } })
       else editor.updateBinding({ ...end, props: { ...end.props, isExact: true, isPrecise: true, normalizedAnchor: { x: 0.5, y: 0.5 } } })
     }))`,
  )
  const edited = await withEditor<{ ties: number; given: number; worst: number; worstGeometry: number }>(ada.page, compare)
  expect(edited.given).toBeLessThan(spread.given)
  expect(edited.worst).toBeLessThan(0.01)
  expect(edited.worstGeometry).toBeLessThan(0.01)
  await ada.context.close()
})

test('culling follows the view and every moved card (it is worked out from what changed)', async ({ browser, baseURL }) => {
  const ada = await openGenerated(browser, baseURL!, { actors: 200, ties: 400, seed: 9 })
  // tldraw's rule: out of view is whatever the spatial index does not find in the viewport.
  const check = `
    const inView = editor.getShapeIdsInsideBounds(editor.getViewportPageBounds())
    const want = [...editor.getCurrentPageShapeIds()].filter((id) => !inView.has(id)).sort()
    const got = [...editor.getNotVisibleShapes()].sort()
    return JSON.stringify(want) === JSON.stringify(got) ? 'same, ' + (got.length ? 'some' : 'none') + ' out of view' : 'differ: want ' + want.length + ', got ' + got.length`
  const steps = [
    `const a = editor.getCurrentPageShapes().find((s) => s.type === 'actor'); editor.zoomToBounds(editor.getShapePageBounds(a), { targetZoom: 1 })`,
    // A card from far away into the view, then out again, then one in view nudged.
    `const vp = editor.getViewportPageBounds(); const far = editor.getCurrentPageShapes().find((s) => s.type === 'actor' && !editor.getShapeIdsInsideBounds(vp).has(s.id)); window.__far = far.id; editor.updateShape({ id: far.id, type: 'actor', x: vp.center.x, y: vp.center.y })`,
    `const vp = editor.getViewportPageBounds(); editor.updateShape({ id: window.__far, type: 'actor', x: vp.maxX + 5000, y: vp.maxY + 5000 })`,
    `const vp = editor.getViewportPageBounds(); const near = [...editor.getShapeIdsInsideBounds(vp)].map((id) => editor.getShape(id)).find((s) => s.type === 'actor'); editor.updateShape({ id: near.id, type: 'actor', x: near.x + 30 })`,
    `editor.setCamera({ ...editor.getCamera(), x: editor.getCamera().x - 400 })`,
    `editor.deleteShapes([window.__far])`,
  ]
  expect(await withEditor<string>(ada.page, check)).toBe('same, none out of view')
  for (const step of steps) {
    await withEditor(ada.page, step)
    expect(await withEditor<string>(ada.page, check), step).toBe('same, some out of view')
  }
  await ada.context.close()
})
