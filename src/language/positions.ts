/// Offsets to 1-based lines and columns, for diagnostics and source ranges.

import type { SourceRange } from './patch-data.ts'

export class LineIndex {
  private starts: number[] = [0]

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1)
  }

  range(from: number, to: number): SourceRange {
    // Binary search for the last line start <= from.
    let lo = 0
    let hi = this.starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.starts[mid] <= from) lo = mid
      else hi = mid - 1
    }
    return { from, to, line: lo + 1, col: from - this.starts[lo] + 1 }
  }

  lineOf(offset: number): number {
    return this.range(offset, offset).line
  }
}
