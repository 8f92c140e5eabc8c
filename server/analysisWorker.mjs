// Analysis process entry: Node will not start from a .ts file without tsx, so this plain module
// registers tsx and then loads the TypeScript analysis process.
import { register } from 'tsx/esm/api'

register()
await import('./analysisWorker.ts')
