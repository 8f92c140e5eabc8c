'use client'
import { useI18n } from '@/app/_lib/i18n'
import type { Metrics } from '@/lib/analysis'
import { formatNumber } from '@/lib/io/labels'

/** Brokers, density and parts; the toggle draws betweenness and communities on the map. */
export function NetworkView({
  metrics,
  names,
  showOnMap,
  onShowOnMap,
  onZoom,
}: {
  metrics: Metrics | null
  names: (id: string) => string
  showOnMap: boolean
  onShowOnMap(on: boolean): void
  onZoom(ids: string[]): void
}) {
  const { t, lang } = useI18n()
  return (
    <div className="cc-network">
      <label className="cc-toggle">
        <input type="checkbox" checked={showOnMap} onChange={(e) => onShowOnMap(e.target.checked)} data-testid="metrics-toggle" />
        {t('analysis.metricsToggle')}
      </label>
      {metrics ? (
        <>
          <h3>{t('analysis.brokers')}</h3>
          {metrics.brokers.length ? (
            <ol className="cc-brokers" data-testid="brokers">
              {metrics.brokers.map((id) => (
                <li key={id}>
                  <button type="button" className="cc-link" onClick={() => onZoom([id])}>
                    {names(id)}
                  </button>{' '}
                  <span className="cc-muted">{formatNumber(metrics.actors[id]?.betweenness ?? NaN, lang)}</span>
                </li>
              ))}
            </ol>
          ) : (
            <p>{t('analysis.noBrokers')}</p>
          )}
          <p className="cc-muted">
            {t('analysis.density', { value: formatNumber(metrics.density, lang) })} · {t('analysis.components', { count: metrics.components })}
          </p>
        </>
      ) : (
        <p className="cc-muted">{t('analysis.waiting')}</p>
      )}
    </div>
  )
}
