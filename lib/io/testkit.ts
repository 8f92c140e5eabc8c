/**
 * Helpers for the io tests: external tools (python3 + networkx, pdftotext) that CI installs.
 * A missing tool fails the test with a message saying what to install, never skips it.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Runs a command; throws with its stderr (or a hint to install it) when it fails. */
export function run(cmd: string, args: string[], input?: string, hint = ''): string {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 60_000 })
  if (r.error) throw new Error(`cannot run ${cmd} (${r.error.message}). ${hint}`)
  if (r.status !== 0) throw new Error(`${cmd} exited with ${r.status}: ${r.stderr}`)
  return r.stdout
}

/** Runs a Python snippet with networkx; the snippet prints JSON, which is returned parsed. */
export function networkx(script: string, files: Record<string, string | Uint8Array>): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'cc-io-'))
  try {
    for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data)
    const out = run('python3', ['-c', `import json, sys, os\nimport networkx as nx\nos.chdir(${JSON.stringify(dir)})\n${script}`], undefined,
      'Install python3 and networkx (apt-get install python3-networkx).')
    return JSON.parse(out)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** pdftotext (poppler-utils) of a PDF, whitespace collapsed to single spaces. */
export function pdfText(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'cc-io-'))
  try {
    const file = join(dir, 'report.pdf')
    writeFileSync(file, pdf)
    return run('pdftotext', ['-enc', 'UTF-8', file, '-'], undefined, 'Install poppler-utils (apt-get install poppler-utils).').replace(/\s+/g, ' ')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
