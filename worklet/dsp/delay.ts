/// Delay line read before it is written in each sample, so a loop through it works: the engine
/// reads every delay early in the sample and writes them all at its end. The buffer holds
/// MAX_DELAY_SECONDS plus two samples; the delay time is interpolated linearly.
/// State at `o`: write position, the value read this sample, and the feedback read with it.

export const DELAY_STATE = ['write', 'read', 'feedback'] as const
export const DELAY_INIT = [0, 0, 0] as const
const TINY = 1e-15

export function delayLength(maxSeconds: number, sr: number): number {
  return Math.ceil(maxSeconds * sr) + 2
}

/// The delayed sample, also left in the `read` slot (`o + 1`).
export function delayRead(buf: Float32Array, S: Float64Array, o: number, seconds: number, feedback: number, sr: number): number {
  delayReadStep(buf, S, o, seconds, feedback, sr)
  return S[o + 1]
}

/// The read, returning nothing (see adsrStep).
export function delayReadStep(buf: Float32Array, S: Float64Array, o: number, seconds: number, feedback: number, sr: number): void {
  const len = buf.length
  let d = seconds * sr
  d = d > 1 ? (d < len - 2 ? d : len - 2) : 1 // NaN reads one sample back
  let r = S[o] - d
  if (r < 0) r += len
  const i = r | 0
  const f = r - i
  const j = i + 1 < len ? i + 1 : 0
  const y = f === 0 ? buf[i] : buf[i] + f * (buf[j] - buf[i])
  S[o + 1] = y
  S[o + 2] = feedback
}

/// Writes input plus feedback times this sample's read; non-finite and subnormal values become 0
/// so a fault never stays in the line.
export function delayWrite(buf: Float32Array, S: Float64Array, o: number, input: number): void {
  let x = input + S[o + 2] * S[o + 1]
  if (!(x > TINY || x < -TINY)) x = 0
  else if (x - x !== 0) x = 0
  const w = S[o]
  buf[w] = x
  S[o] = w + 1 < buf.length ? w + 1 : 0
}
