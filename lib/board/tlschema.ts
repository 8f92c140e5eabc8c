/**
 * The tldraw store schema of a board: tldraw's records plus our shapes and bindings. Pure
 * (no React), so the server validates and migrates records with exactly what browsers use.
 */
import { createTLSchema, defaultBindingSchemas, defaultShapeSchemas } from '@tldraw/tlschema'
import { ACTOR_TYPE, actorShapeMigrations, actorShapeProps } from '../shapes/actor'
import { RINGS_TYPE, ringsShapeMigrations, ringsShapeProps } from '../shapes/rings'

/** Our shapes' schema entries: the shape utils in the browser declare the same props. */
export const customShapeSchemas = {
  [ACTOR_TYPE]: { props: actorShapeProps, migrations: actorShapeMigrations },
  [RINGS_TYPE]: { props: ringsShapeProps, migrations: ringsShapeMigrations },
}

export const boardTLSchema = createTLSchema({
  shapes: { ...defaultShapeSchemas, ...customShapeSchemas },
  bindings: { ...defaultBindingSchemas },
})

/**
 * Record types that belong in the shared document. Everything else (camera, instance,
 * pointer, presence) is per-browser session state; `user` records are per browser too
 * (tldraw 5 writes one per visitor): names and colours travel in awareness instead.
 */
export const SHARED_RECORD_TYPES: ReadonlySet<string> = new Set(['document', 'page', 'shape', 'binding', 'asset'])

export function isSharedRecordType(typeName: string): boolean {
  return SHARED_RECORD_TYPES.has(typeName)
}
