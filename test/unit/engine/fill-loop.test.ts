// The wasm fill (worklet/dsp/fill-loop.ts) against the typed array's own fill: every run length of
// a block and past it, even and odd, from even and odd starts, levels of every kind (-0 and NaN
// kept bit for bit), and nothing written outside the run.
import { describe, expect, it } from 'vitest'
import { FILL_FLOATS, FILL_INTS } from '../../../worklet/dsp/dsp-memory.ts'
import { fillRun } from '../../../worklet/dsp/fill-loop.ts'
import { takeRows } from '../../../worklet/engine/memory.ts'

describe('the wasm fill', () => {
  it('writes the level over exactly the run, as fill does', () => {
    const row = takeRows(300), expected = new Float64Array(300)
    const bits = (a: Float64Array) => new Uint32Array(a.buffer, a.byteOffset, a.length * 2)
    let runs = 0
    for (const level of [0.7, 0, -0, 1, -1e-300, 5e-324, NaN, Infinity]) {
      for (let start = 0; start < 4; start++) {
        for (let length = 0; length <= 131; length++) {
          // A pattern around the run, so a store outside it shows.
          for (let i = 0; i < 300; i++) row[i] = expected[i] = i + 0.25
          expected.fill(level, 3 + start, 3 + start + length)
          FILL_INTS[0] = row.byteOffset + (3 + start) * 8
          FILL_FLOATS[0] = level
          fillRun(length * 8)
          expect(bits(row)).toEqual(bits(expected))
          runs++
        }
      }
    }
    expect(runs).toBe(8 * 4 * 132)
  })
})
