// The sine banks' wasm loops (worklet/dsp/sine-loops.ts) against the JS loops they replaced, bit for
// bit: every bank size's grouping (fours, a pair, one), each way a sum lands (added, written scaled,
// written times a gain row), in a row in DSP_MEMORY's arena (straight from the loops) and in one
// outside it (through LOOP_ROW).
import { describe, expect, it } from 'vitest'
import { OSC_INIT, oscBank } from '../../../worklet/dsp/osc.ts'
import { PHASE_SHIFT } from '../../../worklet/dsp/table-sizes.ts'
import { sineSlopes } from '../../../worklet/dsp/wavetable.ts'
import { takeRows } from '../../../worklet/engine/memory.ts'

const SHIFT = PHASE_SHIFT, FRACTION = 2 ** SHIFT - 1, TWO32 = 2 ** 32
const toInt = (p: number) => (p * TWO32) | 0
const toPhase = (p: number) => (p >>> 0) / TWO32

/// osc.ts's JS sine bank as it was before its loops went to wasm: groups of four, then two, then
/// one, each sum written left to right; the first group writes (scaled, or scaled times the gain
/// row when the bank is one group of two or four), the others add; a gain row it did not take is
/// multiplied in after.
function reference(S: Float64Array, base: number, slots: Int32Array, V: Float64Array, vals: Int32Array, W: Float64Array, out: number, lo: number, hi: number, isr: number, mode: number, kVi: number, g: number): void {
  const { table: T, slope: D } = sineSlopes()
  const k = mode === 0 || kVi < 0 ? 1 : mode === 2 ? 1 / V[kVi] : V[kVi]
  let keep = mode === 0
  const n = slots.length
  const gi = g >= 0 && !keep && (n === 2 || n === 4) ? g : -1
  let u = 0
  const group = (size: number) => {
    const o = Array.from({ length: size }, (_, j) => base + slots[u + j])
    const p = o.map((x) => toInt(S[x]))
    const d = Array.from({ length: size }, (_, j) => toInt(V[vals[u + j]] * isr))
    for (let i = lo; i < hi; i++) {
      let y = 0
      for (let j = 0; j < size; j++) {
        const at = p[j] >>> SHIFT
        y = j === 0 ? T[at] + (p[j] & FRACTION) * D[at] : y + T[at] + (p[j] & FRACTION) * D[at]
      }
      W[out + i] = keep ? W[out + i] + y : gi < 0 ? y * k : y * k * W[gi + i]
      for (let j = 0; j < size; j++) p[j] = (p[j] + d[j]) | 0
    }
    o.forEach((x, j) => (S[x] = toPhase(p[j])))
    keep = true
    u += size
  }
  while (u + 3 < n) group(4)
  while (u + 1 < n) group(2)
  while (u < n) group(1)
  if (g >= 0 && gi < 0) for (let i = lo; i < hi; i++) W[out + i] = W[out + i] * W[g + i]
}

describe('wasm sine loops', () => {
  it('give the JS sine bank bit for bit: banks of 1 to 11, added, written, scaled, with a gain row, in the arena and outside it', () => {
    let seed = 11
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) | 0) >>> 0) / 2 ** 32
    const arena = takeRows(1024), own = new Float64Array(1024)
    let checked = 0, loud = 0, mismatches = 0
    for (let trial = 0; trial < 264; trial++) {
      const n = 1 + (trial % 11)
      const mode = (trial >> 2) % 3, scaled = trial % 2 === 0
      const withGain = trial % 4 >= 2
      const W = trial % 8 < 4 ? arena : own
      const slots = Int32Array.from({ length: n }, (_, j) => 3 * j)
      const vals = Int32Array.from({ length: n }, (_, j) => j)
      // Frequencies up to near Nyquist, and negative ones: the phases wrap both ways.
      const V = Float64Array.from({ length: n + 1 }, (_, j) => (j < n ? (rnd() - 0.3) * 20000 : 0.25 + rnd()))
      const kVi = scaled ? n : -1
      const S = new Float64Array(3 * n), R = new Float64Array(3 * n)
      for (let j = 0; j < n; j++) {
        S.set(OSC_INIT, 3 * j)
        S[3 * j] = rnd()
        R[3 * j] = S[3 * j]
      }
      const [lo, hi] = trial % 3 === 0 ? [0, 128] : trial % 3 === 1 ? [5, 117] : [40, 41]
      const out = 0, g = withGain ? 512 : -1
      for (let i = 0; i < 1024; i++) W[i] = rnd() * 2 - 1
      const expected = Float64Array.from(W)
      reference(R, 0, slots, V, vals, expected, out, lo, hi, 1 / 48000, mode, kVi, g)
      // Two blocks, so that the phases the first leaves are the second's start.
      const P = Float64Array.of(0, 0, 1 / 48000)
      for (let block = 0; block < 2; block++) {
        if (block === 1) reference(R, 0, slots, V, vals, expected, out, lo, hi, 1 / 48000, mode, kVi, g)
        oscBank(S, 0, slots, V, vals, 0, 1, W, out, lo, hi, P, mode, kVi, g)
        for (let i = 0; i < 1024; i++) {
          if (!Object.is(W[i], expected[i])) mismatches++
          if (i >= lo && i < hi && Math.abs(W[i]) > 0.1) loud++
          checked++
        }
        for (let j = 0; j < n; j++) expect(S[3 * j], `trial ${trial}: sine ${j}'s phase`).toBe(R[3 * j])
      }
    }
    expect(checked).toBe(264 * 2 * 1024)
    expect(loud).toBeGreaterThan(264 * 30)
    expect(mismatches).toBe(0)
  })
})
