import { describe, expect, it } from 'vitest'
import { OSC_INIT, oscBank, oscTable, oscTableBlock } from '../../../worklet/dsp/osc.ts'
import { takeRows } from '../../../worklet/engine/memory.ts'
import { sleb, uleb } from '../../../worklet/dsp/wasm-encode.ts'
import { table1, table1x, table2, table2a, table2x, table2xa, table3, table3a, table3x, table3xa } from '../../../worklet/dsp/table-loops.ts'
import { LOOP_FLOATS, LOOP_INTS, LOOP_ROW, WAVES } from '../../../worklet/dsp/dsp-memory.ts'
import { PHASE_SHIFT, TABLE_SIZE, WAVE_TABLE_LENGTH } from '../../../worklet/dsp/table-sizes.ts'
import { waveBase } from '../../../worklet/dsp/wavetable.ts'

const FRACTION = 2 ** PHASE_SHIFT - 1, FSCALE = 1 / 2 ** PHASE_SHIFT

/// Point i of the table at `t` (a WAVES index): its value, the first of its two doubles; the table
/// wraps round.
const point = (t: number, i: number) => WAVES[t + 2 * (i % TABLE_SIZE)]

/// osc.ts's interpolation as its JS loops wrote it before WAVES held slopes, from the values alone:
/// table at `b`, phase p, the next table weighted by w.
function reference(b: number, p: number, w: number): number {
  const i = p >>> PHASE_SHIFT, f = (p & FRACTION) * FSCALE
  const y = point(b, i) + f * (point(b, i + 1) - point(b, i))
  if (w === 0) return y
  const e = b + WAVE_TABLE_LENGTH
  return y + w * (point(e, i) + f * (point(e, i + 1) - point(e, i)) - y)
}

describe('wasm encoding', () => {
  it('writes LEB128 as the format defines it', () => {
    expect(uleb(0)).toEqual([0])
    expect(uleb(127)).toEqual([0x7f])
    expect(uleb(128)).toEqual([0x80, 0x01])
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26])
    expect(sleb(0)).toEqual([0])
    expect(sleb(63)).toEqual([0x3f])
    expect(sleb(64)).toEqual([0xc0, 0x00])
    expect(sleb(-1)).toEqual([0x7f])
    expect(sleb(-65)).toEqual([0xbf, 0x7f])
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78])
    expect(sleb(2 ** 21 - 1)).toEqual([0xff, 0xff, 0xff, 0x00])
  })
})

describe('wasm table loops', () => {
  it('give the JS interpolation bit for bit: one, two and three oscillators, with and without the crossfade, written or added, any count and scale', () => {
    const saw = waveBase('saw'), tri = waveBase('tri')
    let seed = 7
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) | 0) >>> 0) / 2 ** 32
    let mismatches = 0, loud = 0
    for (let trial = 0; trial < 60; trial++) {
      const count = 1 + (trial % 3), fade = trial % 2 === 1
      const base = trial % 4 < 2 ? saw : tri
      const tables = Array.from({ length: count }, () => base + Math.floor(rnd() * 59) * WAVE_TABLE_LENGTH)
      const b = tables.map((t) => t * 8)
      const p = Array.from({ length: count }, () => (rnd() * 2 ** 32) | 0)
      // Increments of either sign, up to a tenth of the table per sample: the phases wrap often.
      const d = Array.from({ length: count }, () => ((rnd() - 0.5) * 2 ** 29) | 0)
      const w = Array.from({ length: count }, () => (fade ? rnd() : 0))
      const n = [1, 7, 128][trial % 3 === 0 ? 2 : trial % 5 === 0 ? 0 : 1]
      const k = trial % 3 === 2 ? 1 : rnd() * 2 - 1
      // Adding loops (two or three oscillators) add to what the row held.
      const adds = count > 1 && trial % 4 >= 2
      const before = Array.from({ length: 128 }, (_, i) => Math.cos(i * trial))
      LOOP_ROW.set(before)
      if (n < 128) LOOP_ROW[n] = NaN
      LOOP_INTS[9] = LOOP_ROW.byteOffset
      for (let j = 0; j < count; j++) {
        LOOP_INTS[j] = b[j]
        LOOP_INTS[3 + j] = p[j]
        LOOP_INTS[6 + j] = d[j]
        LOOP_FLOATS[j] = w[j]
      }
      LOOP_FLOATS[3] = k
      const loop = [[table1, table1x, table1, table1x], [table2, table2x, table2a, table2xa], [table3, table3x, table3a, table3xa]][count - 1][(fade ? 1 : 0) + (adds ? 2 : 0)]
      loop(n)
      for (let i = 0; i < n; i++) {
        let y = 0
        for (let j = 0; j < count; j++) {
          const v = reference(tables[j], (p[j] + Math.imul(i, d[j])) | 0, w[j])
          y = j === 0 ? v : y + v
        }
        if (!Object.is(LOOP_ROW[i], adds ? before[i] + y * k : y * k)) mismatches++
        if (Math.abs(y) > 0.3) loud++
      }
      // Past n, nothing written; each phase left advanced by n samples.
      if (n < 128 && !Number.isNaN(LOOP_ROW[n])) mismatches++
      for (let j = 0; j < count; j++) if (LOOP_INTS[3 + j] !== ((p[j] + Math.imul(n, d[j])) | 0)) mismatches++
    }
    expect(loud).toBeGreaterThan(1000)
    expect(mismatches).toBe(0)
  })

  it('a saw rendered in uneven spans gives the per-sample oscillator\'s samples, in and out of a crossfade', () => {
    const saw = waveBase('saw')
    const P = Float64Array.of(2, 48000, 1 / 48000, 0)
    let mismatches = 0
    for (const hz of [110, 165, 2345.6, -300]) {
      const S = new Float64Array(OSC_INIT), R = new Float64Array(OSC_INIT)
      const V = Float64Array.of(hz)
      const W = new Float64Array(128)
      const spans = [[0, 1], [1, 64], [64, 65], [65, 128], [0, 128], [3, 3], [0, 127]]
      for (let b = 0; b < 50; b++) {
        const [lo, hi] = spans[b % spans.length]
        oscTableBlock(S, 0, saw, W, 0, lo, hi, V, -1, 0, P)
        for (let i = lo; i < hi; i++) if (W[i] !== oscTable(R, 0, hz / 48000, saw)) mismatches++
      }
    }
    expect(mismatches).toBe(0)
  })

  it('write a row in the DSP memory\'s arena directly, with the samples they leave in a row of its own', () => {
    const saw = waveBase('saw')
    const P = Float64Array.of(2, 48000, 1 / 48000, 0)
    const slots = Int32Array.of(0, 4, 8, 12, 16), vals = Int32Array.of(0, 1, 2, 3, 4)
    const V = Float64Array.of(110, 165, 331, -77, 1234.5, 3)
    const arena = takeRows(512), own = new Float64Array(512)
    const S = new Float64Array(20), R = new Float64Array(20)
    for (const o of slots) { S.set(OSC_INIT, o); R.set(OSC_INIT, o) }
    let mismatches = 0, loud = 0
    for (let b = 0; b < 60; b++) {
      const lo = b % 3 === 0 ? 0 : (b * 17) % 100, hi = b % 3 === 0 ? 128 : lo + 1 + ((b * 29) % 28), mode = b % 3
      for (let i = 0; i < 512; i++) arena[i] = own[i] = Math.sin(i + b)
      oscBank(S, 0, slots, V, vals, saw, 0, arena, 256, lo, hi, P, mode, 5, -1)
      oscBank(R, 0, slots, V, vals, saw, 0, own, 256, lo, hi, P, mode, 5, -1)
      for (let i = 0; i < 512; i++) {
        if (!Object.is(arena[i], own[i])) mismatches++
        if (i >= 256 + lo && i < 256 + hi && Math.abs(arena[i]) > 0.5) loud++
      }
    }
    expect(arena.buffer).not.toBe(own.buffer)
    expect(loud).toBeGreaterThan(500)
    expect(mismatches).toBe(0)
  })
})
