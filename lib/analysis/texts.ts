/**
 * The words the app puts next to the analysis, in Dutch and English, in a facilitator's
 * voice: what a gap means and a question that opens the conversation about it. Terms follow
 * GLOSSARY.md (kern, bondgenoten, buitenwereld, vertrouwenskloof, brug, ...).
 *
 * Placeholders: `{a}` and `{b}` for the two actors of a pair gap (or `{a}` for the one actor
 * of a single-actor gap), `{bridge}` and `{dependents}` for single-bridge.
 */
import type { GapKind, MissingItem, Phase, Severity } from './constants'
import type { Gap } from './gaps'

export type Lang = 'nl' | 'en'

/** Text with placeholders, per language. */
export interface GapText {
  title: string
  explanation: string
  question: string
}

export const GAP_TEXTS: Readonly<Record<GapKind, Record<Lang, GapText>>> = {
  'core-conflict': {
    en: {
      title: 'Conflict in the core',
      explanation: '{a} and {b} are both in the core, yet there is a conflict between them. A core that is divided cannot hold a shared focus.',
      question: 'What is the conflict between {a} and {b} really about, and what would it take to work on it together?',
    },
    nl: {
      title: 'Conflict in de kern',
      explanation: '{a} en {b} staan allebei in de kern, maar tussen hen is een conflict. Een verdeelde kern houdt geen gezamenlijke focus vast.',
      question: 'Waar gaat het conflict tussen {a} en {b} eigenlijk over, en wat is er nodig om het samen op te pakken?',
    },
  },
  'core-distrust': {
    en: {
      title: 'Little trust in the core',
      explanation: '{a} and {b} are both in the core, but no medium or high trust joins them yet. A stable core needs members who can rely on each other.',
      question: 'What would {a} and {b} need from each other to rely on each other?',
    },
    nl: {
      title: 'Weinig vertrouwen in de kern',
      explanation: '{a} en {b} staan allebei in de kern, maar tussen hen is (nog) geen gemiddeld of hoog vertrouwen. Een stabiele kern vraagt leden die op elkaar kunnen bouwen.',
      question: 'Wat hebben {a} en {b} van elkaar nodig om op elkaar te kunnen bouwen?',
    },
  },
  'coalition-conflict': {
    en: {
      title: 'Conflict in the coalition',
      explanation: 'There is a conflict between {a} and {b}, inside the coalition. Left alone, it can split the coalition as it grows.',
      question: 'Can {a} and {b} name what they do agree on, and agree how to handle the rest?',
    },
    nl: {
      title: 'Conflict in de coalitie',
      explanation: 'Tussen {a} en {b} is een conflict, binnen de coalitie. Blijft het liggen, dan kan het de coalitie splijten terwijl die groeit.',
      question: 'Kunnen {a} en {b} benoemen waarover ze het wél eens zijn, en afspreken hoe ze met de rest omgaan?',
    },
  },
  'isolated-ally': {
    en: {
      title: 'Ally without an anchor',
      explanation: '{a} stands among the allies but has no path of trusted ties to the core, so it does not count towards the coalition’s mass yet.',
      question: 'Who in the coalition knows {a} well enough to build the link to the core?',
    },
    nl: {
      title: 'Bondgenoot zonder anker',
      explanation: '{a} staat bij de bondgenoten, maar heeft geen pad van vertrouwde relaties naar de kern. Daardoor telt {a} nog niet mee in de massa van de coalitie.',
      question: 'Wie in de coalitie kent {a} goed genoeg om de verbinding met de kern te leggen?',
    },
  },
  'weak-anchor': {
    en: {
      title: 'Weak anchor',
      explanation: '{a} is connected to the core, but not at medium or high trust with any core actor. The link holds, but only just.',
      question: 'Which core actor could build a stronger relationship with {a}, and how?',
    },
    nl: {
      title: 'Zwak anker',
      explanation: '{a} is met de kern verbonden, maar met geen enkele kernactor op gemiddeld of hoog vertrouwen. De verbinding houdt, maar nét.',
      question: 'Welke kernactor kan een sterkere relatie met {a} opbouwen, en hoe?',
    },
  },
  'single-bridge': {
    en: {
      title: 'One bridge',
      explanation: 'Every trusted path from the core to {dependents} runs through {bridge}. If {bridge} drops out, that link to the core is gone.',
      question: 'How could the core build its own line to {dependents}, so the coalition does not lean on {bridge} alone?',
    },
    nl: {
      title: 'Eén brug',
      explanation: 'Elke vertrouwde weg van de kern naar {dependents} loopt via {bridge}. Valt {bridge} weg, dan is die verbinding met de kern verdwenen.',
      question: 'Hoe kan de kern een eigen lijn opbouwen met {dependents}, zodat de coalitie niet alleen op {bridge} leunt?',
    },
  },
  'frame-gap': {
    en: {
      title: 'Outside the shared frame',
      explanation: '{a} is anchored in the coalition but carries none of the themes the core shares. Without a common frame, working together stays noncommittal.',
      question: 'Where does what {a} stands for meet the coalition’s shared vision, and how can we make that visible?',
    },
    nl: {
      title: 'Buiten het gedeelde kader',
      explanation: '{a} is verankerd in de coalitie, maar draagt geen van de thema’s die de kern deelt. Zonder gemeenschappelijk kader blijft samenwerken vrijblijvend.',
      question: 'Waar raakt wat {a} belangrijk vindt aan de gedeelde visie van de coalitie, en hoe maken we dat zichtbaar?',
    },
  },
  'asymmetric-trust': {
    en: {
      title: 'One-sided trust',
      explanation: '{a} and {b} see their relationship very differently: the trust on one side is at least two steps above the other.',
      question: 'What does {a} see in this relationship that {b} does not, and the other way round?',
    },
    nl: {
      title: 'Eenzijdig vertrouwen',
      explanation: '{a} en {b} zien hun relatie heel verschillend: het vertrouwen aan de ene kant ligt minstens twee stappen hoger dan aan de andere.',
      question: 'Wat ziet {a} in deze relatie dat {b} niet ziet, en andersom?',
    },
  },
  'outside-unreached': {
    en: {
      title: 'Not reached yet',
      explanation: '{a} is outside the coalition and not opposed to it, but no anchored member has a trusted tie with {a}.',
      question: 'Who in the coalition could get to know {a}, and what could the coalition offer {a}?',
    },
    nl: {
      title: 'Nog niet bereikt',
      explanation: '{a} staat buiten de coalitie en is er geen tegenstander van, maar geen verankerd lid heeft een vertrouwde relatie met {a}.',
      question: 'Wie in de coalitie kan kennismaken met {a}, en wat kan de coalitie {a} bieden?',
    },
  },
}

/** Name and explanation of each spiral phase. */
export const PHASE_TEXTS: Readonly<Record<Phase, Record<Lang, { name: string; explanation: string }>>> = {
  empty: {
    en: { name: 'No core yet', explanation: 'No actor stands in the core yet. The spiral starts with a small core that shares a focus.' },
    nl: { name: 'Nog geen kern', explanation: 'Er staat nog geen actor in de kern. De spiraal begint bij een kleine kern met een gedeelde focus.' },
  },
  focus: {
    en: { name: 'Focus', explanation: 'The coalition is building its base: a stable core with a shared vision, and the first allies anchored to it.' },
    nl: { name: 'Focus', explanation: 'De coalitie bouwt aan haar basis: een stabiele kern met een gedeelde visie, en de eerste bondgenoten die eraan verankerd zijn.' },
  },
  mass: {
    en: { name: 'Mass', explanation: 'The core holds and allies are anchored to it: the coalition is growing towards critical mass.' },
    nl: { name: 'Massa', explanation: 'De kern houdt stand en bondgenoten zijn eraan verankerd: de coalitie groeit naar kritieke massa.' },
  },
  openness: {
    en: { name: 'Openness', explanation: 'Critical mass: a stable core, a broad anchored coalition and trusted ties to many outside groups. The movement can open up.' },
    nl: { name: 'Openheid', explanation: 'Kritieke massa: een stabiele kern, een brede verankerde coalitie en vertrouwde relaties met veel externe groepen. De beweging kan zich openen.' },
  },
}

/** What each item of `criticalMass.missing` asks for. */
export const MISSING_TEXTS: Readonly<Record<MissingItem, Record<Lang, { title: string; explanation: string }>>> = {
  focus: {
    en: { title: 'Focus', explanation: 'A stable core with a shared vision: core actors who trust each other and carry a common theme (focus at least 0.6).' },
    nl: { title: 'Focus', explanation: 'Een stabiele kern met een gedeelde visie: kernactoren die elkaar vertrouwen en een gezamenlijk thema dragen (focus minstens 0,6).' },
  },
  allies: {
    en: { title: 'Allies', explanation: 'At least one ally linked to the core through trusted ties.' },
    nl: { title: 'Bondgenoten', explanation: 'Minstens één bondgenoot die via vertrouwde relaties met de kern verbonden is.' },
  },
  mass: {
    en: { title: 'Mass', explanation: 'A larger coalition anchored to the core, measured against the target size (mass at least 0.6).' },
    nl: { title: 'Massa', explanation: 'Een grotere coalitie die aan de kern verankerd is, gemeten aan de beoogde omvang (massa minstens 0,6).' },
  },
  openness: {
    en: { title: 'Openness', explanation: 'Trusted ties from many coalition members to many outside groups (openness at least 0.5).' },
    nl: { title: 'Openheid', explanation: 'Vertrouwde relaties van veel coalitieleden met veel externe groepen (openheid minstens 0,5).' },
  },
}

/** Labels of the gap severities. */
export const SEVERITY_TEXTS: Readonly<Record<Severity, Record<Lang, string>>> = {
  critical: { en: 'critical', nl: 'kritiek' },
  high: { en: 'high', nl: 'hoog' },
  medium: { en: 'medium', nl: 'gemiddeld' },
  low: { en: 'low', nl: 'laag' },
  info: { en: 'info', nl: 'info' },
}

/** Names listed in a sentence: "A", "A and B", "A, B and C", "A, B, C and 4 others". */
export function listNames(names: readonly string[], lang: Lang, max = 4): string {
  const and = lang === 'nl' ? 'en' : 'and'
  if (names.length <= 1) return names[0] ?? ''
  if (names.length > max) {
    const rest = names.length - (max - 1)
    return `${names.slice(0, max - 1).join(', ')} ${and} ${rest} ${lang === 'nl' ? 'andere' : 'others'}`
  }
  return `${names.slice(0, -1).join(', ')} ${and} ${names[names.length - 1]}`
}

/** Replaces `{key}` placeholders; unknown keys are left as they are. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole)
}

/** The title, explanation and question of a gap, with the actors' names filled in. */
export function describeGap(gap: Pick<Gap, 'kind' | 'actors'>, names: (id: string) => string, lang: Lang): GapText {
  const text = GAP_TEXTS[gap.kind][lang]
  const shown = gap.actors.map(names)
  const values: Record<string, string> = { a: shown[0] ?? '', b: shown[1] ?? '' }
  if (gap.kind === 'single-bridge') {
    values.bridge = shown[0] ?? ''
    values.dependents = listNames(shown.slice(1), lang)
  }
  return { title: fill(text.title, values), explanation: fill(text.explanation, values), question: fill(text.question, values) }
}
