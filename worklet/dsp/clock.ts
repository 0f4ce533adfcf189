/// A drift-free phase for clocks (trig, poly's steps). The phase is `start + count * inc`, one
/// multiplication from the start of the period instead of a sum of `inc`s, and a period ends
/// when the phase is within 1e-9 of 1, so a clock whose period is a whole number of samples
/// stays on the exact sample indefinitely.
/// State at `o`: phase at the period start (or at the last rate change), samples since, last increment.

export const CLOCK_STATE = ['start', 'count', 'inc'] as const
export const CLOCK_INIT = [0, 0, 0] as const
const EPS = 1e-9
/// The phase at which a period ends.
export const CLOCK_END = 1 - EPS

/// The phase (0..1) of the current sample; call `clockNext` after using it. Block code (trigRun,
/// polyRun) spells these lines out rather than calling it: a call V8 does not inline boxes each
/// double it takes or returns (16 bytes of garbage; V8 may even box an argument once before the
/// loop that holds the call), and whether it inlines one depends on what else it inlined into the
/// same code. A new increment makes the phase so far the start (the line that tests `i`).
export function clockPhase(S: Float64Array, o: number, inc: number): number {
  const i = inc > 0 ? inc : 0 // a rate of 0 or below (or NaN) stops the clock
  if (i !== S[o + 2]) S[o] += S[o + 1] * S[o + 2], S[o + 1] = 0, S[o + 2] = i
  const ph = S[o] + S[o + 1] * i
  if (ph < CLOCK_END) return ph
  clockWrap(S, o)
  return S[o]
}

/// A period ended (the phase reached CLOCK_END): the phase, wrapped, becomes the start; read it at S[o].
export function clockWrap(S: Float64Array, o: number): void {
  let ph = S[o] + S[o + 1] * S[o + 2]
  ph -= Math.floor(ph + EPS)
  if (ph < EPS && ph > -EPS) ph = 0
  S[o] = ph
  S[o + 1] = 0
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
  let i = lo
  while (i < hi) {
    const r = trigRun(S, o, V, rateVi, dutyVi, P, i, hi)
    const run = r >> 1
    W.fill(r & 1, out + i, out + i + run)
    i += run
  }
}

/// The run of a trig (constant rate and duty, by index into V) from sample i, before hi, over which
/// its output holds: found from the phase formula, then checked against it sample by sample at its
/// ends, so the edges fall on exactly the samples the per-sample code gives. The clock's phase at
/// sample i starts each run, as `trig` starts each sample, and the clock is advanced past the run.
/// Returns the run's length times 2, plus 1 when the output is high (one number: nothing to allocate).
export function trigRun(S: Float64Array, o: number, V: Float64Array, rateVi: number, dutyVi: number, P: Float64Array, i: number, hi: number): number {
  const inc = V[rateVi] * P[2], duty = V[dutyVi], c = inc > 0 ? inc : 0
  // clockPhase, spelled out (see there)
  if (c !== S[o + 2]) S[o] += S[o + 1] * S[o + 2], S[o + 1] = 0, S[o + 2] = c
  let ph = S[o] + S[o + 1] * c
  if (ph >= CLOCK_END) {
    clockWrap(S, o)
    ph = S[o]
  }
  const high = ph < duty
  const start = S[o], count = S[o + 1]
  // Samples from this one on with the same output and no new period: up to the first count
  // whose phase reaches the bound.
  // The bound as a number of this function (+): read from module scope, V8 may hold CLOCK_END as
  // an untyped value, and the choice between it and the duty then boxed the duty, a number each
  // call (P1's eight envelopes, 55-65 bytes a block in Node; filter.ts's bounds, the same cause).
  const end = +CLOCK_END
  const bound = high && duty < end ? duty : end
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
