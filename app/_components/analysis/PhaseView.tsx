'use client'
import { useI18n } from '@/app/_lib/i18n'
import { FOCUS_THRESHOLD, MASS_THRESHOLD, OPENNESS_THRESHOLD, MISSING_TEXTS, PHASE_TEXTS } from '@/lib/analysis'
import type { CoreResult } from '@/lib/analysis'

const SCORES = [
  { key: 'focus', threshold: FOCUS_THRESHOLD },
  { key: 'mass', threshold: MASS_THRESHOLD },
  { key: 'openness', threshold: OPENNESS_THRESHOLD },
] as const

const CHECKS = ['focus', 'allies', 'mass', 'openness'] as const

const pct = (n: number) => `${Math.round(n * 100)}%`

/** The phase, the three scores as bars against their thresholds, and the checklist. */
export function PhaseView({
  core,
  target,
  canSetTarget,
  onTarget,
}: {
  core: CoreResult
  target: number
  canSetTarget: boolean
  onTarget(n: number): void
}) {
  const { t, lang } = useI18n()
  const phase = PHASE_TEXTS[core.phase][lang]
  return (
    <div className="cc-phase">
      <p className="cc-phase__label">{t('analysis.phase')}</p>
      <p className={`cc-phase__name cc-phase__name--${core.phase}`} data-testid="analysis-phase" data-phase={core.phase}>
        {phase.name}
      </p>
      <p className="cc-phase__explanation">{phase.explanation}</p>
      <ul className="cc-scores">
        {SCORES.map(({ key, threshold }) => {
          const value = core.scores[key]
          return (
            <li key={key} data-testid={`score-${key}`}>
              <span className="cc-scores__name">{t(`analysis.score.${key}`)}</span>
              <span
                className="cc-scores__bar"
                role="meter"
                aria-valuemin={0}
                aria-valuemax={1}
                aria-valuenow={value}
                aria-label={`${t(`analysis.score.${key}`)} ${pct(value)}, ${t('analysis.threshold', { value: pct(threshold) })}`}
              >
                <span className={`cc-scores__fill ${value >= threshold ? 'cc-scores__fill--ok' : ''}`} style={{ width: pct(value) }} />
                <span className="cc-scores__threshold" style={{ left: pct(threshold) }} title={t('analysis.threshold', { value: pct(threshold) })} />
              </span>
              <span className="cc-scores__value">{pct(value)}</span>
            </li>
          )
        })}
      </ul>
      <h3 className="cc-phase__subhead">{core.criticalMass.reached ? t('analysis.reached') : t('analysis.criticalMass')}</h3>
      <ul className="cc-checklist" data-testid="critical-mass-checklist">
        {CHECKS.map((item) => {
          const missing = core.criticalMass.missing.includes(item)
          return (
            <li key={item} className={missing ? 'cc-checklist__missing' : 'cc-checklist__ok'} data-missing={missing}>
              <span aria-hidden>{missing ? '○' : '✓'}</span> {t(`analysis.check.${item}`)}
              {missing && <span className="cc-checklist__why">{MISSING_TEXTS[item][lang].explanation}</span>}
            </li>
          )
        })}
      </ul>
      <p className="cc-phase__meta">
        {core.parts.visionThemes.length
          ? t('analysis.visionThemes', { themes: core.parts.visionThemes.join(', ') })
          : t('analysis.noVision')}
      </p>
      <p className="cc-phase__meta">{t('analysis.anchored', { count: core.parts.anchored, target })}</p>
      <p className="cc-phase__meta">{t('analysis.committed', { value: pct(core.criticalMass.committedShare) })}</p>
      <label className="cc-phase__target">
        {t('analysis.target')}
        <input
          type="number"
          min={1}
          max={100000}
          value={target}
          disabled={!canSetTarget}
          data-testid="target-size"
          onChange={(e) => {
            const n = Number(e.target.value)
            if (Number.isInteger(n) && n >= 1) onTarget(n)
          }}
        />
      </label>
    </div>
  )
}
