// `npm test`: every test. Unit and server tests (vitest), then the browser tests
// (Playwright in Chromium against the real server). Fails, in one line, when there is no
// Chromium; never skips the browser tests silently.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { findChromium, NO_CHROMIUM } from './chromium.mjs'
import { buildIfNeeded } from './build-if-needed.mjs'

const root = path.resolve(import.meta.dirname, '..')
process.env.NEXT_TELEMETRY_DISABLED = '1'

const chromium = await findChromium()
if (!chromium) {
  console.error(NO_CHROMIUM)
  process.exit(1)
}

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

const only = process.argv[2]
if (only !== 'e2e') {
  run('npx', ['tsc', '--noEmit', '-p', '.'])
  run('npx', ['vitest', 'run'])
}
if (only !== 'unit') {
  buildIfNeeded()
  run('npx', ['playwright', 'test'], { CHROMIUM_PATH: chromium })
}
