/**
 * Named numbers and orders of the analyser (ANALYSIS.md). Everything that a reader of the
 * method might want to look up lives here, so the code elsewhere reads as the definitions.
 */

/** Version of the analysis output format (`version` in the result). */
export const ANALYSIS_VERSION = 1

/** Phase rule 2 and `missing`: focus below this keeps a coalition in the focus phase. */
export const FOCUS_THRESHOLD = 0.6
/** Phase rule 3 and `missing`: mass needed for the openness phase. */
export const MASS_THRESHOLD = 0.6
/** Phase rule 3 and `missing`: openness needed for the openness phase. */
export const OPENNESS_THRESHOLD = 0.5

/** Default of `settings.targetCoalitionSize`. */
export const DEFAULT_TARGET_COALITION_SIZE = 30

/**
 * Committed minority that can tip a population (Centola et al. 2018). Shown as a reference
 * line next to `committedShare`; never used for the phase.
 */
export const TIPPING_SHARE = 0.25

/** At most this many gaps are listed; `gapCounts` always counts all of them. */
export const MAX_GAPS = 500

/** At most this many brokers are listed. */
export const BROKERS = 5

/**
 * Seed of the PRNG handed to Louvain. The spec only asks for "a fixed seed"; any constant
 * works as long as it never changes (changing it changes every board's communities).
 */
export const LOUVAIN_SEED = 0x5eed

/**
 * Brokers are ordered by betweenness, ties broken by id. Betweenness is a float sum whose
 * last bits depend on summation order, so two actors with mathematically equal betweenness
 * can differ by ~1e-16. They are compared on this many significant digits.
 */
export const BROKER_COMPARE_DIGITS = 12

/** Spiral phases, in the order the phase rules are tried. */
export const PHASES = ['empty', 'focus', 'openness', 'mass'] as const
export type Phase = (typeof PHASES)[number]

/** Items of `criticalMass.missing`, in the order they are listed. */
export const MISSING_ITEMS = ['focus', 'allies', 'mass', 'openness'] as const
export type MissingItem = (typeof MISSING_ITEMS)[number]

/** Gap severities, most severe first (the first sort key of the gap list). */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

/** Gap kinds in the order of the table in ANALYSIS.md (the second sort key). */
export const GAP_KINDS = [
  'core-conflict',
  'core-distrust',
  'coalition-conflict',
  'isolated-ally',
  'weak-anchor',
  'single-bridge',
  'frame-gap',
  'asymmetric-trust',
  'outside-unreached',
] as const
export type GapKind = (typeof GAP_KINDS)[number]

/** Severity of each gap kind (the table in ANALYSIS.md). */
export const GAP_SEVERITY: Readonly<Record<GapKind, Severity>> = {
  'core-conflict': 'critical',
  'core-distrust': 'high',
  'coalition-conflict': 'high',
  'isolated-ally': 'high',
  'weak-anchor': 'medium',
  'single-bridge': 'medium',
  'frame-gap': 'medium',
  'asymmetric-trust': 'low',
  'outside-unreached': 'info',
}

/** Gap kinds about a pair of actors: they list the ties joining the pair. */
export const PAIR_GAP_KINDS: ReadonlySet<GapKind> = new Set<GapKind>([
  'core-conflict',
  'core-distrust',
  'coalition-conflict',
  'asymmetric-trust',
])

/** Trust levels as numbers: none < low < medium < high. */
export const LEVEL_RANK = { none: 0, low: 1, medium: 2, high: 3 } as const
export type Level = keyof typeof LEVEL_RANK
/** Inverse of {@link LEVEL_RANK}. */
export const LEVELS: readonly Level[] = ['none', 'low', 'medium', 'high']

/** Asymmetric-trust: per-direction levels differing by at least this many steps. */
export const ASYMMETRY_STEPS = 2
