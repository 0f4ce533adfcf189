// Seeded random mutations of patch text, for the fuzz tests.

/// mulberry32: a small seeded generator, so a failure can be replayed from its case number.
export function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const EXTRA = ['(', ')', '[', ']', '{', '}', ',', '=', '..', '+', '*', '-', '/', '#', '\n', ':', '_', '.', 'x', '0', '1e999', 'node', 'out', 'delay(', 'poly(', '🎹', '\u0000', '"']

/// Deletes, duplicates or swaps tokens or characters, or inserts one of `extra`.
export function mutate(text: string, random: () => number, extra: readonly string[] = EXTRA): string {
  const tokens = text.match(/\s+|[A-Za-z_][\w#]*|[0-9.]+\w*|./gsu) ?? []
  const pick = (n: number) => Math.floor(random() * n)
  const rounds = 1 + pick(3)
  for (let r = 0; r < rounds; r++) {
    const i = pick(Math.max(1, tokens.length))
    const j = pick(Math.max(1, tokens.length))
    switch (pick(7)) {
      case 0: tokens.splice(i, 1); break // delete a token
      case 1: tokens.splice(i, 0, tokens[j] ?? ''); break // duplicate a token
      case 2: [tokens[i], tokens[j]] = [tokens[j], tokens[i]]; break // swap two tokens
      case 3: tokens.splice(i, 0, extra[pick(extra.length)]); break // insert punctuation or a word
      default: {
        // character-level: delete, duplicate or swap within a token
        const t = tokens[i] ?? ''
        const k = pick(Math.max(1, t.length))
        const op = pick(3)
        tokens[i] = op === 0 ? t.slice(0, k) + t.slice(k + 1) : op === 1 ? t.slice(0, k + 1) + t.slice(k) : t.slice(0, k) + (t[k + 1] ?? '') + (t[k] ?? '') + t.slice(k + 2)
      }
    }
  }
  return tokens.join('')
}
