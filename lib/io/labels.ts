/**
 * The words exports put on maps, reports and spreadsheets, in English and Dutch, following
 * GLOSSARY.md. The analyser's own texts (gaps, phases, missing items) stay in
 * `lib/analysis/texts.ts`; these are the words around them.
 */
import type { ActorKind, Lang, Ring, Stance, TieKind, TrustLevel } from '../analysis'

type Words<K extends string> = Readonly<Record<K, Readonly<Record<Lang, string>>>>

/** Ring names as the map's ring labels show them. */
export const RING_NAMES: Words<Ring> = {
  core: { en: 'Core', nl: 'Kern' },
  ally: { en: 'Allies', nl: 'Bondgenoten' },
  outside: { en: 'Outside', nl: 'Buitenwereld' },
}

/** An actor's ring as its role (card badge, tables). */
export const ROLE_NAMES: Words<Ring> = {
  core: { en: 'core', nl: 'kern' },
  ally: { en: 'ally', nl: 'bondgenoot' },
  outside: { en: 'outside', nl: 'buitenwereld' },
}

export const KIND_NAMES: Words<ActorKind> = {
  organisation: { en: 'organisation', nl: 'organisatie' },
  group: { en: 'group', nl: 'groep' },
  network: { en: 'network', nl: 'netwerk' },
  person: { en: 'person', nl: 'persoon' },
}

/** The letter on an actor card: the same in both languages (O, G, N, P). */
export const KIND_LETTERS: Readonly<Record<ActorKind, string>> = { organisation: 'O', group: 'G', network: 'N', person: 'P' }

export const STANCE_NAMES: Words<Stance> = {
  supporter: { en: 'supporter', nl: 'voorstander' },
  neutral: { en: 'neutral', nl: 'neutraal' },
  opponent: { en: 'opponent', nl: 'tegenstander' },
}

export const TRUST_NAMES: Words<TrustLevel> = {
  conflict: { en: 'conflict', nl: 'conflict' },
  none: { en: 'none', nl: 'geen' },
  low: { en: 'low', nl: 'laag' },
  medium: { en: 'medium', nl: 'gemiddeld' },
  high: { en: 'high', nl: 'hoog' },
}

export const TIE_KIND_NAMES: Words<TieKind> = {
  cooperation: { en: 'cooperation', nl: 'samenwerking' },
  communication: { en: 'communication', nl: 'communicatie' },
  resources: { en: 'resources', nl: 'middelen' },
  conflict: { en: 'conflict', nl: 'conflict' },
}

/** Everything else the map and the report say. */
export const UI = {
  map: { en: 'Coalition map', nl: 'Coalitiekaart' },
  legend: { en: 'Legend', nl: 'Legenda' },
  trust: { en: 'Trust', nl: 'Vertrouwen' },
  stance: { en: 'Stance', nl: 'Houding' },
  kind: { en: 'Kind', nl: 'Soort' },
  analysis: { en: 'Analysis', nl: 'Analyse' },
  phase: { en: 'Phase', nl: 'Fase' },
  gapMarker: { en: 'Trust gaps of this actor (colour: most severe)', nl: 'Vertrouwenskloven van deze actor (kleur: ernstigste)' },
  missingTrust: { en: 'Missing trust in the core', nl: 'Ontbrekend vertrouwen in de kern' },
  conflictGap: { en: 'Conflict in the coalition', nl: 'Conflict in de coalitie' },
  report: { en: 'Report', nl: 'Rapport' },
  participants: { en: 'participants', nl: 'deelnemers' },
  participant: { en: 'participant', nl: 'deelnemer' },
  actors: { en: 'Actors', nl: 'Actoren' },
  ties: { en: 'Ties', nl: 'Relaties' },
  spiralPhase: { en: 'Phase of the network spiral', nl: 'Fase van de netwerkspiraal' },
  scores: { en: 'Scores', nl: 'Scores' },
  threshold: { en: 'threshold', nl: 'drempel' },
  criticalMass: { en: 'Critical mass', nl: 'Kritieke massa' },
  reached: { en: 'Critical mass reached.', nl: 'Kritieke massa bereikt.' },
  notReached: { en: 'Critical mass not reached yet.', nl: 'Kritieke massa nog niet bereikt.' },
  committed: { en: 'Committed share', nl: 'Betrokken deel' },
  tipping: { en: 'tipping point', nl: 'kantelpunt' },
  coreCohesion: { en: 'Core cohesion', nl: 'Samenhang van de kern' },
  sharedVision: { en: 'Shared vision', nl: 'Gedeelde visie' },
  visionThemes: { en: 'Vision themes', nl: 'Visiethema’s' },
  anchored: { en: 'Anchored members', nl: 'Verankerde leden' },
  target: { en: 'target', nl: 'doel' },
  spiral: { en: 'The network spiral over time', nl: 'De netwerkspiraal in de tijd' },
  spiralHow: {
    en: 'Angle is time (clockwise from the top), distance from the centre is mass, colour is the phase.',
    nl: 'De hoek is de tijd (met de klok mee vanaf boven), de afstand tot het midden is de massa, de kleur is de fase.',
  },
  noHistory: { en: 'No history yet.', nl: 'Nog geen geschiedenis.' },
  start: { en: 'start', nl: 'begin' },
  now: { en: 'now', nl: 'nu' },
  gaps: { en: 'Trust gaps', nl: 'Vertrouwenskloven' },
  noGaps: { en: 'No trust gaps found.', nl: 'Geen vertrouwenskloven gevonden.' },
  moreGaps: { en: '{n} more trust gaps are not listed.', nl: 'Nog {n} vertrouwenskloven staan niet in de lijst.' },
  question: { en: 'Question', nl: 'Vraag' },
  name: { en: 'Name', nl: 'Naam' },
  role: { en: 'Role', nl: 'Rol' },
  themes: { en: 'Themes', nl: 'Thema’s' },
  degree: { en: 'Degree', nl: 'Graad' },
  betweenness: { en: 'Betweenness', nl: 'Tussenpositie' },
  from: { en: 'From', nl: 'Van' },
  to: { en: 'To', nl: 'Naar' },
  tieKind: { en: 'Kind', nl: 'Soort' },
  page: { en: 'page', nl: 'pagina' },
  none: { en: 'none', nl: 'geen' },
} as const satisfies Record<string, Record<Lang, string>>

const MONTHS: Record<Lang, string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
}

/**
 * "2025-03-12" (or a full ISO timestamp) → "12 March 2025" / "12 maart 2025". Written by hand
 * rather than with Intl so the output never depends on the server's ICU data or time zone;
 * anything that is not an ISO date is shown as given.
 */
export function formatDate(iso: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso)
  if (!m) return iso
  const month = Number(m[2])
  if (month < 1 || month > 12) return iso
  return `${Number(m[3])} ${MONTHS[lang][month - 1]} ${m[1]}`
}

/** A number with `digits` decimals and the language's decimal mark (0,83 in Dutch). */
export function formatNumber(n: number, lang: Lang, digits = 2): string {
  const s = Number.isFinite(n) ? n.toFixed(digits) : '–'
  return lang === 'nl' ? s.replace('.', ',') : s
}
