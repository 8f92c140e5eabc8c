'use client'
/**
 * Export and import on the board. An export is fetched from the HTTP export with the link's
 * token in a header and saved from memory, showing its progress; it is a button, not a link
 * with `?token=`, whose address a browser shows on hover (on a projector too) and hands on with
 * "Copy link address". The exact canvas export is tldraw's own menu.
 */
import { useRef, useState } from 'react'
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
  const toggle = useRef<HTMLButtonElement>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [progress, setProgress] = useState<{ format: string; fraction: number | null } | null>(null)
  // Long exports (a PDF of a big board takes seconds) show progress: preparing, then bytes.
  const download = async (format: string, fileName: string) => {
    setProgress({ format, fraction: null })
    try {
      const res = await fetch(`/api/boards/${boardId}/export/${format}?lang=${lang}`, { headers: { authorization: `Bearer ${token}` } })
      if (!res.ok || !res.body) throw new Error((await res.json().catch(() => ({})))?.error?.message ?? res.statusText)
      const total = Number(res.headers.get('content-length') ?? 0)
      const reader = res.body.getReader()
      const chunks: Uint8Array[] = []
      let received = 0
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        chunks.push(value)
        received += value.length
        if (total) setProgress({ format, fraction: received / total })
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fileName
      const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? undefined }))
      const a = document.createElement('a')
      a.href = url
      a.download = name
      a.click()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
    } catch (err) {
      setMessage(t('import.failed', { error: (err as Error).message }))
    } finally {
      setProgress(null)
    }
  }
  const upload = async (file: File) => {
    setMessage(null)
    const res = await fetch(`/api/boards/${boardId}/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': file.type || 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name) },
      body: file,
    })
    const body = await res.json().catch(() => ({}))
    if (!res.ok) return setMessage(t('import.failed', { error: `${body?.error?.message ?? res.statusText}` }))
    setMessage(body.actors || body.ties ? t('import.doneCoalition', { actors: body.actors, ties: body.ties }) : t('import.done', { count: body.added }))
  }
  return (
    <div
      className="cc-export"
      data-testid="export-menu"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !open) return
        setOpen(false)
        toggle.current?.focus()
      }}
    >
      <button ref={toggle} type="button" className="cc-pill" aria-expanded={open} data-testid="export-open" onClick={() => setOpen(!open)}>
        {t('export.title')}
      </button>
      {open && (
        <div className="cc-export__panel">
          <ul>
            {FORMATS.map(([format, label]) => (
              <li key={format}>
                <button
                  type="button"
                  className="cc-export__format"
                  data-testid={`export-${format}`}
                  onClick={() => {
                    if (!progress) void download(format, `board.${format}`)
                  }}
                >
                  {t(label)}
                </button>
                {progress?.format === format && (
                  <span className="cc-muted" role="status" data-testid="export-progress">
                    {' '}
                    {progress.fraction === null ? '…' : `${Math.round(progress.fraction * 100)}%`}
                  </span>
                )}
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
