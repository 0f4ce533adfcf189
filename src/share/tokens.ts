/// Word substitution for share links, applied to the UTF-8 bytes before deflate.
///
/// A patch is short, so deflate spends most of its bits on the first occurrence of each keyword.
/// Bytes that never occur in UTF-8 (0xF5..0xFF, and 0xC0 / 0xC1 as lead bytes) stand in for the
/// language's most common words: one byte for the commonest, two for the rest. Because valid UTF-8
/// never holds these bytes, the substitution is exactly reversible for every text.
///
/// The tables are part of link format v1: links already shared depend on them, so they may never
/// change. A new word list needs a new format version (see `codec.ts`).

const SINGLE_FIRST = 0xf5
const SINGLES: readonly string[] = [
  'node ', ' = ', 'osc(', 'filter(', 'adsr(', 'beat', 'knob ', 'poly(', 'seq(', 'trig(', 'out = ',
]
const DOUBLE_LEADS = [0xc0, 0xc1]
const DOUBLES: readonly string[] = [
  'fader ', 'step_seq ', 'piano_roll ', 'voice ', 'delay(', 'noise(', 'freq', 'gate', 'saw, ',
  'sine, ', 'square, ', 'tri, ', 'lp, ', 'hp, ', 'bp, ', 'notch, ', 'rate: ', 'voices: ',
  'feedback', 'color: pink', 'mix(', 'clip(', 'tanh(', 'abs(', 'bpm ', ' exp', ' lin', ' cc ',
  'midi', 'cutoff', 'level', 'vel', 'pw: ', 'duty: ', 'gate: ', 'q: ', 'clock', 'bass', 'lead',
  'kick', 'snare', 'hat', 'pad', 'env', 'ms, ', 'ms)', '0.', '    ', '  ', '\n\n', '\n# ', '# ',
]

const encoder = new TextEncoder()
const SINGLE_BYTES = SINGLES.map((w) => encoder.encode(w))
const DOUBLE_BYTES = DOUBLES.map((w) => encoder.encode(w))

interface Code {
  word: Uint8Array
  code: number[]
}
/// Candidate words by first byte, longest first, so the encoder takes the longest match.
const BY_FIRST: Code[][] = Array.from({ length: 256 }, () => [])
SINGLE_BYTES.forEach((word, i) => BY_FIRST[word[0]].push({ word, code: [SINGLE_FIRST + i] }))
DOUBLE_BYTES.forEach((word, i) =>
  BY_FIRST[word[0]].push({ word, code: [DOUBLE_LEADS[i >> 8], i & 0xff] }),
)
for (const list of BY_FIRST) list.sort((a, b) => b.word.length - a.word.length)

if (SINGLE_FIRST + SINGLES.length > 0x100 || DOUBLES.length > DOUBLE_LEADS.length * 256) {
  throw new RangeError(`share word tables overflow: ${SINGLES.length} singles, ${DOUBLES.length} doubles`)
}

/// Replaces the table's words in UTF-8 `bytes` with their codes.
export function packWords(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length)
  let o = 0
  let i = 0
  outer: while (i < bytes.length) {
    for (const { word, code } of BY_FIRST[bytes[i]]) {
      if (i + word.length > bytes.length) continue
      let k = 1
      while (k < word.length && bytes[i + k] === word[k]) k++
      if (k < word.length) continue
      for (const b of code) out[o++] = b
      i += word.length
      continue outer
    }
    out[o++] = bytes[i++]
  }
  return out.subarray(0, o)
}

/// Restores the words of `packWords`. Fails on an unknown or cut-off code, or when the text
/// would be longer than `maxBytes` (checked before anything is allocated).
export function unpackWords(
  bytes: Uint8Array,
  maxBytes: number,
): { bytes: Uint8Array } | { error: 'code' | 'size' } {
  let size = 0
  for (let i = 0; i < bytes.length; i++) {
    const word = wordAt(bytes, i)
    if (word === null) return { error: 'code' }
    if (word === undefined) size++
    else {
      size += word.length
      if (bytes[i] < SINGLE_FIRST) i++
    }
  }
  if (size > maxBytes) return { error: 'size' }
  const out = new Uint8Array(size)
  let o = 0
  for (let i = 0; i < bytes.length; i++) {
    const word = wordAt(bytes, i)
    if (!word) out[o++] = bytes[i]
    else {
      out.set(word, o)
      o += word.length
      if (bytes[i] < SINGLE_FIRST) i++
    }
  }
  return { bytes: out }
}

/// The word coded at `i`: undefined for a plain byte, null for a code that means nothing.
function wordAt(bytes: Uint8Array, i: number): Uint8Array | undefined | null {
  const b = bytes[i]
  if (b >= SINGLE_FIRST) return SINGLE_BYTES[b - SINGLE_FIRST] ?? null
  if (b === DOUBLE_LEADS[0] || b === DOUBLE_LEADS[1]) {
    if (i + 1 >= bytes.length) return null
    return DOUBLE_BYTES[(b - DOUBLE_LEADS[0]) * 256 + bytes[i + 1]] ?? null
  }
  return undefined
}
