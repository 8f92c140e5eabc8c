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

/** pdftotext (poppler-utils) of a PDF (or one page), whitespace collapsed to single spaces. */
export function pdfText(pdf: Uint8Array, page?: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'cc-io-'))
  try {
    const file = join(dir, 'report.pdf')
    writeFileSync(file, pdf)
    const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)]
    return run('pdftotext', ['-enc', 'UTF-8', ...range, file, '-'], undefined, 'Install poppler-utils (apt-get install poppler-utils).').replace(/\s+/g, ' ')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

import { inflateSync } from 'node:zlib'

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/**
 * A small PNG decoder for tests (8-bit RGB/RGBA, not interlaced, as resvg writes): checks
 * the signature and every chunk's CRC, inflates and unfilters the image data.
 */
export function decodePng(png: Uint8Array): { width: number; height: number; channels: number; pixels: Uint8Array } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  if (!sig.every((b, i) => png[i] === b)) throw new Error('not a PNG signature')
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  let at = 8
  let width = 0
  let height = 0
  let channels = 0
  const idat: Uint8Array[] = []
  for (;;) {
    const len = view.getUint32(at)
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8))
    const body = png.subarray(at + 8, at + 8 + len)
    if (crc32(png.subarray(at + 4, at + 8 + len)) !== view.getUint32(at + 8 + len)) throw new Error(`bad CRC in ${type}`)
    if (type === 'IHDR') {
      width = view.getUint32(at + 8)
      height = view.getUint32(at + 12)
      if (body[8] !== 8 || body[12] !== 0) throw new Error('only 8-bit, non-interlaced PNGs')
      channels = body[9] === 6 ? 4 : body[9] === 2 ? 3 : 0
      if (!channels) throw new Error(`colour type ${body[9]} not supported`)
    } else if (type === 'IDAT') idat.push(body)
    else if (type === 'IEND') break
    at += 12 + len
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * channels
  const pixels = new Uint8Array(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels] : 0
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0
      const p = a + b - c
      const pr = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c
      const v = [line[x], line[x] + a, line[x] + b, line[x] + ((a + b) >> 1), line[x] + pr][filter]
      pixels[y * stride + x] = v & 0xff
    }
  }
  return { width, height, channels, pixels }
}
