/// Linear ADSR envelope. State at `o`: stage, level, last gate, release step.
/// - A rising gate edge (gate goes above 0) restarts the attack from the current level, rising
///   at 1/a per second, so a full attack from 0 takes `a`.
/// - Decay falls from 1 to `s` at (1-s)/d per second; sustain follows `s`.
/// - A falling edge starts the release from the current level, reaching 0 after `r`.

import { trigRun } from './clock.ts'
import { FILL_FLOATS, FILL_INTS, MemoryAt } from './dsp-memory.ts'
import { fillRun } from './fill-loop.ts'

export const ADSR_STATE = ['stage', 'level', 'gate', 'release'] as const
export const ADSR_INIT = [0, 0, 0, 0] as const

const IDLE = 0, ATTACK = 1, DECAY = 2, SUSTAIN = 3, RELEASE = 4
const ROWS_AT = new MemoryAt()

/// The envelope's value, also left in its level slot (`o + 1`).
export function adsr(S: Float64Array, o: number, gate: number, a: number, d: number, s: number, r: number, isr: number): number {
  adsrStep(S, o, gate, a, d, s, r, isr)
  return S[o + 1]
}

/// One sample, returning nothing: generated code reads the level slot, because a call that is not
/// inlined returns a double boxed on the heap (a garbage allocation per sample).
export function adsrStep(S: Float64Array, o: number, gate: number, a: number, d: number, s: number, r: number, isr: number): void {
  let stage = S[o]
  let v = S[o + 1]
  const high = gate > 0
  const wasHigh = S[o + 2] > 0
  S[o + 2] = high ? 1 : 0
  const sus = s > 0 ? (s < 1 ? s : 1) : 0
  if (high && !wasHigh) stage = ATTACK
  else if (!high && wasHigh) {
    stage = RELEASE
    S[o + 3] = r > isr ? v * isr / r : v
  }
  if (stage === ATTACK) {
    v += a > isr ? isr / a : 1
    if (v >= 1) {
      v = 1
      stage = DECAY
    }
  } else if (stage === DECAY) {
    v -= d > isr ? (1 - sus) * isr / d : 1
    if (v <= sus) {
      v = sus
      stage = SUSTAIN
    }
  } else if (stage === SUSTAIN) {
    v = sus
  } else if (stage === RELEASE) {
    v -= S[o + 3]
    if (v <= 1e-9) {
      v = 0
      stage = IDLE
    }
  } else v = 0
  S[o] = stage
  S[o + 1] = v
}

/// A block of the envelope (see osc.ts's block kernels for the argument pairs). With constant times
/// and sustain (the usual case) it runs stage by stage between gate changes (adsrRuns); with any of
/// them moving it is adsrStep, sample by sample.
export function adsrBlock(
  S: Float64Array, o: number, W: Float64Array, out: number, lo: number, hi: number,
  V: Float64Array, g: number, gVi: number, a: number, aVi: number, d: number, dVi: number, s: number, sVi: number, r: number, rVi: number, P: Float64Array,
): void {
  if (a < 0 && d < 0 && s < 0 && r < 0) return adsrRuns(S, o, W, out, lo, hi, V, g, gVi, aVi, dVi, sVi, rVi, P)
  const gk = V[gVi], ak = V[aVi], dk = V[dVi], sk = V[sVi], rk = V[rVi], isr = P[2]
  for (let i = lo; i < hi; i++) {
    adsrStep(S, o, g < 0 ? gk : W[g + i], a < 0 ? ak : W[a + i], d < 0 ? dk : W[d + i], s < 0 ? sk : W[s + i], r < 0 ? rk : W[r + i], isr)
    W[out + i] = S[o + 1]
  }
}

/// adsrBlock with constant times and sustain: between two gate changes each stage is a tight loop
/// (one addition, one comparison, one store per sample) instead of the whole state machine. Takes
/// its constants as indices into V like the kernels (a double passed to a call that is not inlined
/// is boxed: an allocation per argument per block).
function adsrRuns(
  S: Float64Array, o: number, W: Float64Array, out: number, lo: number, hi: number,
  V: Float64Array, g: number, gVi: number, aVi: number, dVi: number, sVi: number, rVi: number, P: Float64Array,
): void {
  const gk = V[gVi], sk = V[sVi]
  const sus = sk > 0 ? (sk < 1 ? sk : 1) : 0
  let i = lo
  while (i < hi) {
    const high = (g < 0 ? gk : W[g + i]) > 0
    gateEdge(S, o, high, V, rVi, P)
    const stage = S[o]
    if (g >= 0 && (stage === SUSTAIN || stage === IDLE)) {
      // A held level (most of a long note, and the silence between notes): written while the gate
      // is checked, in one pass where finding the gate's change and then writing took two.
      const v = stage === SUSTAIN ? sus : 0
      S[o + 1] = v
      if (high) while (i < hi && W[g + i] > 0) W[out + i++] = v
      else while (i < hi && !(W[g + i] > 0)) W[out + i++] = v
      continue
    }
    // The gate holds up to j. A loop for each level of the gate: `W[g + j] > 0 === high` made
    // a boolean of each sample and compared it.
    let j = i + 1
    if (g < 0) j = hi
    else if (high) while (j < hi && W[g + j] > 0) j++
    else while (j < hi && !(W[g + j] > 0)) j++
    stages(S, o, W, out, i, j, V, aVi, dVi, sVi, P)
    i = j
  }
}

/// adsrRuns with its gate a trig of constant rate and duty that nothing else reads (`adsr(trig(2),
/// ...)`, the generator's fusion): the gate's runs come from the trig's clock (trigRun, its state at
/// `t` kept as trigBlock keeps it) instead of a row the trig fills and the envelope scans. The same
/// samples as the two kernels one after the other. Eight of P1's envelopes with their trigs: 1.82
/// against 0.76 us per block (Chromium).
export function adsrTrigBlock(
  S: Float64Array, o: number, t: number, W: Float64Array, out: number, lo: number, hi: number,
  V: Float64Array, rateVi: number, dutyVi: number, aVi: number, dVi: number, sVi: number, rVi: number, P: Float64Array,
): void {
  let i = lo
  while (i < hi) {
    const r = trigRun(S, t, V, rateVi, dutyVi, P, i, hi)
    const j = i + (r >> 1)
    gateEdge(S, o, (r & 1) === 1, V, rVi, P)
    stages(S, o, W, out, i, j, V, aVi, dVi, sVi, P)
    i = j
  }
}

/// The gate's level from this sample on: a rise starts the attack, a fall the release, whose step
/// is taken from the level it falls from (adsrStep's rules). State as adsrStep keeps it.
///
/// This and `stages` take the times by index into V and the sample period from P, as kernels
/// do: a call V8 does not inline boxes each double it passes (16 bytes of garbage), and whether
/// V8 inlined these into adsrRuns and adsrTrigBlock varied from run to run (P1 allocated 260 bytes
/// a block, P4 1 KB; now nothing).
function gateEdge(S: Float64Array, o: number, high: boolean, V: Float64Array, rVi: number, P: Float64Array): void {
  const rk = V[rVi], isr = P[2]
  const was = S[o + 2] > 0
  if (high && !was) S[o] = ATTACK
  else if (!high && was) {
    S[o] = RELEASE
    const v = S[o + 1]
    S[o + 3] = rk > isr ? v * isr / rk : v
  }
  S[o + 2] = high ? 1 : 0
}

/// The envelope from sample k to j with its gate held, into W at `out`: each stage a tight loop
/// until it ends or j comes; stage and level from and back to S.
function stages(S: Float64Array, o: number, W: Float64Array, out: number, k: number, j: number, V: Float64Array, aVi: number, dVi: number, sVi: number, P: Float64Array): void {
  const ak = V[aVi], dk = V[dVi], sk = V[sVi], isr = P[2]
  // The steps of constant times (the same expressions adsrStep evaluates per sample).
  const sus = sk > 0 ? (sk < 1 ? sk : 1) : 0
  const attackK = ak > isr ? isr / ak : 1, decayK = dk > isr ? (1 - sus) * isr / dk : 1
  let stage = S[o]
  let v = S[o + 1]
  const step = S[o + 3]
  while (k < j) {
    if (stage === ATTACK) {
      while (k < j) {
        v += attackK
        if (v >= 1) {
          v = 1
          stage = DECAY
          W[out + k++] = v
          break
        }
        W[out + k++] = v
      }
    } else if (stage === DECAY) {
      while (k < j) {
        v -= decayK
        if (v <= sus) {
          v = sus
          stage = SUSTAIN
          W[out + k++] = v
          break
        }
        W[out + k++] = v
      }
    } else if (stage === RELEASE) {
      while (k < j) {
        v -= step
        if (v <= 1e-9) {
          v = 0
          stage = IDLE
          W[out + k++] = v
          break
        }
        W[out + k++] = v
      }
    } else {
      // A held level (sustain, or silence): in wasm for a row in DSP_MEMORY (fill-loop.ts: the
      // typed array's own fill boxed the level, 48 bytes a block of P1's garbage), else a loop.
      v = stage === SUSTAIN ? sus : 0
      const rows = ROWS_AT.of(W)
      if (rows >= 0) {
        FILL_INTS[0] = rows + (out + k) * 8
        FILL_FLOATS[0] = v
        fillRun((j - k) * 8)
      } else {
        for (let q = out + k; q < out + j; q++) W[q] = v
      }
      k = j
    }
  }
  S[o] = stage
  S[o + 1] = v
}
