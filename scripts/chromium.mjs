// Finds a Chromium for the browser tests: CHROMIUM_PATH, Debian's /usr/bin/chromium, or
// Playwright's own download on a developer laptop. Never downloads anything.
import fs from 'node:fs'

export async function findChromium() {
  const candidates = []
  if (process.env.CHROMIUM_PATH) candidates.push(process.env.CHROMIUM_PATH)
  candidates.push('/usr/bin/chromium', '/usr/bin/chromium-browser')
  try {
    const { chromium } = await import('playwright-core')
    candidates.push(chromium.executablePath())
  } catch {
    // playwright-core knows no browser of its own here.
  }
  return candidates.find((p) => p && fs.existsSync(p)) ?? null
}

export const NO_CHROMIUM =
  'No Chromium found: install one (`apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium binary.'
