/**
 * Linux's /proc/<pid>/stat line, read by the analysis pool (its process's session) and by the
 * bench (CPU time per process).
 */

/**
 * The fields of a /proc/<pid>/stat line after the command name, which is in parentheses and
 * may hold spaces and parentheses itself: [0] state, [1] parent, [3] session, [11] utime,
 * [12] stime, [13] cutime, [14] cstime, [16] nice (the man page's fields 3, 4, 6, 14-17, 19).
 */
export function statFields(line: string): string[] {
  return line.slice(line.lastIndexOf(')') + 2).trim().split(' ')
}
