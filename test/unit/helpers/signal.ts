// Time-domain measurements: frequency by interpolated zero crossings, onsets, steps.

/// Frequency from the first and last rising zero crossings (linearly interpolated).
export function zeroCrossingHz(x: ArrayLike<number>, sampleRate: number): number {
  let first = -1
  let last = -1
  let count = 0
  for (let i = 1; i < x.length; i++) {
    if (x[i - 1] < 0 && x[i] >= 0) {
      const t = i - 1 + -x[i - 1] / (x[i] - x[i - 1])
      if (first < 0) first = t
      last = t
      count++
    }
  }
  return ((count - 1) * sampleRate) / (last - first)
}

/// Sample indices where the signal rises above `threshold` from at or below it.
export function onsets(x: ArrayLike<number>, threshold = 0.5): number[] {
  const out: number[] = []
  let prev = 0
  for (let i = 0; i < x.length; i++) {
    if (x[i] > threshold && !(prev > threshold)) out.push(i)
    prev = x[i]
  }
  return out
}

/// Largest |x[i] - x[i-1]| for i in [from, to).
export function maxStep(x: ArrayLike<number>, from: number, to: number): number {
  let m = 0
  for (let i = Math.max(1, from); i < to; i++) m = Math.max(m, Math.abs(x[i] - x[i - 1]))
  return m
}

/// Root mean square of x[from..to), the range clipped to the signal; 0 for an empty range.
/// The one definition for unit and browser tests alike.
export function rms(x: ArrayLike<number>, from = 0, to = x.length): number {
  let s = 0
  const a = Math.max(0, Math.floor(from))
  const b = Math.min(x.length, Math.floor(to))
  for (let i = a; i < b; i++) s += x[i] * x[i]
  return b > a ? Math.sqrt(s / (b - a)) : 0
}

export function peak(x: ArrayLike<number>, from = 0, to = x.length): number {
  let m = 0
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(x[i]))
  return m
}

export function allFinite(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false
  return true
}

/// How many samples of `a` and `b` differ (a length apart counts each missing sample): 0 when the
/// two are the same sound to the last bit.
export function differing(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let n = Math.abs(a.length - b.length)
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) n++
  return n
}
