/**
 * The example coalition: a local climate coalition of 25 actors, realistic enough that a
 * newcomer sees at once what the analyser finds (a core conflict, distrust, an isolated ally,
 * a bridge, outside groups not yet reached).
 */
import type { ActorKind, Ring, Stance, TieKind, TrustLevel } from '../analysis/snapshot'

export interface ExampleActor {
  key: string
  name: string
  kind: ActorKind
  stance: Stance
  ring: Ring
  themes: string[]
  size?: number
}

export const EXAMPLE_TITLE = 'Klimaatcoalitie Zuid (example)'

export const EXAMPLE_ACTORS: ExampleActor[] = [
  // Core: a shared focus on a fair energy transition, not yet fully trusting each other.
  { key: 'milieu', name: 'Milieudefensie Zuid', kind: 'organisation', stance: 'supporter', ring: 'core', themes: ['climate', 'energy'], size: 420 },
  { key: 'zonnedak', name: 'Energiecoöperatie Zonnedak', kind: 'organisation', stance: 'supporter', ring: 'core', themes: ['energy', 'local ownership'], size: 900 },
  { key: 'buurt', name: 'Buurtnetwerk Oost', kind: 'network', stance: 'supporter', ring: 'core', themes: ['housing', 'energy'], size: 150 },
  { key: 'jongeren', name: 'Jongeren Klimaatbeweging', kind: 'group', stance: 'supporter', ring: 'core', themes: ['climate', 'youth'], size: 60 },
  { key: 'fnv', name: 'FNV Regio Zuid', kind: 'organisation', stance: 'supporter', ring: 'core', themes: ['fair transition', 'energy'], size: 5200 },
  // Allies.
  { key: 'corporatie', name: 'Woningcorporatie Thuis', kind: 'organisation', stance: 'supporter', ring: 'ally', themes: ['housing'] },
  { key: 'fiets', name: 'Fietsersbond afdeling Zuid', kind: 'organisation', stance: 'supporter', ring: 'ally', themes: ['mobility', 'climate'] },
  { key: 'voedselbank', name: 'Voedselbank Zuid', kind: 'organisation', stance: 'supporter', ring: 'ally', themes: ['poverty'] },
  { key: 'kerk', name: 'Kerk aan de Haven', kind: 'group', stance: 'supporter', ring: 'ally', themes: ['poverty', 'climate'] },
  { key: 'huurders', name: 'Huurdersvereniging De Sleutel', kind: 'organisation', stance: 'supporter', ring: 'ally', themes: ['housing', 'energy'] },
  { key: 'natuur', name: 'Natuurvrienden Zuid', kind: 'group', stance: 'supporter', ring: 'ally', themes: ['nature'] },
  { key: 'ondernemers', name: 'Groene Ondernemers', kind: 'network', stance: 'supporter', ring: 'ally', themes: ['energy', 'economy'] },
  { key: 'wijkraad', name: 'Wijkraad Noord', kind: 'group', stance: 'neutral', ring: 'ally', themes: ['housing'] },
  { key: 'anna', name: 'Anna de Vries (buurtcoach)', kind: 'person', stance: 'supporter', ring: 'ally', themes: ['youth', 'climate'] },
  // Outside groups.
  { key: 'gemeente', name: 'Gemeente Zuid', kind: 'organisation', stance: 'neutral', ring: 'outside', themes: ['energy', 'housing'] },
  { key: 'provincie', name: 'Provincie', kind: 'organisation', stance: 'neutral', ring: 'outside', themes: ['energy'] },
  { key: 'industrie', name: 'Industriepark Haven', kind: 'network', stance: 'opponent', ring: 'outside', themes: ['economy'] },
  { key: 'boeren', name: 'Boerenbond Zuid', kind: 'organisation', stance: 'neutral', ring: 'outside', themes: ['nature', 'economy'] },
  { key: 'scholen', name: 'Scholenkoepel Zuid', kind: 'organisation', stance: 'neutral', ring: 'outside', themes: ['youth'] },
  { key: 'studenten', name: 'Studentenvereniging Ceres', kind: 'group', stance: 'supporter', ring: 'outside', themes: ['youth', 'climate'] },
  { key: 'sport', name: 'Sportclubs Zuid', kind: 'network', stance: 'neutral', ring: 'outside', themes: ['health'] },
  { key: 'krant', name: 'Zuider Courant', kind: 'organisation', stance: 'neutral', ring: 'outside', themes: ['media'] },
  { key: 'metaal', name: 'Vakbond Metaal', kind: 'organisation', stance: 'neutral', ring: 'outside', themes: ['fair transition'] },
  { key: 'netbeheer', name: 'Netbeheerder Zuid', kind: 'organisation', stance: 'neutral', ring: 'outside', themes: ['energy'] },
  { key: 'tegenwind', name: 'Bewoners Tegen Windmolens', kind: 'group', stance: 'opponent', ring: 'outside', themes: ['nature'] },
]

/** [from, to, trust, kind] */
export const EXAMPLE_TIES: [string, string, TrustLevel, TieKind][] = [
  ['milieu', 'zonnedak', 'high', 'cooperation'],
  ['zonnedak', 'milieu', 'high', 'cooperation'],
  ['milieu', 'jongeren', 'high', 'communication'],
  ['zonnedak', 'buurt', 'medium', 'resources'],
  ['buurt', 'zonnedak', 'high', 'cooperation'],
  ['milieu', 'buurt', 'medium', 'cooperation'],
  ['fnv', 'zonnedak', 'medium', 'cooperation'],
  ['fnv', 'milieu', 'low', 'communication'],
  ['jongeren', 'fnv', 'conflict', 'conflict'],
  ['buurt', 'corporatie', 'medium', 'cooperation'],
  ['corporatie', 'huurders', 'low', 'communication'],
  ['huurders', 'buurt', 'high', 'cooperation'],
  ['milieu', 'fiets', 'high', 'cooperation'],
  ['fiets', 'natuur', 'medium', 'communication'],
  ['kerk', 'voedselbank', 'high', 'cooperation'],
  ['kerk', 'jongeren', 'low', 'communication'],
  ['zonnedak', 'ondernemers', 'medium', 'resources'],
  ['ondernemers', 'corporatie', 'conflict', 'conflict'],
  ['anna', 'jongeren', 'high', 'cooperation'],
  ['buurt', 'gemeente', 'low', 'communication'],
  ['zonnedak', 'netbeheer', 'medium', 'communication'],
  ['jongeren', 'studenten', 'high', 'cooperation'],
  ['fnv', 'metaal', 'medium', 'communication'],
  ['milieu', 'industrie', 'conflict', 'conflict'],
  ['natuur', 'boeren', 'low', 'communication'],
  ['anna', 'scholen', 'medium', 'communication'],
]
