/// Noise generators with their state in the heap at `o`.

export const WHITE_STATE = ['seed'] as const
export const PINK_STATE = ['seed', 'b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'out'] as const

/// A non-zero xorshift32 seed derived from a unit's key, so that two noise units differ.
export function seedFor(key: string): number {
  let h = 2166136261
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619)
  return h | 0 || 0x2545f491
}

/// xorshift32 (Marsaglia), the seed kept as an int32 in a float64 slot; output in -1..1.
export function white(S: Float64Array, o: number): number {
  whiteStep(S, o)
  return S[o] * (1 / 2147483648)
}

/// Advances the generator, returning nothing (see adsrStep): the output is `S[o] / 2^31`.
export function whiteStep(S: Float64Array, o: number): void {
  let x = S[o] | 0
  x ^= x << 13
  x ^= x >>> 17
  x ^= x << 5
  S[o] = x
}

/// Pink noise: white noise through Paul Kellet's refined -3 dB/octave filter, scaled by his 0.11
/// (peaks near 0.95 over two minutes, RMS about 0.19) and clipped to -1..1.
export function pink(S: Float64Array, o: number): number {
  pinkStep(S, o)
  return S[o + 8]
}

/// One sample, returning nothing (see adsrStep): the output goes to slot `o + 8`.
export function pinkStep(S: Float64Array, o: number): void {
  whiteStep(S, o)
  const w = S[o] * (1 / 2147483648)
  const b0 = 0.99886 * S[o + 1] + w * 0.0555179
  const b1 = 0.99332 * S[o + 2] + w * 0.0750759
  const b2 = 0.969 * S[o + 3] + w * 0.153852
  const b3 = 0.8665 * S[o + 4] + w * 0.3104856
  const b4 = 0.55 * S[o + 5] + w * 0.5329522
  const b5 = -0.7616 * S[o + 6] - w * 0.016898
  const y = b0 + b1 + b2 + b3 + b4 + b5 + S[o + 7] + w * 0.5362
  S[o + 1] = b0; S[o + 2] = b1; S[o + 3] = b2; S[o + 4] = b3; S[o + 5] = b4; S[o + 6] = b5
  S[o + 7] = w * 0.115926
  const z = y * 0.11
  S[o + 8] = z > 1 ? 1 : z < -1 ? -1 : z
}

/// A block of white noise.
export function whiteBlock(S: Float64Array, o: number, W: Float64Array, out: number, lo: number, hi: number): void {
  let x = S[o] | 0
  for (let i = lo; i < hi; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    W[out + i] = x * (1 / 2147483648)
  }
  S[o] = x
}

/// A block of pink noise (pinkStep's arithmetic, its filter state in locals).
export function pinkBlock(S: Float64Array, o: number, W: Float64Array, out: number, lo: number, hi: number): void {
  let x = S[o] | 0
  let b0 = S[o + 1], b1 = S[o + 2], b2 = S[o + 3], b3 = S[o + 4], b4 = S[o + 5], b5 = S[o + 6], b6 = S[o + 7], z = S[o + 8]
  for (let i = lo; i < hi; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    const w = x * (1 / 2147483648)
    b0 = 0.99886 * b0 + w * 0.0555179
    b1 = 0.99332 * b1 + w * 0.0750759
    b2 = 0.969 * b2 + w * 0.153852
    b3 = 0.8665 * b3 + w * 0.3104856
    b4 = 0.55 * b4 + w * 0.5329522
    b5 = -0.7616 * b5 - w * 0.016898
    const y = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362
    b6 = w * 0.115926
    const zz = y * 0.11
    z = zz > 1 ? 1 : zz < -1 ? -1 : zz
    W[out + i] = z
  }
  S[o] = x
  S[o + 1] = b0; S[o + 2] = b1; S[o + 3] = b2; S[o + 4] = b3; S[o + 5] = b4; S[o + 6] = b5; S[o + 7] = b6; S[o + 8] = z
}
