/// "Did you mean ...?" for unknown names: the closest candidate by edit distance, if it is close.

export function closest(word: string, candidates: Iterable<string>): string | null {
  let best: string | null = null
  let bestDistance = Infinity
  for (const c of candidates) {
    if (c === word) continue
    const d = distance(word.toLowerCase(), c.toLowerCase())
    if (d < bestDistance) {
      bestDistance = d
      best = c
    }
  }
  // Allow about one typo per three letters, so `fitler` finds `filter` but `q` finds nothing.
  return best !== null && bestDistance <= Math.floor((word.length + 1) / 3) ? best : null
}

/// A suffix for messages: `: did you mean filter?`, or a fallback hint.
export function didYouMean(word: string, candidates: Iterable<string>, fallback: string): string {
  const c = closest(word, candidates)
  return c ? `did you mean ${c}?` : fallback
}

/// Damerau-Levenshtein distance (optimal string alignment): a swap of two letters costs one.
export function distance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[] = new Array(rows * cols)
  for (let i = 0; i < rows; i++) d[i * cols] = i
  for (let j = 0; j < cols; j++) d[j] = j
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let v = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, d[(i - 2) * cols + j - 2] + 1)
      }
      d[i * cols + j] = v
    }
  }
  return d[rows * cols - 1]
}
