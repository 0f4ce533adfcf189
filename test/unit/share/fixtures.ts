// Shared material for the share tests: a seeded random source and patch texts built from the
// example lines in patches/ (plus a few written here, so the tests mean something on their own).
import { examplePatches } from '../helpers/examples.ts'

const BUILT_IN = `# a pluck over a hat
bpm 126
knob       cutoff = 1800 [80..9000] exp cc 74
fader      level  = 0.7  [0..1]
step_seq   hats   = [x . x x . x . x]
piano_roll lead   = [c4 e4 g4 _ b4 . g4+b4 e4]
voice pluck(freq, gate) {
  node env = adsr(gate, 3ms, 180ms, 0.25, 250ms)
  node o   = osc(saw, freq) + osc(saw, freq * 1.006)
  out = filter(lp, o, 200 + env * cutoff, 0.8) * env
}
node clock = trig(beat * 4)
node hat   = filter(hp, noise(), 7000) * adsr(seq(clock, hats), 1ms, 40ms, 0, 10ms)
node keys  = poly(pluck, lead, rate: beat * 2, voices: 6)
node echo  = delay(keys, 0.357, 0.45)
out = (keys + echo * 0.5 + hat * 0.3) * level
node wob = osc(sine, 0.25hz) * 0.5 + 0.5
node sub = tanh(osc(square, c#2, pw: 0.3) * 2) * mix(1, wob)
out = clip(sub, -1, 1), abs(-.5e0) * sub`

export function exampleLines(): string[] {
  const lines = new Set(BUILT_IN.split('\n'))
  for (const text of examplePatches().values()) for (const l of text.split(/\r?\n/)) lines.add(l)
  return [...lines]
}

/// Mulberry32: small, fast, and the same sequence everywhere for a given seed.
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// Code point ranges a musician might type in a comment: scripts, symbols, combining marks,
// joiners, and astral-plane characters (emoji, mathematical letters, CJK extension B, musical
// symbols). Control characters are left out: links refuse them on purpose (see codec.ts).
const RANGES: [number, number][] = [
  [0x20, 0x7e], [0xa0, 0xff], [0x100, 0x17f], [0x300, 0x36f], [0x391, 0x3c9], [0x410, 0x44f],
  [0x5d0, 0x5ea], [0x621, 0x64a], [0x900, 0x97f], [0x200b, 0x200d], [0x2190, 0x21ff],
  [0x3041, 0x3096], [0x4e00, 0x9fff], [0xac00, 0xd7a3], [0xfe00, 0xfe0f], [0xfeff, 0xfeff],
  [0x1d100, 0x1d1ea], [0x1d400, 0x1d7ff], [0x1f300, 0x1faff], [0x20000, 0x2a6df], [0x10fffd, 0x10fffd],
]

export function randomUnicode(rand: () => number, length: number): string {
  let s = ''
  for (let i = 0; i < length; i++) {
    const [lo, hi] = RANGES[Math.floor(rand() * RANGES.length)]
    s += String.fromCodePoint(lo + Math.floor(rand() * (hi - lo + 1)))
  }
  return s
}

/// A patch-like text: example lines in random order and number, with random comments.
export function randomPatch(rand: () => number, lines: string[]): string {
  const n = Math.floor(rand() * 40)
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const r = rand()
    if (r < 0.6) out.push(lines[Math.floor(rand() * lines.length)])
    else if (r < 0.8) out.push('# ' + randomUnicode(rand, Math.floor(rand() * 30)))
    else if (r < 0.9) out.push(lines[Math.floor(rand() * lines.length)] + '  # ' + randomUnicode(rand, Math.floor(rand() * 12)))
    else out.push(randomUnicode(rand, Math.floor(rand() * 8)))
  }
  const eol = rand() < 0.1 ? '\r\n' : '\n'
  return out.join(eol) + (rand() < 0.5 ? eol : '')
}
