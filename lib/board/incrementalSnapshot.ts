/**
 * The coalition snapshot of a live board, kept up to date from the records that change
 * instead of read again from all of them: what `extractBoard` gives for the board as it
 * stands, always (a test checks this on seeded random edits), built from the same pieces.
 *
 * Why: on a 2,000-actor / 10,000-tie board, extracting the whole snapshot took ~50 ms of the
 * analyser's ~100 per change, though a change is mostly one card moved. Here a moved card
 * costs its own actor and the ties bound to it.
 *
 * What a change reaches:
 * - an actor: the actor, and the ties bound to it (whether an end is an actor decides a tie);
 * - an arrow, or an arrow binding: that arrow's tie;
 * - the rings, or any shape that is the parent (frame, group) of an actor or of the rings:
 *   everything, read again from all records, as is the first snapshot.
 * Anything else (stickies, drawings, the camera, presence) reaches nothing.
 */
import type { CoalitionSnapshot, Tie } from '../analysis/snapshot'
import type { KVChange, RecordStore } from '../doc/recordStore'
import type { StoredRecord } from '../doc/schema'
import { ACTOR_TYPE } from '../shapes/actor'
import { RINGS_TYPE } from '../shapes/rings'
import type { ShapeLookup } from './geometry'
import { ringsByPage, type RingGeometry } from './roles'
import {
  actorOf,
  byIdOrder,
  isArrowBinding,
  snapshotSettings,
  takeEnd,
  tieOf,
  type ArrowEnds,
  type ExtractedActor,
  type RecordLike,
} from './snapshot'

/** An actor or tie of the snapshot, and its JSON text (the input's text is made of these). */
interface Part<T> {
  value: T
  json: string
}

const byValueId = <T extends { id: string }>(a: Part<T>, b: Part<T>) => byIdOrder(a.value, b.value)

export class IncrementalSnapshot {
  private readonly lookup: ShapeLookup
  private everything = true
  private readonly dirtyActors = new Set<string>()
  private readonly dirtyArrows = new Set<string>()
  private rings: Map<string | null, RingGeometry> = new Map()
  /** Every shape an actor or the rings stand in (frames, groups): moving one moves them. */
  private readonly containers = new Set<string>()
  private readonly actors = new Map<string, Part<ExtractedActor>>()
  private readonly ties = new Map<string, Part<Tie>>()
  /** The arrow bindings of each arrow, by binding id. */
  private readonly bindingsOf = new Map<string, Map<string, RecordLike>>()
  /** The arrows bound to each shape (by the binding's target). */
  private readonly arrowsAt = new Map<string, Set<string>>()
  private sortedActors: Part<ExtractedActor>[] | null = null
  private sortedTies: Part<Tie>[] | null = null
  /** Goes up whenever the snapshot may have changed. */
  private revision = 0
  private last: { revision: number; target: number | undefined; snapshot: CoalitionSnapshot; json: string | null } | null = null

  constructor(private readonly kv: RecordStore<StoredRecord>) {
    this.lookup = { get: (id) => kv.get(id) as RecordLike | undefined }
    kv.on('change', this.onChange)
  }

  /** Stops following the board. */
  destroy(): void {
    this.kv.off('change', this.onChange)
  }

  /**
   * The snapshot of the board as it stands; the very same object as last time while nothing
   * it depends on changed (so a caller can tell "unchanged" without comparing).
   */
  snapshot(settings: { targetCoalitionSize?: number } = {}): CoalitionSnapshot {
    return this.current(settings).snapshot
  }

  /**
   * `JSON.stringify(this.snapshot(settings))`, made from each actor's and tie's text as it was
   * read (stringifying the whole 2,000-actor snapshot took ~12 ms per analysis).
   */
  json(settings: { targetCoalitionSize?: number } = {}): string {
    const current = this.current(settings)
    current.json ??= `{"actors":[${this.sortedActors!.map((p) => p.json).join(',')}],"ties":[${this.sortedTies!.map((p) => p.json).join(',')}],"settings":${JSON.stringify(current.snapshot.settings)}}`
    return current.json
  }

  private current(settings: { targetCoalitionSize?: number }): NonNullable<IncrementalSnapshot['last']> {
    if (this.everything) this.readEverything()
    else this.readDirty()
    const last = this.last
    if (last && last.revision === this.revision && last.target === settings.targetCoalitionSize) return last
    this.sortedActors ??= [...this.actors.values()].sort(byValueId)
    this.sortedTies ??= [...this.ties.values()].sort(byValueId)
    const snapshot: CoalitionSnapshot = {
      actors: this.sortedActors.map((p) => p.value),
      ties: this.sortedTies.map((p) => p.value),
      settings: snapshotSettings(settings),
    }
    this.last = { revision: this.revision, target: settings.targetCoalitionSize, snapshot, json: null }
    return this.last
  }

  private onChange = (changes: Map<string, KVChange<StoredRecord>>) => {
    if (this.everything) return
    for (const [id, change] of changes) {
      if (this.containers.has(id)) {
        this.everything = true
        return
      }
      const before = change.action === 'add' ? undefined : (change.oldValue as RecordLike)
      const after = change.action === 'delete' ? undefined : (change.newValue as RecordLike)
      for (const record of [before, after]) {
        if (!record) continue
        if (record.typeName === 'shape' && record.type === RINGS_TYPE) {
          this.everything = true
          return
        }
        if (record.typeName === 'shape' && record.type === ACTOR_TYPE) {
          this.dirtyActors.add(id)
          for (const arrow of this.arrowsAt.get(id) ?? []) this.dirtyArrows.add(arrow)
        } else if (record.typeName === 'shape' && record.type === 'arrow') this.dirtyArrows.add(id)
      }
      if (before && isArrowBinding(before)) this.unindexBinding(before)
      if (after && isArrowBinding(after)) this.indexBinding(after)
    }
  }

  private indexBinding(binding: RecordLike): void {
    if (!binding.fromId) return
    let bindings = this.bindingsOf.get(binding.fromId)
    if (!bindings) this.bindingsOf.set(binding.fromId, (bindings = new Map()))
    bindings.set(binding.id, binding)
    if (binding.toId) {
      let arrows = this.arrowsAt.get(binding.toId)
      if (!arrows) this.arrowsAt.set(binding.toId, (arrows = new Set()))
      arrows.add(binding.fromId)
    }
    this.dirtyArrows.add(binding.fromId)
  }

  private unindexBinding(binding: RecordLike): void {
    if (!binding.fromId) return
    const bindings = this.bindingsOf.get(binding.fromId)
    if (bindings?.delete(binding.id) && bindings.size === 0) this.bindingsOf.delete(binding.fromId)
    // The arrow may still be bound to that shape by another binding: keep it listed there
    // (a spare entry only costs a look at that arrow when the shape changes).
    this.dirtyArrows.add(binding.fromId)
  }

  private endsOf(arrowId: string): ArrowEnds | undefined {
    const bindings = this.bindingsOf.get(arrowId)
    if (!bindings) return undefined
    const ends: ArrowEnds = {}
    for (const binding of bindings.values()) takeEnd(ends, binding)
    return ends
  }

  /** Notes the frames and groups `shape` stands in. */
  private noteContainers(shape: RecordLike): void {
    let parent = shape.parentId
    for (let depth = 0; parent && !parent.startsWith('page:') && depth < 100; depth++) {
      this.containers.add(parent)
      parent = this.lookup.get(parent)?.parentId
    }
  }

  private readEverything(): void {
    this.everything = false
    this.dirtyActors.clear()
    this.dirtyArrows.clear()
    this.containers.clear()
    this.actors.clear()
    this.ties.clear()
    this.bindingsOf.clear()
    this.arrowsAt.clear()
    const shapes: RecordLike[] = []
    for (const { val } of this.kv.map.values()) {
      const record = val as RecordLike
      if (record.typeName === 'shape') shapes.push(record)
      else if (isArrowBinding(record)) this.indexBinding(record)
    }
    this.dirtyArrows.clear()
    this.rings = ringsByPage(shapes, this.lookup)
    for (const shape of shapes) {
      if (shape.type === RINGS_TYPE) this.noteContainers(shape)
      else if (shape.type === ACTOR_TYPE) this.readActor(shape)
    }
    for (const shape of shapes) if (shape.type === 'arrow') this.readArrow(shape)
    this.changed()
  }

  private readDirty(): void {
    if (this.dirtyActors.size === 0 && this.dirtyArrows.size === 0) return
    for (const id of this.dirtyActors) {
      const shape = this.lookup.get(id) as RecordLike | undefined
      if (shape?.typeName === 'shape' && shape.type === ACTOR_TYPE) this.readActor(shape)
      else this.actors.delete(id)
    }
    for (const id of this.dirtyArrows) {
      const shape = this.lookup.get(id) as RecordLike | undefined
      if (shape?.typeName === 'shape' && shape.type === 'arrow') this.readArrow(shape)
      else this.ties.delete(id)
    }
    this.dirtyActors.clear()
    this.dirtyArrows.clear()
    this.changed()
  }

  private readActor(shape: RecordLike): void {
    this.noteContainers(shape)
    const actor = actorOf(shape, this.lookup, this.rings).actor
    this.actors.set(shape.id, { value: actor, json: JSON.stringify(actor) })
  }

  private readArrow(shape: RecordLike): void {
    const tie = tieOf(shape, this.endsOf(shape.id), this.lookup)
    if (tie) this.ties.set(shape.id, { value: tie, json: JSON.stringify(tie) })
    else this.ties.delete(shape.id)
  }

  private changed(): void {
    this.revision++
    this.sortedActors = null
    this.sortedTies = null
  }
}
