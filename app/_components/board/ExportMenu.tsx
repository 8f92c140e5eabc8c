'use client'
/**
 * Export and import on the board. Exports are plain links to the HTTP export (the link's
 * token in `?token=`, as for scripts); the exact canvas export is tldraw's own menu.
 */
import { useState } from 'react'
import { useI18n } from '@/app/_lib/i18n'

const FORMATS = [
  ['pdf', 'export.pdf'],
  ['png', 'export.png'],
  ['svg', 'export.svg'],
  ['xlsx', 'export.xlsx'],
  ['csv', 'export.csv'],
  ['gexf', 'export.gexf'],
  ['graphml', 'export.graphml'],
  ['snapshot.json', 'export.snapshot'],
  ['board.json', 'export.board'],
] as const

export function ExportMenu({ boardId, token, canEdit }: { boardId: string; token: string; canEdit: boolean }) {
  const { t, lang } = useI18n()
  const [open, setOpen] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const upload = async (file: File) => {
    setMessage(null)
    const res = await fetch(`/api/boards/${boardId}/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': file.type || 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name) },
      body: file,
    })
    const body = await res.json().catch(() => ({}))
    setMessage(res.ok ? t('import.done', { count: body.added }) : t('import.failed', { error: `${body?.error?.message ?? res.statusText}` }))
  }
  return (
    <div className="cc-export" data-testid="export-menu">
      <button type="button" className="cc-pill" aria-expanded={open} data-testid="export-open" onClick={() => setOpen(!open)}>
        {t('export.title')}
      </button>
      {open && (
        <div className="cc-export__panel">
          <ul>
            {FORMATS.map(([format, label]) => (
              <li key={format}>
                <a href={`/api/boards/${boardId}/export/${format}?token=${token}&lang=${lang}`} download data-testid={`export-${format}`}>
                  {t(label)}
                </a>
              </li>
            ))}
          </ul>
          <p className="cc-muted">{t('export.canvas')}</p>
          {canEdit && (
            <label className="cc-export__import">
              {t('import.choose')}
              <input type="file" accept=".xlsx,.csv,.zip,.json" data-testid="import-file" onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} />
            </label>
          )}
          {message && (
            <p role="status" data-testid="import-message">
              {message}
            </p>
          )}
        </div>
      )}
    </div>
  )
}
