import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../worklet/engine/engine.ts'
import { arenaFree, classBytes, give, memoryOf, poolBytes, setPoolLimit, smallF64, takeF32, takeF64, takeLine, takeRows, touchArena } from '../../../worklet/engine/memory.ts'
import { ARENA_END, ARENA_START, DSP_MEMORY, MemoryAt } from '../../../worklet/dsp/dsp-memory.ts'
import { BLOCK } from '../../../worklet/engine/poly.ts'
import { patchOf } from '../helpers/patch.ts'
import { differing } from '../helpers/signal.ts'

const DEFAULT_LIMIT = setPoolLimit(0)
setPoolLimit(DEFAULT_LIMIT)
afterEach(() => { setPoolLimit(DEFAULT_LIMIT) })

describe('recycled memory', () => {
  it('size classes are a quarter octave apart and hold the request', () => {
    for (const bytes of [1, 1024, 1025, 4096, 5000, 65536, 100000, 786432 + 512, 3e6]) {
      const c = classBytes(bytes)
      expect(c).toBeGreaterThanOrEqual(bytes)
      expect(c).toBeLessThanOrEqual(Math.max(1024, bytes * 1.25))
      expect(classBytes(c)).toBe(c)
    }
  })

  it('an array comes back zeroed, of the length asked for, on memory another one gave back', () => {
    setPoolLimit(1 << 20)
    const a = takeF64(3000)
    a.fill(7)
    give(a)
    expect(poolBytes()).toBe(a.buffer.byteLength)
    const b = takeF64(2900)
    expect(b.buffer).toBe(a.buffer)
    expect(b.length).toBe(2900)
    expect(b.every((x) => x === 0)).toBe(true)
    expect(poolBytes()).toBe(0)
    // Given back twice, it is pooled once: two programs never get the same memory.
    give(b)
    give(b)
    expect(poolBytes()).toBe(b.buffer.byteLength)
    const c = takeF32(5000), d = takeF32(5000)
    expect(c.buffer).not.toBe(d.buffer)
  })

  it('a view into part of a buffer is not taken, nor anything past the pool size', () => {
    setPoolLimit(8192)
    const big = new Float64Array(2048)
    give(big.subarray(1024))
    give(new Float64Array(4096))
    expect(poolBytes()).toBe(0)
    give(new Float64Array(1024))
    expect(poolBytes()).toBe(8192)
  })
})

// Before 'work rows', which fills the arena (a module's, shared by the tests of this file): here it
// still has untouched room for touchArena to write.
describe('delay lines', () => {
  it('come from the arena beside the rows, zeroed when a block comes back, and touching the arena leaves them alone', () => {
    setPoolLimit(1 << 20)
    const row = takeRows(3000), line = takeLine(6000)
    expect(line).toBeInstanceOf(Float32Array)
    expect(line.length).toBe(6000)
    // (Compared as booleans: a failing toBe would print the whole wasm memory.)
    expect(line.buffer === DSP_MEMORY.buffer && row.buffer === DSP_MEMORY.buffer).toBe(true)
    expect(line.byteOffset % 8).toBe(0)
    // Neither overlaps the other.
    const [lo, hi] = row.byteOffset < line.byteOffset ? [row, line] : [line, row]
    expect(lo.byteOffset + lo.byteLength).toBeLessThanOrEqual(hi.byteOffset)
    row.fill(2)
    line.fill(0.5)
    // The arena's untouched pages are written with zeros, never what was handed out.
    touchArena()
    expect(row.every((x) => x === 2)).toBe(true)
    expect(line.every((x) => x === 0.5)).toBe(true)
    // A line given back serves the next request of its class, zeroed; a row may take it too.
    give(line)
    const again = takeLine(5900)
    expect(again.byteOffset).toBe(line.byteOffset)
    expect(again.every((x) => x === 0)).toBe(true)
    again.fill(1)
    give(again)
    const asRow = takeRows(2950)
    expect(asRow.byteOffset).toBe(line.byteOffset)
    expect(asRow.every((x) => x === 0)).toBe(true)
    give(row)
    give(asRow)
  })

  it('a program\'s delay lines are in the arena, and a reload of the same delay keeps its line', () => {
    setPoolLimit(DEFAULT_LIMIT)
    const e = new Engine(48000)
    e.load(patchOf('node e = delay(osc(saw, 220) * 0.3 + e * 0.5, 0.25, 0.2)\nout = e\n'))
    const L = new Float32Array(BLOCK), R = new Float32Array(BLOCK)
    for (let b = 0; b < 10; b++) e.process(L, R)
    const line = (e as unknown as { prog: { buffers: Float32Array[] } }).prog.buffers[0]
    expect(line.buffer === DSP_MEMORY.buffer).toBe(true)
    expect(line.length).toBeGreaterThanOrEqual(0.25 * 48000)
    e.load(patchOf('node e = delay(osc(tri, 220) * 0.3 + e * 0.5, 0.25, 0.2)\nout = e\n'))
    expect((e as unknown as { prog: { buffers: Float32Array[] } }).prog.buffers[0]).toBe(line)
    e.dispose()
  })
})

describe('work rows', () => {
  it('come from the DSP memory\'s arena, zeroed, never twice at once, and from memory of their own once it is full', () => {
    setPoolLimit(1 << 20)
    const a = takeRows(5000), b = takeRows(5000)
    for (const r of [a, b]) {
      expect(r.buffer).toBe(DSP_MEMORY.buffer)
      expect(r.byteOffset).toBeGreaterThanOrEqual(ARENA_START)
      expect(r.byteOffset + r.byteLength).toBeLessThanOrEqual(ARENA_END)
      expect(r.length).toBe(5000)
    }
    // Apart, and told apart when given back (their buffer is the same).
    expect(Math.abs(a.byteOffset - b.byteOffset)).toBeGreaterThanOrEqual(5000 * 8)
    expect(memoryOf(a)).not.toBe(memoryOf(b))
    a.fill(3)
    give(a)
    give(a) // twice: still handed out once
    const c = takeRows(4900), d = takeRows(4900)
    expect(c.byteOffset).toBe(a.byteOffset)
    expect(d.byteOffset).not.toBe(a.byteOffset)
    expect(c.every((x) => x === 0)).toBe(true)
    // A view into a block is not taken.
    give(b.subarray(128))
    const e = takeRows(5000)
    expect(e.byteOffset).not.toBe(b.byteOffset)
    // The arena full: rows of their own, pooled as other arrays are.
    const rows: Float64Array[] = []
    const megabytes = (ARENA_END - ARENA_START) / (1 << 20)
    for (let k = 0; k < megabytes + 10; k++) rows.push(takeRows(1 << 17))
    const own = rows.filter((r) => r.buffer !== DSP_MEMORY.buffer)
    expect(own.length).toBeGreaterThanOrEqual(10)
    expect(own.every((r) => r.byteOffset === 0 && r.every((x) => x === 0))).toBe(true)
    // Full (its last bytes taken by small rows too), a larger block given back serves smaller
    // requests from its start, one after another, zeroed.
    const filled: Float64Array[] = []
    for (let r = takeRows(3000); r.buffer === DSP_MEMORY.buffer; r = takeRows(3000)) filled.push(r)
    const big = rows.find((r) => r.buffer === DSP_MEMORY.buffer)!
    big.fill(5)
    give(big)
    const small = takeRows(3000), next = takeRows(3000)
    expect(small.buffer === DSP_MEMORY.buffer && next.buffer === DSP_MEMORY.buffer).toBe(true)
    expect(small.byteOffset).toBe(big.byteOffset)
    expect(next.byteOffset).toBe(big.byteOffset + 3000 * 8)
    expect(small.every((x) => x === 0) && next.every((x) => x === 0)).toBe(true)
    // Everything back, for the tests after this one (the arena is the module's).
    for (const r of [a, b, c, d, e, small, next, ...filled, ...rows]) give(r)
  })

  it('given back, blocks merge with their free neighbours: a request larger than each fits once they adjoin', () => {
    setPoolLimit(1 << 20)
    // The whole arena taken in blocks of 64 KB.
    const blocks: Float64Array[] = []
    for (let r = takeRows(8192); r.buffer === DSP_MEMORY.buffer; r = takeRows(8192)) blocks.push(r)
    expect(blocks.length).toBeGreaterThan(100)
    expect(arenaFree().largest).toBeLessThan(8192 * 8)
    for (const r of blocks) r.fill(9)
    // Every other block back: half the arena free, in pieces (with what the blocks left between
    // them) too small for three blocks' worth.
    for (let i = 0; i < blocks.length; i += 2) give(blocks[i])
    expect(arenaFree().bytes).toBeGreaterThanOrEqual((blocks.length / 2 - 1) * 8192 * 8)
    const tooBig = takeRows(3 * 8192)
    expect(tooBig.buffer === DSP_MEMORY.buffer).toBe(false)
    // The others back: all of it one extent again, which serves the request, zeroed.
    for (let i = 1; i < blocks.length; i += 2) give(blocks[i])
    expect(arenaFree().largest).toBeGreaterThanOrEqual(blocks.length * 8192 * 8)
    const fits = takeRows(3 * 8192)
    expect(fits.buffer === DSP_MEMORY.buffer).toBe(true)
    expect(fits.every((x) => x === 0)).toBe(true)
    give(fits)
    expect(arenaFree().extents).toBe(1)
  })
})

describe('where a row lies', () => {
  it('MemoryAt gives a row\'s byte offset in the DSP memory and -1 for one elsewhere, whichever it was asked about before', () => {
    const at = new MemoryAt()
    const inside = takeRows(256), other = takeRows(128), outside = new Float64Array(256)
    const line = takeLine(1000), lineOutside = new Float32Array(1000)
    expect(inside.buffer).toBe(DSP_MEMORY.buffer)
    expect(line.buffer).toBe(DSP_MEMORY.buffer)
    // Asked in turns and twice running: the one it remembers must never answer for another.
    const order = [inside, inside, outside, inside, other, outside, outside, line, lineOutside, other, line]
    for (const a of order) expect(at.of(a)).toBe(a.buffer === DSP_MEMORY.buffer ? a.byteOffset : -1)
    expect(at.of(inside)).toBeGreaterThanOrEqual(ARENA_START)
    expect(at.of(other)).not.toBe(at.of(inside))
    give(inside)
    give(other)
    give(line)
  })
})

describe('small arrays', () => {
  it('are zeroed views that never share memory, across slabs, and never go to the pool', () => {
    setPoolLimit(1 << 20)
    // 16-step tables, as a sequencer's: 200 of them (25 KB) fill more than one slab.
    const arrays = Array.from({ length: 200 }, () => smallF64(16))
    for (const a of arrays) {
      expect(a.length).toBe(16)
      expect(a.every((x) => x === 0)).toBe(true)
    }
    arrays.forEach((a, i) => a.fill(i + 1))
    arrays.forEach((a, i) => expect(a.every((x) => x === i + 1)).toBe(true))
    expect(new Set(arrays.map((a) => a.buffer)).size).toBeGreaterThan(1)
    for (const a of arrays) give(a)
    expect(poolBytes()).toBe(0)
    // Longer than a slab's eighth: memory of its own.
    const long = smallF64(4096)
    expect(long.byteOffset).toBe(0)
    expect(long.buffer.byteLength).toBe(4096 * 8)
  })
})

// Shapes with delay lines (kept across reloads by key, so shared with the fading program), voices
// with echoes, and rows of different sizes.
const SHAPES = [
  [
    'piano_roll pads = [c3+g3 _ e3 _]',
    'voice pad(freq, gate) {',
    '  node env = adsr(gate, 5ms, 100ms, 0.6, 80ms)',
    '  node tail = delay(osc(saw, freq) * env, 0.05, 0.4)',
    '  out = tail',
    '}',
    'node keys = poly(pad, pads, rate: 8)',
    'node tone = osc(saw, 220)',
    'node e = delay(tone * 0.3 + keys * 0.2, 0.11, 0.6)',
    'out = e * 0.5',
  ],
  [
    'node tone = osc(saw, 220)',
    'node f = filter(lp, tone, 900, 2)',
    'node e = delay(f * 0.3, 0.11, 0.6)',
    'node echo = delay(e, 0.31, 0.5)',
    'out = (e + echo) * 0.4',
  ],
  [
    'piano_roll pads = [c3+g3 _ e3 _]',
    'voice pad(freq, gate) {',
    '  node env = adsr(gate, 5ms, 100ms, 0.6, 80ms)',
    '  out = osc(tri, freq) * env',
    '}',
    'node keys = poly(pad, pads, rate: 8)',
    'node lfo = osc(sine, 3)',
    'node tone = osc(saw, 220 + lfo * 4)',
    'node echo = delay(tone * 0.2 + keys * 0.3, 0.2, 0.5)',
    'out = echo * 0.5 + keys * 0.2',
  ],
].map((lines) => patchOf(lines.join('\n') + '\n'))

/// Plays SHAPES in turn, a load at each block in `at` (some inside one crossfade, so several
/// programs fade at once), and in block `fail` makes the running program's code throw (the
/// engine falls back to the last good one). Returns the left channel.
function play(blocks: number, at: number[], fail: number): Float32Array {
  const e = new Engine(48000)
  const out = new Float32Array(blocks * BLOCK)
  let k = 0
  for (let b = 0; b < blocks; b++) {
    if (b === 0 || at.includes(b)) e.load(SHAPES[k++ % SHAPES.length])
    if (b === fail) (e as unknown as { prog: { main: () => never } }).prog.main = () => { throw new Error('boom') }
    const L = out.subarray(b * BLOCK, (b + 1) * BLOCK)
    e.process(L, new Float32Array(BLOCK))
  }
  e.dispose()
  return out
}

describe('programs on recycled memory', () => {
  it('sound the same as on fresh memory, through reloads, overlapping crossfades and a fallback', () => {
    const at = [20, 21, 22, 23, 60, 61, 120, 180, 181, 240, 300, 301, 302, 303, 304, 360, 420]
    setPoolLimit(0)
    const fresh = play(480, at, 250)
    setPoolLimit(DEFAULT_LIMIT)
    // Memory left in the pool by an earlier run is dirty: a first run fills it.
    play(480, at, 250)
    expect(poolBytes()).toBeGreaterThan(0)
    const recycled = play(480, at, 250)
    expect(differing(recycled, fresh)).toBe(0)
    // The sound is there (a silent render would match too).
    let e = 0
    for (const x of fresh) e += x * x
    expect(Math.sqrt(e / fresh.length)).toBeGreaterThan(0.01)
  })

  it('a reload takes memory a retired program gave back', () => {
    setPoolLimit(DEFAULT_LIMIT)
    const e = new Engine(48000)
    const L = new Float32Array(BLOCK), R = new Float32Array(BLOCK)
    for (let k = 0; k < 4; k++) {
      e.load(SHAPES[k % SHAPES.length])
      for (let b = 0; b < 40; b++) e.process(L, R)
    }
    // The first program is neither running, fading, nor kept to fall back to.
    const before = poolBytes()
    expect(before).toBeGreaterThan(0)
    e.load(SHAPES[1])
    expect(poolBytes()).toBeLessThan(before)
    e.dispose()
  })
})
