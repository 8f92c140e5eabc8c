// `npm start`: build when needed, then run the one server process (pages + API + sync).
import { spawn } from 'node:child_process'
import path from 'node:path'
import { buildIfNeeded } from './build-if-needed.mjs'

process.env.NEXT_TELEMETRY_DISABLED = '1'
buildIfNeeded()
const root = path.resolve(import.meta.dirname, '..')
const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production' },
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
