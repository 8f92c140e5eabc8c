// Writes a brotli (.br) and a gzip (.gz) copy beside every script and style sheet of the Next
// build (.next/static), for the server to send as they are (server/staticAssets.ts) instead
// of compressing them again for every browser. Their names carry their content's hash, so a
// copy is never stale; copies of files that are gone are removed.
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

const root = path.resolve(import.meta.dirname, '..')
const dir = path.join(root, '.next', 'static')

function* files(d) {
  for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
    const full = path.join(d, entry.name)
    if (entry.isDirectory()) yield* files(full)
    else yield full
  }
}

export function compressStatic(staticDir = dir) {
  if (!fs.existsSync(staticDir)) return { files: 0, bytes: 0, brotli: 0 }
  let count = 0
  let bytes = 0
  let brotli = 0
  for (const file of files(staticDir)) {
    if (/\.(br|gz)$/.test(file)) {
      if (!fs.existsSync(file.slice(0, -3))) fs.rmSync(file)
      continue
    }
    if (!/\.(js|css)$/.test(file)) continue
    const source = fs.readFileSync(file)
    // Small files are not worth a copy: the server lets Next send them as before.
    if (source.length < 1024) continue
    const br = zlib.brotliCompressSync(source, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length },
    })
    fs.writeFileSync(`${file}.br`, br)
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(source, { level: 9 }))
    count++
    bytes += source.length
    brotli += br.length
  }
  return { files: count, bytes, brotli }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now()
  const { files: n, bytes, brotli } = compressStatic()
  console.log(`compressed ${n} static files (${(bytes / 1e6).toFixed(1)} MB → ${(brotli / 1e6).toFixed(1)} MB brotli) in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}
