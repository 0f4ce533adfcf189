import type { Diagnostic } from '../language/patch-data.ts'

/// `FILE:LINE:COL: error: MESSAGE`, the form compilers print and editors and CI parse.
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`
}
