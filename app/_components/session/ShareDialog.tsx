'use client'
/**
 * The facilitator's share dialog: every link (with a QR code made in the browser, no outside
 * service), and replacing the edit or view link, which stops the old one at once.
 */
import { useEffect, useRef, useState } from 'react'
import QRCode from 'qrcode'
import { useI18n } from '@/app/_lib/i18n'
import { boardLinks, rotateLink, type BoardLinks } from '@/app/_lib/api'

export function QrCode({ text, size = 160, testId }: { text: string; size?: number; testId?: string }) {
  const [svg, setSvg] = useState('')
  useEffect(() => {
    QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then(setSvg, () => setSvg(''))
  }, [text])
  return <div className="cc-qr" style={{ width: size, height: size }} data-testid={testId} data-qr-text={text} dangerouslySetInnerHTML={{ __html: svg }} />
}

/**
 * Copies a link field's text. The Clipboard API exists only in secure contexts; a meeting
 * room's laptop is reached over plain http, where the old copy command on the selected field
 * still works. Whatever happens, the link is left selected for Ctrl+C.
 */
async function copyField(field: HTMLInputElement): Promise<boolean> {
  if (navigator.clipboard) {
    try {
      await navigator.clipboard.writeText(field.value)
      return true
    } catch {
      // Refused (no permission, page not focused): try the copy command below.
    }
  }
  field.focus()
  field.select()
  try {
    return document.execCommand('copy')
  } catch {
    return false
  }
}

const ROWS: { key: keyof BoardLinks; label: string; rotate?: 'edit' | 'view' }[] = [
  { key: 'edit', label: 'share.edit', rotate: 'edit' },
  { key: 'join', label: 'share.join' },
  { key: 'view', label: 'share.view', rotate: 'view' },
  { key: 'present', label: 'share.present' },
  { key: 'facilitate', label: 'share.facilitate' },
]

export function ShareDialog({ boardId, token, onClose }: { boardId: string; token: string; onClose(): void }) {
  const { t } = useI18n()
  const [links, setLinks] = useState<BoardLinks | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [copied, setCopied] = useState<{ key: string; done: boolean } | null>(null)
  useEffect(() => {
    boardLinks(boardId, token).then((r) => setLinks(r.links), (e) => setError(String(e.message)))
  }, [boardId, token])
  // The focus moves into the dialog, as into any modal: there Escape closes it (the opening
  // button kept the focus, and Escape went to the canvas).
  const dialog = useRef<HTMLDivElement>(null)
  useEffect(() => dialog.current?.focus(), [])
  return (
    <div className="cc-modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div ref={dialog} tabIndex={-1} className="cc-modal cc-share" role="dialog" aria-modal="true" aria-label={t('share.title')} data-testid="share-dialog">
        <h2>{t('share.title')}</h2>
        {error && <p className="cc-error">{error}</p>}
        {!links && !error && <p>{t('share.loading')}</p>}
        {links && (
          <>
            <QrCode text={links.join} testId="share-qr" />
            <ul className="cc-share__links">
              {ROWS.map(({ key, label, rotate }) => (
                <li key={key}>
                  <label>
                    {t(label as never)}
                    <input readOnly value={links[key]} data-testid={`link-${key}`} onFocus={(e) => e.target.select()} />
                  </label>
                  <span className="cc-share__actions">
                    <button
                      type="button"
                      data-testid={`copy-${key}`}
                      onClick={(e) => {
                        const field = e.currentTarget.closest('li')?.querySelector('input')
                        if (field) void copyField(field).then((done) => setCopied({ key, done }))
                      }}
                    >
                      {copied?.key === key ? t(copied.done ? 'share.copied' : 'share.copySelected') : t('share.copy')}
                    </button>
                    {rotate && (
                      <button
                        type="button"
                        className="cc-button--secondary"
                        data-testid={`rotate-${rotate}`}
                        onClick={() => {
                          if (!confirm(t('share.rotateConfirm'))) return
                          rotateLink(boardId, token, rotate).then((r) => setLinks(r.links), (e) => setError(String(e.message)))
                        }}
                      >
                        {t('share.rotate')}
                      </button>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
        <button type="button" onClick={onClose} data-testid="share-close">
          {t('share.close')}
        </button>
      </div>
    </div>
  )
}
