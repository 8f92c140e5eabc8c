/**
 * `npm run --silent analyse -- FILE`: prints the analysis of a snapshot or board file as one
 * line of compact JSON, exit 0; on bad input a message naming the path on stderr, exit 1,
 * nothing on stdout. FILE `-` reads standard input.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { analyse } from './analyse'
import { snapshotFromText } from './input'

/**
 * `npm run` starts scripts in the package root; a relative FILE means the directory the user
 * typed the command in, which npm passes as INIT_CWD.
 */
function resolveFile(file: string): string {
  const base = process.env.npm_lifecycle_event === 'analyse' && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd()
  return resolve(base, file)
}

function main(argv: string[]): number {
  const file = argv[0]
  if (file === undefined || argv.length > 1) {
    process.stderr.write('usage: npm run --silent analyse -- FILE\n')
    return 1
  }
  let text: string
  try {
    text = readFileSync(file === '-' ? 0 : resolveFile(file), 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error)
    process.stderr.write(`$: cannot read file ${file} (${code})\n`)
    return 1
  }
  const result = snapshotFromText(text)
  if (!result.ok) {
    process.stderr.write(`${result.error.message}\n`)
    return 1
  }
  process.stdout.write(`${JSON.stringify(analyse(result.snapshot))}\n`)
  return 0
}

// Setting exitCode (not calling exit) lets a large stdout write drain before the process ends.
const args = process.argv.slice(2)
process.exitCode = main(args[0] === '--' ? args.slice(1) : args)
