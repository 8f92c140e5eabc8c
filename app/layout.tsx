import type { Metadata, Viewport } from 'next'
import type { ReactNode } from 'react'
import { LanguageProvider } from './_lib/i18n'
import './globals.css'

export const metadata: Metadata = {
  title: 'Coalition Canvas',
  description: 'A live whiteboard on which a coalition maps itself, with an analyser of trust and critical mass.',
}

// Without this a phone lays the page out 980 px wide and tldraw's UI becomes unreadable.
export const viewport: Viewport = { width: 'device-width', initialScale: 1 }

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <LanguageProvider>{children}</LanguageProvider>
      </body>
    </html>
  )
}
