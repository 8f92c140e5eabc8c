'use client'
import { useState } from 'react'
import { useI18n } from '@/app/_lib/i18n'
import { STANCES, TRUST_LEVELS } from '@/lib/analysis/snapshot'
import { tieStyle } from '@/lib/shapes/tie'

const COLOURS = { grey: '#868e96', 'light-blue': '#4dabf7', blue: '#1c7ed6', green: '#2f9e44', red: '#e03131' }
const WIDTH = { s: 1.5, m: 3, l: 4.5, xl: 7 }
const DASH = { dotted: '1 5', dashed: '8 6', solid: undefined }

/** What the tie styles and card colours mean; the code reads without colour too. */
export function Legend() {
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  return (
    <div className="cc-legend" data-testid="legend">
      <button type="button" className="cc-legend__toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t('legend.hide') : t('legend.title')}
      </button>
      {open && (
        <div className="cc-legend__body">
          <h3>{t('legend.ties')}</h3>
          <ul>
            {TRUST_LEVELS.map((trust) => {
              const s = tieStyle({ trust, kind: trust === 'conflict' ? 'conflict' : 'cooperation' })
              return (
                <li key={trust}>
                  <svg width="64" height="16" aria-hidden>
                    <line x1="2" y1="8" x2="54" y2="8" stroke={COLOURS[s.color]} strokeWidth={WIDTH[s.size]} strokeDasharray={DASH[s.dash]} />
                    {s.arrowheadEnd === 'bar' ? (
                      <line x1="58" y1="1" x2="58" y2="15" stroke={COLOURS[s.color]} strokeWidth={3} />
                    ) : (
                      <path d="M52 3 L62 8 L52 13 Z" fill={COLOURS[s.color]} />
                    )}
                  </svg>
                  {t(`trust.${trust}`)}
                </li>
              )
            })}
          </ul>
          <h3>{t('legend.stances')}</h3>
          <ul>
            {STANCES.map((stance) => (
              <li key={stance}>
                <span className={`cc-legend__stance cc-actor--${stance}`} aria-hidden />
                {t(`stance.${stance}`)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  )
}
