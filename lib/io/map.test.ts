import { describe, expect, it } from 'vitest'
import { SaxesParser } from 'saxes'
import { analyse, type CoalitionSnapshot } from '../analysis'
import { generateSnapshot } from '../analysis/generate'
import { bends } from './edges'
import { fontkit } from './fonts'
import { trickySnapshot } from './fixtures/tricky'
import { CARD_H, CARD_W, layoutMap } from './layout'
import { buildMapScene } from './map'
import { MAX_PNG_SIDE, renderReportPng, renderReportSvg, type ReportInput } from './index'
import type { GroupItem, Item } from './scene'
import { decodePng } from './testkit'

function input(snapshot: CoalitionSnapshot, extra: Partial<ReportInput> = {}): ReportInput {
  return { title: 'Łódź Klimaatcoalitie & <co>', date: '2025-03-12', participants: 9, snapshot, analysis: analyse(snapshot), history: [], ...extra }
}

/** Tricky plus a conflict between a core actor and an ally (a coalition-conflict gap). */
function withConflict(): CoalitionSnapshot {
  const s = trickySnapshot()
  s.ties.push({ id: 'tc', from: 'a3', to: 'a2', trust: 'conflict', kind: 'conflict' })
  return s
}

/** Parses XML strictly; returns all text content and every attribute value. */
function parseXml(xml: string): { text: string[]; attrs: string[]; elements: string[] } {
  const parser = new SaxesParser({ xmlns: true })
  const out = { text: [] as string[], attrs: [] as string[], elements: [] as string[] }
  parser.on('error', (e) => {
    throw e
  })
  parser.on('text', (t) => out.text.push(t))
  parser.on('opentag', (tag) => {
    out.elements.push(tag.local)
    for (const a of Object.values(tag.attributes)) out.attrs.push(typeof a === 'string' ? a : a.value)
  })
  parser.write(xml).close()
  return out
}

describe('report map SVG', () => {
  const svg = renderReportSvg(input(withConflict()), { lang: 'nl', overlay: true })

  it('is well-formed XML with the actor names, escaped', () => {
    const { text } = parseXml(svg)
    const all = text.join('\n')
    for (const actor of withConflict().actors) expect(all).toContain(actor.name.replace(/[\u0007\r]/g, (c) => (c === '\r' ? '\r' : '\uFFFD')))
    expect(all).toContain('Łódź Klimaatcoalitie & <co>')
    expect(svg).toContain('Earth 🌍 &amp; &lt;friends&gt;')
    expect(svg).toContain('&#13;')
  })

  it('references nothing outside itself', () => {
    const { attrs, elements } = parseXml(svg)
    expect(elements).not.toContain('image')
    expect(elements).not.toContain('use')
    // Names may mention web addresses (a5 does); no attribute or style may point anywhere.
    expect(attrs.filter((a) => /https?:|url\(|href|file:/i.test(a))).toEqual(['http://www.w3.org/2000/svg'])
    const style = /<style>([\s\S]*?)<\/style>/.exec(svg)![1]
    expect(style.replace(/url\(data:font\/ttf;base64,[A-Za-z0-9+/=]+\)/g, '')).not.toMatch(/url\(|@import|https?:/)
    expect(svg).not.toMatch(/\shref=|xlink:/)
  })

  it('embeds a DejaVu subset that draws the names', () => {
    const faces = [...svg.matchAll(/data:font\/ttf;base64,([A-Za-z0-9+/=]+)/g)].map((m) => fontkit.create(Buffer.from(m[1], 'base64')))
    expect(faces).toHaveLength(2)
    for (const ch of 'ŁódźÆrøΕλάδ') expect(faces.some((f) => f.glyphForCodePoint(ch.codePointAt(0)!).id !== 0)).toBe(true)
    expect(svg.length).toBeLessThan(250_000)
  })

  it('is byte-identical for the same input', () => {
    expect(renderReportSvg(input(withConflict()), { lang: 'nl', overlay: true })).toBe(svg)
  })

  it('labels the rings in the language', () => {
    const en = renderReportSvg(input(trickySnapshot()), { lang: 'en', overlay: false })
    for (const w of ['>Core<', '>Allies<', '>Outside<', '>Legend<']) expect(en).toContain(w)
    for (const w of ['>Kern<', '>Bondgenoten<', '>Buitenwereld<', '>Legenda<']) expect(svg).toContain(w)
  })

  it('draws the overlay only when asked: gap markers, missing trust, conflicts', () => {
    const plain = renderReportSvg(input(withConflict()), { lang: 'nl', overlay: false })
    expect(svg).toContain('stroke="#ef6c00"') // missing trust in the core (a1–a2: low one way)
    expect(svg).toContain('stroke="#e53935"') // conflict between ally a3 and core a2
    expect(svg).toContain('>Fase: ') // phase in the legend
    for (const mark of ['stroke="#ef6c00"', 'stroke="#e53935"', '>Fase: ', 'fill="#e65100"']) expect(plain).not.toContain(mark)
  })

  it('honours scale in width and height only', () => {
    const a = renderReportSvg(input(trickySnapshot()), { lang: 'en', overlay: false })
    const b = renderReportSvg(input(trickySnapshot()), { lang: 'en', overlay: false, scale: 2 })
    const size = (s: string) => /<svg[^>]* width="([\d.]+)" height="([\d.]+)" viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(s)!.slice(1).map(Number)
    const [w, h, vw, vh] = size(a)
    expect([w, h]).toEqual([vw, vh])
    expect(size(b)).toEqual([2 * w, 2 * h, vw, vh])
  })
})

describe('map layout', () => {
  it('places cards in their own ring without overlaps, sorted by id', () => {
    const s = generateSnapshot({ actors: 300, ties: 0, seed: 9 })
    const { rings, cards } = layoutMap(s.actors)
    const list = s.actors.map((a) => ({ a, p: cards.get(a.id)! }))
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const dx = Math.abs(list[i].p.x - list[j].p.x)
        const dy = Math.abs(list[i].p.y - list[j].p.y)
        expect(dx >= CARD_W || dy >= CARD_H).toBe(true)
      }
    }
    const bounds = { core: [0, rings.radii[0]], ally: [rings.radii[0], rings.radii[1]], outside: [rings.radii[1], rings.radii[2]] }
    for (const { a, p } of list) {
      const r = Math.hypot(p.x - rings.x, p.y - rings.y)
      const [lo, hi] = bounds[a.ring]
      // The whole card lies inside its ring band.
      expect(r - Math.hypot(CARD_W, CARD_H) / 2).toBeGreaterThanOrEqual(lo - 1e-6)
      expect(r + Math.hypot(CARD_W, CARD_H) / 2).toBeLessThanOrEqual(hi + 1e-6)
    }
    // Deterministic and independent of input order.
    const again = layoutMap([...s.actors].reverse())
    for (const a of s.actors) expect(again.cards.get(a.id)).toEqual(cards.get(a.id))
  })

  it('uses the board geometry when given', () => {
    const s = trickySnapshot()
    const positions = { a1: { x: 1000, y: 800 }, a2: { x: 1300, y: 800 } }
    const rings = { x: 1100, y: 900, radii: [400, 900, 1500] as [number, number, number] }
    const scene = buildMapScene(input(s, { positions, rings }), { lang: 'en', overlay: false })
    const cardAt = (name: string) => {
      const g = scene.items.find((i): i is GroupItem => i.kind === 'group' && (i.title ?? '').startsWith(`${name} —`))!
      const rect = g.items[0] as Extract<Item, { kind: 'rect' }>
      return { x: rect.x + CARD_W / 2, y: rect.y + CARD_H / 2 }
    }
    const p1 = cardAt('Łódź Klimaatcoalitie')
    const p2 = cardAt('Ærø')
    expect(p2.x - p1.x).toBeCloseTo(300, 6)
    expect(p2.y - p1.y).toBeCloseTo(0, 6)
    const circles = scene.items.filter((i) => i.kind === 'circle').slice(0, 3) as Array<Extract<Item, { kind: 'circle' }>>
    expect(circles.map((c) => c.r)).toEqual([1500, 900, 400])
    expect(circles[0].cx - p1.x).toBeCloseTo(100, 6)
  })

  it('bends two opposite ties between one pair to opposite sides', () => {
    expect(bends([false])).toEqual([0])
    const [a, b] = bends([false, true])
    // In the canonical frame the second offset is mirrored back: −9 and +9.
    expect(a).toBe(-9)
    expect(-b).toBe(9)
    const scene = buildMapScene(input(trickySnapshot()), { lang: 'en', overlay: false })
    const tie = (title: string) => {
      const g = scene.items.find((i): i is GroupItem => i.kind === 'group' && i.title === title)!
      return (g.items[0] as Extract<Item, { kind: 'path' }>).d
    }
    const there = tie('Łódź Klimaatcoalitie → Ærø: high, cooperation')
    const back = tie('Ærø → Łódź Klimaatcoalitie: low, communication')
    const also = tie('Łódź Klimaatcoalitie → Ærø: medium, resources')
    // Three ties a1⇄a2 fan out: one straight in the middle, the two others bent to either side.
    expect(new Set([there, back, also]).size).toBe(3)
    expect([there, back, also].filter((d) => d.includes('Q'))).toHaveLength(2)
  })

  it('keeps exactly two opposite ties apart: curved to either side of the line between the cards', () => {
    const s: CoalitionSnapshot = {
      actors: [
        { id: 'x', name: 'X', kind: 'group', stance: 'supporter', ring: 'core' },
        { id: 'y', name: 'Y', kind: 'group', stance: 'supporter', ring: 'core' },
      ],
      ties: [
        { id: 't1', from: 'x', to: 'y', trust: 'high', kind: 'cooperation' },
        { id: 't2', from: 'y', to: 'x', trust: 'high', kind: 'cooperation' },
      ],
      settings: { targetCoalitionSize: 30 },
    }
    const scene = buildMapScene(input(s), { lang: 'en', overlay: false })
    const groups = scene.items.filter((i): i is GroupItem => i.kind === 'group')
    const centre = (name: string) => {
      const r = groups.find((g) => g.title?.startsWith(`${name} —`))!.items[0] as Extract<Item, { kind: 'rect' }>
      return { x: r.x + CARD_W / 2, y: r.y + CARD_H / 2 }
    }
    const [cx, cy] = [centre('X'), centre('Y')]
    const side = (title: string) => {
      const d = (groups.find((g) => g.title === title)!.items[0] as Extract<Item, { kind: 'path' }>).d
      const [qx, qy] = /Q([-\d.]+) ([-\d.]+)/.exec(d)!.slice(1).map(Number)
      return (cy.x - cx.x) * (qy - cx.y) - (cy.y - cx.y) * (qx - cx.x)
    }
    const a = side('X → Y: high, cooperation')
    const b = side('Y → X: high, cooperation')
    expect(Math.sign(a)).toBe(-Math.sign(b))
    expect(Math.abs(a)).toBeGreaterThan(0)
  })
})

describe('report map PNG', () => {
  it('is a valid PNG of the SVG size with a drawn map', () => {
    const inp = input(trickySnapshot())
    const svg = renderReportSvg(inp, { lang: 'en', overlay: true })
    const [w, h] = /width="([\d.]+)" height="([\d.]+)"/.exec(svg)!.slice(1).map(Number)
    const png = decodePng(renderReportPng(inp, { lang: 'en', overlay: true }))
    expect([png.width, png.height]).toEqual([w, h])
    let ink = 0
    for (let i = 0; i < png.pixels.length; i += png.channels) {
      if (png.pixels[i] < 235 || png.pixels[i + 1] < 235 || png.pixels[i + 2] < 235) ink++
    }
    expect(ink / (png.width * png.height)).toBeGreaterThan(0.2)
  })

  it('scales, and caps the longest side', () => {
    const inp = input(trickySnapshot())
    const small = decodePng(renderReportPng(inp, { lang: 'nl', overlay: false, scale: 0.5 }))
    const full = decodePng(renderReportPng(inp, { lang: 'nl', overlay: false }))
    expect(small.width).toBe(Math.round(full.width / 2))
    const huge = decodePng(renderReportPng(inp, { lang: 'nl', overlay: false, scale: 10 }))
    expect(Math.max(huge.width, huge.height)).toBe(MAX_PNG_SIDE)
  })

  it('is identical for the same input', () => {
    const inp = input(trickySnapshot())
    expect(Buffer.from(renderReportPng(inp, { lang: 'en', overlay: true })).equals(Buffer.from(renderReportPng(inp, { lang: 'en', overlay: true })))).toBe(true)
  })
})
