/**
 * The generator floor: a bare websocket relay, as a child process like the servers. It holds
 * no document and stores nothing. A client's sync step 1 is answered with an empty sync
 * step 2 (so the stock provider becomes `synced`); every other frame goes, unchanged, to the
 * other sockets of the room (the URL path), at once.
 *
 * One exception, so that the traffic the clients get is the traffic a real server sends:
 * an awareness frame none of whose entries advances a clock the relay has seen (the stock
 * provider's re-send of remote presence) is dropped, as every server drops it. Without that,
 * scenario 1's "stock" and "echo" windows would carry 49× the presence traffic.
 *
 * Measured with the same generator in the same run, its latencies are the generator's and
 * the machine's share: no real server can beat them here.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'

interface RelayRoom {
  sockets: Set<WebSocket>
  /** Awareness clock per client id, to drop stale re-sends. */
  clocks: Map<number, number>
}

const rooms = new Map<string, RelayRoom>()
/** messageSync, messageYjsSyncStep2, varUint8Array of the empty update [0, 0]. */
const EMPTY_STEP2 = Buffer.from([0, 1, 2, 0, 0])

/** A varUint at `pos`: [value, next position]. */
function readVarUint(b: Uint8Array, pos: number): [number, number] {
  let value = 0
  let mult = 1
  for (;;) {
    const byte = b[pos++]
    value += (byte & 0x7f) * mult
    if (byte < 0x80) return [value, pos]
    mult *= 128
    if (pos >= b.length) throw new RangeError('varUint past the end')
  }
}

/** Whether an awareness frame advances any entry's clock (and records the clocks it does). */
function freshAwareness(frame: Uint8Array, clocks: Map<number, number>): boolean {
  let [, pos] = readVarUint(frame, 0) // message type
  ;[, pos] = readVarUint(frame, pos) // length of the update
  let entries: number
  ;[entries, pos] = readVarUint(frame, pos)
  let fresh = false
  for (let i = 0; i < entries; i++) {
    let client: number, clock: number, length: number
    ;[client, pos] = readVarUint(frame, pos)
    ;[clock, pos] = readVarUint(frame, pos)
    ;[length, pos] = readVarUint(frame, pos)
    const isNull = length === 4 && frame[pos] === 110 // "null": a removal
    pos += length
    const known = clocks.get(client)
    if (known === undefined || known < clock || (known === clock && isNull)) {
      fresh = true
      if (isNull) clocks.delete(client)
      else clocks.set(client, clock)
    }
  }
  return fresh
}

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false })

wss.on('connection', (ws: WebSocket, request: http.IncomingMessage) => {
  const name = (request.url ?? '/').split('?')[0]
  let room = rooms.get(name)
  if (!room) rooms.set(name, (room = { sockets: new Set(), clocks: new Map() }))
  const { sockets, clocks } = room
  sockets.add(ws)
  ws.on('message', (data: RawData) => {
    const frame = data as Buffer
    if (frame.length < 2) return
    const type = frame[0]
    if (type === 0 && frame[1] === 0) {
      ws.send(EMPTY_STEP2)
      return
    }
    if (type === 1) {
      try {
        if (!freshAwareness(frame, clocks)) return
      } catch {
        return
      }
    }
    for (const other of sockets) if (other !== ws && other.readyState === 1) other.send(frame)
  })
  ws.on('close', () => {
    sockets.delete(ws)
    if (sockets.size === 0) rooms.delete(name)
  })
  ws.on('error', () => ws.terminate())
})

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' })
  res.end('relay')
})
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (conn) => wss.emit('connection', conn, request))
})
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port }) + '\n')
})

function stop() {
  for (const conn of wss.clients) conn.terminate()
  server.close()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
