/**
 * Export and import formats of Coalition Canvas: the report map (SVG, PNG), the PDF report,
 * Kumu spreadsheets (XLSX, CSV zip), GEXF, GraphML and snapshot JSON, and the importer that
 * reads them (and board files) back into a validated coalition snapshot.
 */
export { renderReportSvg, renderReportPng, MAX_PNG_SIDE } from './report-map'
export { renderReportPdf } from './pdf'
export { toKumuXlsx } from './xlsx'
export { toKumuCsvZip } from './csv'
export { toGexf } from './gexf'
export { toGraphml } from './graphml'
export { toSnapshotJson } from './json'
export { parseImport, parseCsvPair, DEFAULT_LIMITS, type ImportLimits, type ImportResult } from './import'
export { detectFormat, type DetectResult, type ImportFormat } from './detect'
export type { ImportError, ImportStatus } from './errors'
export { escapeCell, unescapeCell, ELEMENT_COLUMNS, CONNECTION_COLUMNS } from './kumu'
export type { ReportInput, HistoryPoint, MapOptions, PdfOptions } from './types'
export type { Point, RingGeometry } from './layout'
