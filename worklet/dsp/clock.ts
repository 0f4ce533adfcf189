/// A drift-free phase for clocks (trig, poly's steps). The phase is `start + count * inc`, one
/// multiplication from the start of the period instead of a sum of `inc`s, and a period ends
/// when the phase is within 1e-9 of 1, so a clock whose period is a whole number of samples
/// stays on the exact sample indefinitely.
/// State at `o`: phase at the period start (or at the last rate change), samples since, last increment.

export const CLOCK_STATE = ['start', 'count', 'inc'] as const
export const CLOCK_INIT = [0, 0, 0] as const
const EPS = 1e-9

/// The phase (0..1) of the current sample; call `clockNext` after using it.
export function clockPhase(S: Float64Array, o: number, inc: number): number {
  const i = inc > 0 ? inc : 0 // a rate of 0 or below (or NaN) stops the clock
  if (i !== S[o + 2]) {
    S[o] += S[o + 1] * S[o + 2]
    S[o + 1] = 0
    S[o + 2] = i
  }
  let ph = S[o] + S[o + 1] * i
  if (ph >= 1 - EPS) {
    ph -= Math.floor(ph + EPS)
    if (ph < EPS && ph > -EPS) ph = 0
    S[o] = ph
    S[o + 1] = 0
  }
  return ph
}

export function clockNext(S: Float64Array, o: number): void {
  S[o + 1] += 1
}

/// trig: 1 for the first `duty` of each period, else 0; the first period starts high at time 0.
export function trig(S: Float64Array, o: number, inc: number, duty: number): number {
  const ph = clockPhase(S, o, inc)
  S[o + 1] += 1
  return ph < duty ? 1 : 0
}

/// A block of trig (rate in Hz, duty). A moving rate or duty runs `trig` itself per sample.
export function trigBlock(S: Float64Array, o: number, W: Float64Array, out: number, lo: number, hi: number, V: Float64Array, rate: number, rateVi: number, duty: number, dutyVi: number, P: Float64Array): void {
  if (rate < 0 && duty < 0) return trigRuns(S, o, W, out, lo, hi, V, rateVi, dutyVi, P)
  const ratek = V[rateVi], dutyk = V[dutyVi], isr = P[2]
  for (let i = lo; i < hi; i++) W[out + i] = trig(S, o, (rate < 0 ? ratek : W[rate + i]) * isr, duty < 0 ? dutyk : W[duty + i])
}

/// trigBlock at a constant rate and duty: between a period's start, the duty edge and the next
/// period the output holds, so each such run is found (trigRun) and filled.
/// Constants by index into V, as kernels take them (a double passed to a call is boxed).
function trigRuns(S: Float64Array, o: number, W: Float64Array, out: number, lo: number, hi: number, V: Float64Array, rateVi: number, dutyVi: number, P: Float64Array): void {
  const inc = V[rateVi] * P[2], duty = V[dutyVi]
  const c = inc > 0 ? inc : 0
  let i = lo
  while (i < hi) {
    const r = trigRun(S, o, c, duty, i, hi)
    const run = r >> 1
    W.fill(r & 1, out + i, out + i + run)
    i += run
  }
}

/// The run of a trig (increment `c` > 0 or 0, constant duty) from sample i, before hi, over which
/// its output holds: found from the phase formula, then checked against it sample by sample at its
/// ends, so the edges fall on exactly the samples the per-sample code gives. `clockPhase` starts
/// each run, as `trig` starts each sample, and the clock is advanced past the run. Returns the
/// run's length times 2, plus 1 when the output is high (one number: nothing to allocate).
export function trigRun(S: Float64Array, o: number, c: number, duty: number, i: number, hi: number): number {
  const high = clockPhase(S, o, c) < duty
  const start = S[o], count = S[o + 1]
  // Samples from this one on with the same output and no new period: up to the first count
  // whose phase reaches the bound.
  const bound = high && duty < 1 - EPS ? duty : 1 - EPS
  let run = hi - i
  if (c > 0) {
    const guess = Math.ceil((bound - start) / c - count)
    let t = guess > 1 ? (guess < run ? guess : run) : 1
    while (t > 1 && start + (count + t - 1) * c >= bound) t--
    while (t < run && start + (count + t) * c < bound) t++
    run = t
  }
  S[o + 1] = count + run
  return run * 2 + (high ? 1 : 0)
}
