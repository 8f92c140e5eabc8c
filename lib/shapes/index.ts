/** Our custom shapes, for the schema (server and browser) and the shape utils (browser). */
export * from './actor'
export * from './rings'
export * from './tie'
