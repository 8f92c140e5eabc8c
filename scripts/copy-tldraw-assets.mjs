// Copies tldraw's fonts, icons, translations and embed icons into public/tldraw, so the
// board loads them from our own origin (no CDN: it must work in a room with no internet).
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const root = path.resolve(import.meta.dirname, '..')
const source = path.dirname(require.resolve('@tldraw/assets/package.json'))
const target = path.join(root, 'public', 'tldraw')

fs.rmSync(target, { recursive: true, force: true })
for (const dir of ['fonts', 'icons', 'translations', 'embed-icons']) {
  fs.cpSync(path.join(source, dir), path.join(target, dir), { recursive: true })
}
console.log(`tldraw assets copied to ${path.relative(root, target)}`)
