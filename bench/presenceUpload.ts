/**
 * What each person's socket uploads while others move their cursors: the stock y-websocket
 * provider (which sends back every presence it receives) against ours, which sends only its
 * own (lib/client/ownPresence.ts). Both sessions run side by side in one run, on the real
 * server, with the same schedule: `people` clients on one board, `movers` of them moving a
 * cursor at `hz` for `seconds`. Counts frames and bytes, not time, so a busy machine changes
 * nothing but the wall clock.
 *
 * `node --import tsx bench/presenceUpload.ts [people=30] [movers=5] [hz=10] [seconds=5]`
 */
import { connect, createBoard, onPresenceSent, startServer, waitFor, type TestClient } from '../server/testing/harness'
import { sendOnlyOwnPresence, type PresenceProvider } from '../lib/client/ownPresence'

interface Upload {
  frames: number
  bytes: number
}

/** Counts the awareness frames a client sends from now on. */
function countPresenceSent(client: TestClient): Upload {
  const upload = { frames: 0, bytes: 0 }
  onPresenceSent(client, (_update, frameBytes) => {
    upload.frames++
    upload.bytes += frameBytes
  })
  return upload
}

async function session(baseUrl: string, wsUrl: string, ownOnly: boolean, people: number, movers: number, hz: number, seconds: number) {
  const board = await createBoard(baseUrl)
  const clients = Array.from({ length: people }, () => connect(wsUrl, board))
  try {
    if (ownOnly) for (const c of clients) sendOnlyOwnPresence(c.provider as unknown as PresenceProvider)
    await Promise.all(clients.map((c) => c.synced()))
    clients.forEach((c, i) => c.provider.awareness.setLocalState({ user: { name: `Person ${i + 1}` }, cursor: { x: 0, y: 0 } }))
    await waitFor(() => clients.every((c) => c.provider.awareness.getStates().size === people), 20_000, 'everyone present')
    const uploads = clients.map(countPresenceSent)
    const moves = Math.round(hz * seconds)
    for (let m = 1; m <= moves; m++) {
      for (let i = 0; i < movers; i++) clients[i].provider.awareness.setLocalStateField('cursor', { x: m, y: i })
      await new Promise((resolve) => setTimeout(resolve, 1000 / hz))
    }
    const seenLast = (c: TestClient) => (c.provider.awareness.getStates().get(clients[0].doc.clientID) as { cursor?: { x: number } })?.cursor?.x === moves
    await waitFor(() => clients.every(seenLast), 20_000, 'the last move seen by all')
    const still = uploads.slice(movers)
    return {
      allFrames: uploads.reduce((n, u) => n + u.frames, 0),
      allBytes: uploads.reduce((n, u) => n + u.bytes, 0),
      stillPersonBytesPerSecond: Math.round(still.reduce((n, u) => n + u.bytes, 0) / still.length / seconds),
    }
  } finally {
    for (const c of clients) c.destroy()
  }
}

const [people, movers, hz, seconds] = [30, 5, 10, 5].map((d, i) => Number(process.argv[2 + i] ?? d))
process.setMaxListeners(people * 2 + 10)
const server = await startServer()
try {
  const stock = await session(server.baseUrl, server.wsUrl, false, people, movers, hz, seconds)
  const own = await session(server.baseUrl, server.wsUrl, true, people, movers, hz, seconds)
  console.log(`${people} people, ${movers} moving a cursor at ${hz} Hz for ${seconds} s; presence frames every client sent to the server`)
  console.log(`stock provider: ${stock.allFrames} frames, ${stock.allBytes} bytes; a person who does not move uploads ${stock.stillPersonBytesPerSecond} B/s`)
  console.log(`own presence only: ${own.allFrames} frames, ${own.allBytes} bytes; a person who does not move uploads ${own.stillPersonBytesPerSecond} B/s`)
  console.log(`ratio (stock / own): frames ${(stock.allFrames / own.allFrames).toFixed(1)} ×, bytes ${(stock.allBytes / own.allBytes).toFixed(1)} ×`)
} finally {
  await server.close()
}
