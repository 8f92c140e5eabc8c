/**
 * The session state of a board (facilitation), declared once with its validation. Only
 * facilitators write it; the server refuses (and undoes) anything else.
 */
import { z } from 'zod'
import { SessionKey } from './schema'

export const TimerSchema = z
  .object({
    status: z.enum(['idle', 'running', 'paused']),
    /** The length the timer was set to. */
    durationMs: z.number().int().min(0).max(24 * 3600_000),
    /** Server-clock time at which a running timer reaches zero. */
    endsAt: z.number().int().min(0).optional(),
    /** What is left on a paused or idle timer. */
    remainingMs: z.number().int().min(0).max(24 * 3600_000),
  })
  .strict()
export type TimerState = z.infer<typeof TimerSchema>

export const FollowSchema = z.object({ userId: z.string().min(1).max(200), name: z.string().max(200) }).strict().nullable()
export type FollowState = z.infer<typeof FollowSchema>

/** `at`: when it was asked, in the server's clock (ms); absent in boards from before it was kept. */
export const BringHereSchema = z
  .object({ seq: z.number().int().min(0), x: z.number(), y: z.number(), w: z.number().positive(), h: z.number().positive(), at: z.number().optional() })
  .strict()
  .nullable()
export type BringHereState = z.infer<typeof BringHereSchema>

export const SpotlightSchema = z
  .object({
    seq: z.number().int().min(0),
    kind: z.enum(['actor', 'gap']),
    id: z.string().min(1).max(500),
    actorIds: z.array(z.string().max(200)).max(500),
  })
  .strict()
  .nullable()
export type SpotlightState = z.infer<typeof SpotlightSchema>

export const SESSION_SCHEMAS: Record<string, z.ZodType> = {
  [SessionKey.timer]: TimerSchema,
  [SessionKey.lock]: z.boolean(),
  [SessionKey.follow]: FollowSchema,
  bringHere: BringHereSchema,
  [SessionKey.spotlight]: SpotlightSchema,
  [SessionKey.analysisHidden]: z.boolean(),
  [SessionKey.targetCoalitionSize]: z.number().int().min(1).max(1_000_000),
  [SessionKey.presentHidesTrust]: z.boolean(),
}

/** Null when the value is valid for the key, else why not. */
export function validateSessionValue(key: string, value: unknown): string | null {
  const schema = SESSION_SCHEMAS[key]
  if (!schema) return `session.${key}: not a session setting`
  const parsed = schema.safeParse(value)
  if (parsed.success) return null
  const issue = parsed.error.issues[0]
  return `session.${key}${issue.path.length ? '.' + issue.path.join('.') : ''}: ${issue.message}`
}

/** Remaining time of a timer at `now` (server clock). */
export function timerRemaining(timer: TimerState | null | undefined, now: number): number {
  if (!timer) return 0
  if (timer.status === 'running' && timer.endsAt !== undefined) return Math.max(0, timer.endsAt - now)
  return timer.remainingMs
}
