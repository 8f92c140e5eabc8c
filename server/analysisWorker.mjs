// Worker entry: Node will not start a worker from a .ts file, so this plain module
// registers tsx in the worker thread and then loads the TypeScript worker.
import { register } from 'tsx/esm/api'

register()
await import('./analysisWorker.ts')
