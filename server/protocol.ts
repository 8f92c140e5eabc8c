/**
 * The y-websocket wire format, encoded with y-protocols and lib0 so the stock client works.
 * A message is `varUint(type)` followed by its body:
 * - 0 sync: `varUint(step)` then a varUint8Array (state vector for step 1, update for 2 and 0=update)
 * - 1 awareness: varUint8Array awareness update
 * - 2 auth: `varUint(0)` then a permission-denied reason (server → client only)
 * - 3 query awareness: no body
 */
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import * as authProtocol from 'y-protocols/auth'
import * as Y from 'yjs'

export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const
export const SyncStep = {
  step1: syncProtocol.messageYjsSyncStep1,
  step2: syncProtocol.messageYjsSyncStep2,
  update: syncProtocol.messageYjsUpdate,
} as const

export type IncomingMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array; step: number }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' }

export class MalformedMessage extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MalformedMessage'
  }
}

/**
 * Decodes one client frame. Throws MalformedMessage for anything that is not a complete,
 * known message; trailing bytes are refused too, so a frame means exactly one thing.
 */
export function decodeMessage(frame: Uint8Array): IncomingMessage {
  try {
    const decoder = decoding.createDecoder(frame)
    const type = decoding.readVarUint(decoder)
    let message: IncomingMessage
    switch (type) {
      case MessageType.sync: {
        const step = decoding.readVarUint(decoder)
        const payload = decoding.readVarUint8Array(decoder)
        if (step === SyncStep.step1) message = { type: 'sync-step1', stateVector: payload }
        else if (step === SyncStep.step2 || step === SyncStep.update) message = { type: 'sync-update', update: payload, step }
        else throw new MalformedMessage(`unknown sync step ${step}`)
        break
      }
      case MessageType.awareness:
        message = { type: 'awareness', update: decoding.readVarUint8Array(decoder) }
        break
      case MessageType.queryAwareness:
        message = { type: 'query-awareness' }
        break
      default:
        throw new MalformedMessage(`unknown message type ${type}`)
    }
    if (decoding.hasContent(decoder)) throw new MalformedMessage('trailing bytes after message')
    return message
  } catch (err) {
    if (err instanceof MalformedMessage) throw err
    throw new MalformedMessage(`cannot decode frame: ${(err as Error).message}`)
  }
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.sync)
  syncProtocol.writeSyncStep1(e, doc)
  return encoding.toUint8Array(e)
}

/** Step 2 carries the part of `update` the client lacks; computed by the caller. */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.sync)
  encoding.writeVarUint(e, SyncStep.step2)
  encoding.writeVarUint8Array(e, update)
  return encoding.toUint8Array(e)
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.sync)
  syncProtocol.writeUpdate(e, update)
  return encoding.toUint8Array(e)
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.awareness)
  encoding.writeVarUint8Array(e, update)
  return encoding.toUint8Array(e)
}

export function encodePermissionDenied(reason: string): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.auth)
  authProtocol.writePermissionDenied(e, reason)
  return encoding.toUint8Array(e)
}
