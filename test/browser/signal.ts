/// Measurements of captured audio, shared by the browser specs (and checked on synthetic
/// signals in test/unit/signal.test.ts).

/// Frequency from rising zero crossings, interpolated between samples: the mean period between
/// the first and last crossing in `x`. NaN when there are fewer than two crossings.
export function frequency(x: ArrayLike<number>, sampleRate: number): number {
  const c = crossings(x)
  return c.length < 2 ? NaN : ((c.length - 1) * sampleRate) / (c[c.length - 1] - c[0])
}

export { rms } from '../unit/helpers/signal.ts'

/// The largest step between neighbouring samples, and where it is.
export function maxJump(x: ArrayLike<number>): { jump: number; at: number } {
  let jump = 0
  let at = -1
  for (let i = 1; i < x.length; i++) {
    const d = Math.abs(x[i] - x[i - 1])
    if (!(d <= jump)) {
      jump = d
      at = i
    }
  }
  return { jump, at }
}

/// The runs of samples that are not finite (frames the capture never received), as [start, end).
export function gapRuns(x: ArrayLike<number>): [number, number][] {
  const runs: [number, number][] = []
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i])) continue
    const start = i
    while (i < x.length && !Number.isFinite(x[i])) i++
    runs.push([start, i])
  }
  return runs
}

/// Indexes of samples that are not finite (the capture marks lost chunks with NaN).
export function gaps(x: ArrayLike<number>): number {
  let n = 0
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) n++
  return n
}

/// The frequency measured in consecutive windows of `size` samples: [start index, Hz][].
export function frequencyTrack(x: ArrayLike<number>, sampleRate: number, size: number): [number, number][] {
  const out: [number, number][] = []
  for (let i = 0; i + size <= x.length; i += size) out.push([i, frequency(Array.prototype.slice.call(x, i, i + size) as number[], sampleRate)])
  return out
}

/// Positions of rising zero crossings, interpolated between samples.
export function crossings(x: ArrayLike<number>): number[] {
  const out: number[] = []
  for (let i = 1; i < x.length; i++) if (x[i - 1] < 0 && x[i] >= 0) out.push(i - 1 + -x[i - 1] / (x[i] - x[i - 1]))
  return out
}

/// Where a sine first runs at `hz` (within `tolerance`) for `periods` periods in a row, from
/// index `from` on: the start of the first such period, or -1.
export function onsetOf(x: ArrayLike<number>, sampleRate: number, hz: number, from = 0, periods = 4, tolerance = 0.01): number {
  const c = crossings(x).filter((p) => p >= from)
  const want = sampleRate / hz
  for (let i = 0; i + periods < c.length; i++) {
    let ok = true
    for (let k = i; k < i + periods && ok; k++) ok = Math.abs(c[k + 1] - c[k] - want) <= want * tolerance
    if (ok) return c[i]
  }
  return -1
}
