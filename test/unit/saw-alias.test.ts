// The bench's saw cleanliness measure (bench/page/saw-alias.ts) tells a naive saw from a band-limited one.
import { describe, expect, it } from 'vitest'
import { ALIAS_N, ALIAS_SKIP, aliasDb } from '../../bench/page/saw-alias.ts'

const SR = 48000
const length = ALIAS_SKIP + ALIAS_N

/// 2p - 1 with nothing done about the wrap: every harmonic above Nyquist folds back.
function naiveSaw(f: number): Float32Array {
  const x = new Float32Array(length)
  let p = 0
  for (let i = 0; i < length; i++) {
    x[i] = 2 * p - 1
    p += f / SR
    if (p >= 1) p -= 1
  }
  return x
}

/// The same saw from its harmonics below Nyquist only: no aliases by construction.
function additiveSaw(f: number): Float32Array {
  const x = new Float32Array(length)
  for (let h = 1; h * f < SR / 2; h++) {
    const w = (2 * Math.PI * h * f) / SR, a = -2 / (Math.PI * h)
    for (let i = 0; i < length; i++) x[i] += a * Math.sin(w * i)
  }
  return x
}

describe('saw alias level (bench)', () => {
  it('finds a naive saw dirty and a band-limited one clean, the dirtier the higher it plays', () => {
    const naive = [110, 1760].map((f) => aliasDb(naiveSaw(f), f, SR))
    expect(naive[0]).toBeGreaterThan(-60)
    expect(naive[1]).toBeGreaterThan(-40)
    expect(naive[1]).toBeGreaterThan(naive[0])
    // Single-precision samples and the window's leakage are all that is left: the measure's floor,
    // about -99 dB at 110 Hz (218 harmonics rounded together).
    for (const f of [110, 1760]) expect(aliasDb(additiveSaw(f), f, SR)).toBeLessThan(-95)
  })

  it('measures what lies between the harmonics, not the harmonics themselves', () => {
    // A component at 1.5 f, 60 dB under the fundamental, is found at -60 dB.
    const f = 440, x = additiveSaw(f)
    const a = (2 / Math.PI) * 1e-3
    for (let i = 0; i < length; i++) x[i] += a * Math.sin((2 * Math.PI * 1.5 * f * i) / SR)
    expect(aliasDb(x, f, SR)).toBeCloseTo(-60, 0)
  })
})
