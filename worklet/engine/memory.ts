/// The big typed arrays of programs (state heaps, work rows, delay lines, voice rows), from memory
/// that programs no longer played gave back.
///
/// Why: fresh memory costs a page fault on the first write to each of its pages, and a program
/// writes all of its rows and a page of every delay line in its first block, on the audio thread.
/// The 200-line bench patch (about 1.5 MB) took 3.5-5 ms to load and 1 ms for its first block in
/// Node, 0.4 and 0.2 ms once the same memory came back from the allocator (which it does at
/// random, after a garbage collection). Recycled here, a reload takes its memory from the program
/// before the last (see Engine's `collect`), and the warm-up leaves its engines' memory behind for
/// the first patch.
///
/// Buffers are kept by size class (four classes an octave, so at most a quarter is unused) up to
/// POOL_BYTES in all; what does not fit is left to the garbage collector.

import { ARENA_END, ARENA_START, DSP_MEMORY } from '../dsp/wavetable.ts'

const MIN_BYTES = 1024
/// Enough for the arrays of a few large patches (the 200-line bench patch needs 1.5 MB, P3 at
/// 4,096 oscillators about 7 MB).
const POOL_BYTES = 32 * 1024 * 1024

const pool = new Map<number, ArrayBuffer[]>()
/// The buffers now in the pool: giving one back twice would hand it to two programs.
const pooled = new Set<ArrayBuffer>()
let pooledBytes = 0
let limit = POOL_BYTES

/// The size class of a request: `bytes` rounded up to a quarter of its octave.
export function classBytes(bytes: number): number {
  if (!(bytes > MIN_BYTES)) return MIN_BYTES
  if (bytes >= 2 ** 30) return Math.ceil(bytes / 2 ** 28) * 2 ** 28
  const step = 2 ** (31 - Math.clz32(bytes)) / 4
  return Math.ceil(bytes / step) * step
}

/// A zeroed buffer of at least `bytes`: from the pool (its class or one of the two above), or new.
function take(bytes: number): { buf: ArrayBuffer; used: boolean } {
  let c = classBytes(bytes)
  for (let k = 0; k < 3; k++, c = classBytes(c + 1)) {
    const list = pool.get(c)
    const buf = list?.pop()
    if (buf) {
      pooled.delete(buf)
      pooledBytes -= buf.byteLength
      return { buf, used: true }
    }
  }
  return { buf: new ArrayBuffer(classBytes(bytes)), used: false }
}

/// A Float64Array of `length` zeros.
export function takeF64(length: number): Float64Array {
  const { buf, used } = take(length * 8)
  const a = new Float64Array(buf, 0, length)
  if (used) a.fill(0)
  return a
}

/// A Float32Array of `length` zeros.
export function takeF32(length: number): Float32Array {
  const { buf, used } = take(length * 4)
  const a = new Float32Array(buf, 0, length)
  if (used) a.fill(0)
  return a
}

/// A Float64Array holding `values`.
export function takeF64Of(values: ArrayLike<number>): Float64Array {
  const a = takeF64(values.length)
  a.set(values)
  return a
}

/// Small arrays made at every load (a sequencer's steps: two per `seq`) are views into shared
/// slabs instead of arrays of their own. Beyond 64 bytes a typed array's memory lives outside V8's
/// heap, and in Chromium making one costs 1-6 us (a Float64Array of 64: 1.1 us at best, 6.3 as a
/// median of batches); a view on an existing buffer costs next to nothing. The 200-line bench patch
/// made 80 of them per load, and again at every values-only update (a knob written into the text).
/// A slab lives while any of its views does; its memory is never handed out twice.
const SLAB_BYTES = 16 * 1024
let slab = new ArrayBuffer(0)
let slabUsed = 0
/// give() must not pool a slab (by its first view, which starts at offset 0): others use it.
const slabs = new WeakSet<ArrayBuffer>()

/// A Float64Array of `length` zeros, a view into a slab (longer ones get memory of their own).
export function smallF64(length: number): Float64Array {
  const bytes = length * 8
  if (bytes > SLAB_BYTES / 8) return new Float64Array(length)
  if (slabUsed + bytes > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES)
    slabs.add(slab)
    slabUsed = 0
  }
  const a = new Float64Array(slab, slabUsed, length)
  slabUsed += bytes
  return a
}

/// Work rows (a program's W, a poly's voice rows) live in DSP_MEMORY's arena while it has room, so
/// that the wasm table loops write them directly (osc.ts; a row elsewhere costs a copy from their
/// own, P1's saws about 20% more). Blocks of the arena are handed out by size class, as the pool's
/// buffers are, and given back to lists of their class; the arena's free memory is never handed
/// out twice. Once the arena's end is reached, a request takes the smallest free block of a larger
/// class, and what does not fit gets memory of its own (takeF64).
const ARENA = DSP_MEMORY.buffer
let arenaTop = ARENA_START
/// Free blocks by class, and the class of each block handed out (by its byte offset).
const arenaFree = new Map<number, number[]>()
const arenaTaken = new Map<number, number>()

/// A Float64Array of `length` zeros for work rows: in the arena while it has room, else takeF64's.
export function takeRows(length: number): Float64Array {
  const bytes = classBytes(length * 8)
  let c = bytes
  for (let k = 0; k < 3; k++, c = classBytes(c + 1)) {
    const at = arenaFree.get(c)?.pop()
    if (at === undefined) continue
    arenaTaken.set(at, c)
    return new Float64Array(ARENA, at, length).fill(0)
  }
  if (arenaTop + bytes > ARENA_END) {
    // The arena's end reached: the smallest free block of any larger class (a long session's
    // patches of many sizes would otherwise leave the arena full of blocks no request fits).
    let best = 0
    for (const [size, list] of arenaFree) if (size > bytes && list.length > 0 && (best === 0 || size < best)) best = size
    if (best === 0) return takeF64(length)
    const at = arenaFree.get(best)!.pop()!
    arenaTaken.set(at, best)
    return new Float64Array(ARENA, at, length).fill(0)
  }
  const at = arenaTop
  arenaTop += bytes
  arenaTaken.set(at, bytes)
  return new Float64Array(ARENA, at, length)
}

/// What identifies an array's memory for give(): its buffer, or for a block of the arena (whose
/// buffer all its blocks share) its offset.
export function memoryOf(a: Float32Array | Float64Array): ArrayBufferLike | number {
  return a.buffer === ARENA ? a.byteOffset : a.buffer
}

/// Gives an array's memory back; the caller guarantees nothing reads or writes it any more. Arrays
/// that do not own a whole buffer of a size class (views into another's memory, smallF64's) are not
/// taken, nor views into an arena block.
export function give(a: Float32Array | Float64Array): void {
  const buf = a.buffer
  if (buf === ARENA) {
    const c = arenaTaken.get(a.byteOffset)
    if (c === undefined) return
    arenaTaken.delete(a.byteOffset)
    // No recycling (a pool limit of 0, for tests) leaves the block unused.
    if (limit === 0) return
    let list = arenaFree.get(c)
    if (!list) arenaFree.set(c, (list = []))
    list.push(a.byteOffset)
    return
  }
  if (!(buf instanceof ArrayBuffer) || a.byteOffset !== 0 || pooled.has(buf) || slabs.has(buf)) return
  const bytes = buf.byteLength
  if (bytes !== classBytes(bytes) || pooledBytes + bytes > limit) return
  let list = pool.get(bytes)
  if (!list) pool.set(bytes, (list = []))
  list.push(buf)
  pooled.add(buf)
  pooledBytes += bytes
}

/// Bytes now pooled.
export function poolBytes(): number {
  return pooledBytes
}

/// Sets the pool's size in bytes (0: no recycling) and empties it; returns the previous size. For
/// tests, which compare renders with and without recycling.
export function setPoolLimit(bytes: number): number {
  const prev = limit
  limit = Math.max(0, bytes)
  pool.clear()
  pooled.clear()
  pooledBytes = 0
  return prev
}
