/**
 * The one error shape of every import: what went wrong and where, so the server can answer
 * `{ "error": { "message", "where" } }` and the app can point at the cell or JSON path.
 */

/**
 * HTTP status the server should answer with: 413 the file is too large, 415 it is not a
 * format we read, 422 it is one but its content is invalid.
 */
export type ImportStatus = 413 | 415 | 422

/** An import failure. `message` is a whole sentence that already names `where`. */
export interface ImportError {
  /** e.g. `Elements row 7, column "Stance": expected one of supporter, neutral, opponent, got "maybe"` */
  message: string
  /** e.g. `Elements row 7, column Stance`, `connections.csv row 4, column To`, `$.actors[3].ring`, or the file name. */
  where: string
  status: ImportStatus
}

/** Builds an error whose message is `where: detail` (or just `detail` when `where` is already in it). */
export function importError(where: string, detail: string, status: ImportStatus = 422, message?: string): ImportError {
  return { message: message ?? `${where}: ${detail}`, where, status }
}

/**
 * An error about one cell. `where` names the column bare (`Elements row 7, column Stance`),
 * the message quotes it (`Elements row 7, column "Stance": ...`), as the examples do.
 */
export function cellError(sheet: string, row: number, column: string, detail: string): ImportError {
  return importError(`${sheet} row ${row}, column ${column}`, detail, 422, `${sheet} row ${row}, column "${column}": ${detail}`)
}

/** Thrown inside the parsers and caught at their boundary, so deep helpers can bail out simply. */
export class ImportFailure extends Error {
  constructor(readonly error: ImportError) {
    super(error.message)
    this.name = 'ImportFailure'
  }
}

/** Throws an {@link ImportFailure}. */
export function fail(error: ImportError): never {
  throw new ImportFailure(error)
}

/** Quotes a user value in a message, shortened so a huge cell cannot flood the answer. */
export function quote(value: string, max = 80): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value
  return JSON.stringify(shown)
}
