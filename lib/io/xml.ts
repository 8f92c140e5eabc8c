/**
 * XML text for the SVG, GEXF and GraphML writers. XML 1.0 cannot carry most C0 control
 * characters at all (not even as character references), nor lone surrogates or U+FFFE/U+FFFF:
 * they become U+FFFD, so a strange name never makes the whole file unreadable.
 */

// C0 controls except tab, LF, CR; U+FFFE/U+FFFF; surrogates that are not part of a pair.
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Replaces what XML 1.0 cannot carry with U+FFFD. */
export function xmlSafe(s: string): string {
  return s.replace(INVALID, '\uFFFD')
}

/**
 * Escapes element content. CR is written as `&#13;`: a raw CR would be turned into LF by
 * every XML parser's line-end normalisation.
 */
export function xmlText(s: string): string {
  return xmlSafe(s).replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'))
}

const ATTR: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' }

/**
 * Escapes an attribute value (for double or single quotes). Tab, LF and CR are written as
 * character references because attribute-value normalisation would turn them into spaces.
 */
export function xmlAttr(s: string): string {
  return xmlSafe(s).replace(/[&<>"'\t\n\r]/g, (c) => ATTR[c])
}

/**
 * A coordinate or size with at most two decimals, never `-0`, never exponent notation: the
 * same number always prints the same way, which keeps the SVG byte-identical.
 */
export function num(n: number): string {
  if (!Number.isFinite(n)) return '0'
  const r = Math.round(n * 100) / 100
  return r === 0 ? '0' : String(r)
}
