// Builds the Next.js app when there is no build, or when a source file is newer than it.
import fs from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'

const root = path.resolve(import.meta.dirname, '..')
const buildId = path.join(root, '.next', 'BUILD_ID')

function newestMtime(dir) {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full))
    else if (/\.(tsx?|css|js|mjs|json)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs)
  }
  return newest
}

export function buildIfNeeded() {
  const sources = Math.max(
    newestMtime(path.join(root, 'app')),
    newestMtime(path.join(root, 'lib')),
    fs.statSync(path.join(root, 'next.config.js')).mtimeMs,
    fs.statSync(path.join(root, 'package-lock.json')).mtimeMs,
  )
  const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0
  if (built > sources && fs.existsSync(path.join(root, 'public', 'tldraw'))) return
  console.log('Building the app (next build)…')
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit', env: process.env })
  if (result.status !== 0) {
    // A failed next build removes .next: the server cannot start without it.
    console.error('The build failed (see above); the server cannot start without a build.')
    process.exit(result.status ?? 1)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfNeeded()
