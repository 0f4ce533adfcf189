/// One place that collects a compile's diagnostics, each with its line and column.

import type { Diagnostic } from './patch-data.ts'
import { LineIndex } from './positions.ts'

export class Diagnostics {
  readonly list: Diagnostic[] = []
  readonly lines: LineIndex

  constructor(readonly text: string) {
    this.lines = new LineIndex(text)
  }

  error(from: number, to: number, message: string): void {
    this.add(from, to, message, 'error')
  }

  warning(from: number, to: number, message: string): void {
    this.add(from, to, message, 'warning')
  }

  get hasErrors(): boolean {
    return this.list.some((d) => d.severity === 'error')
  }

  private add(from: number, to: number, message: string, severity: Diagnostic['severity']): void {
    // One message per place: error recovery and cascades must not bury the real problem.
    if (this.list.some((d) => d.from === from && d.message === message)) return
    this.list.push({ ...this.lines.range(from, Math.max(from, to)), severity, message })
  }

  /// Diagnostics in text order, the order editors and `check` show them.
  sorted(): Diagnostic[] {
    return [...this.list].sort((a, b) => a.from - b.from || a.to - b.to)
  }
}
