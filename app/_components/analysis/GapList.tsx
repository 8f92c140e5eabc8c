'use client'
import { memo } from 'react'
import { useI18n } from '@/app/_lib/i18n'
import { describeGap, SEVERITY_TEXTS, type Gap, type CoreResult } from '@/lib/analysis'

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const

/** Trust gaps grouped by severity, each with its explanation and a facilitation question. */
export function GapList({
  core,
  names,
  onZoom,
  onSpotlight,
}: {
  core: CoreResult
  names: (id: string) => string
  onZoom(actorIds: string[]): void
  onSpotlight?: (gapId: string, actorIds: string[]) => void
}) {
  const { t } = useI18n()
  const total = Object.values(core.gapCounts).reduce((a, b) => a + (b ?? 0), 0)
  if (total === 0) return <p data-testid="gap-list">{t('analysis.noGaps')}</p>
  return (
    <div className="cc-gaps" data-testid="gap-list">
      {SEVERITIES.map((severity) => {
        const gaps = core.gaps.filter((g) => g.severity === severity)
        if (gaps.length === 0) return null
        return (
          <section key={severity} className={`cc-gaps__group cc-gaps__group--${severity}`}>
            <GroupHeading severity={severity} count={gaps.length} />
            <ul>
              {gaps.map((gap) => (
                <GapItem key={gap.id} gap={gap} names={names} onZoom={onZoom} onSpotlight={onSpotlight} />
              ))}
            </ul>
          </section>
        )
      })}
      {total > core.gaps.length && <p className="cc-gaps__more">{t('analysis.more', { count: total - core.gaps.length })}</p>}
    </div>
  )
}

function GroupHeading({ severity, count }: { severity: (typeof SEVERITIES)[number]; count: number }) {
  const { lang, t } = useI18n()
  return (
    <h3>
      <span className={`cc-severity cc-severity--${severity}`}>{SEVERITY_TEXTS[severity][lang]}</span>{' '}
      <span className="cc-gaps__count">{t('analysis.gapCount', { count })}</span>
    </h3>
  )
}

const GapItem = memo(function GapItem({
  gap,
  names,
  onZoom,
  onSpotlight,
}: {
  gap: Gap
  names: (id: string) => string
  onZoom(actorIds: string[]): void
  onSpotlight?: (gapId: string, actorIds: string[]) => void
}) {
  const { lang, t } = useI18n()
  const text = describeGap(gap, names, lang)
  return (
    <li className="cc-gap" data-testid="gap" data-gap-kind={gap.kind} data-gap-id={gap.id}>
      <button type="button" className="cc-gap__title" onClick={() => onZoom(gap.actors)} title={t('analysis.zoomTo')}>
        {text.title}
      </button>
      <p className="cc-gap__explanation">{text.explanation}</p>
      <p className="cc-gap__question">
        <strong>{t('analysis.question')}:</strong> {text.question}
      </p>
      {onSpotlight && (
        <button type="button" className="cc-link" data-testid="spotlight-gap" onClick={() => onSpotlight(gap.id, gap.actors)}>
          {t('session.spotlight')}
        </button>
      )}
    </li>
  )
})
