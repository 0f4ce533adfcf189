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

import { ARENA_END, ARENA_START, DSP_MEMORY } from '../dsp/dsp-memory.ts'

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

/// Work rows (a program's W, a poly's voice rows) and delay lines live in DSP_MEMORY's arena while
/// it has room. Rows there are written directly by the wasm table loops (osc.ts; a row elsewhere
/// costs a copy from their own, P1's saws about 20% more). And the arena's pages are all touched
/// once, when the worklet starts (`touchArena`), so a load never faults a page in on the audio
/// thread. A recycled buffer from the allocator did: a delay line's program writes only the part
/// its write position has passed, and zeroing the rest for the next program faulted in every page
/// of it (the 200-line bench patch's 1.2 MB of lines: a second load at 4-6 ms in the worklet
/// instead of 1-1.5).
///
/// The arena's free memory is a list of extents in address order. A request takes the start of
/// the smallest extent it fits (best fit), and a block given back merges with the free extents on
/// either side. Blocks used to be handed out by size class and kept in lists per class, never
/// merged. In a session of 3,000 delay-time and shape edits on sixteen delay lines of up to 4 s
/// (bench/arena-session.ts), the first request the arena could not serve came with 9.1 of its 16
/// MB in use, and 14 of the session's 937 rows and lines took memory of their own (takeF64,
/// takeF32, as a request still does when no extent is large enough); merged, the first came at
/// 11.6 MB, and 3 did (twelve lines: 5 and none; twenty-four: 51 and 33). The free list stays
/// short (10-16 extents in those sessions), so a load's few requests scan it in no time.
const ARENA = DSP_MEMORY.buffer
/// Blocks are whole multiples of this (a cache line; Float64Array and the wasm loops need 8 or 16).
const ALIGN = 64
/// The free extents, in address order: offsets and sizes in bytes.
const freeAt: number[] = [ARENA_START]
const freeSize: number[] = [ARENA_END - ARENA_START]
/// Below this offset the arena may hold what a program wrote; from it on, only the zeros it started
/// with (or touchArena wrote), so a block there needs no clearing.
let pristine = ARENA_START
/// The size of each block handed out, by its byte offset.
const arenaTaken = new Map<number, number>()

/// A block of the arena for a request of `bytes`: its byte offset, or -1 when no extent is large enough.
function arenaBlock(bytes: number): number {
  const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN)
  let best = -1
  for (let i = 0; i < freeAt.length; i++) if (freeSize[i] >= size && (best < 0 || freeSize[i] < freeSize[best])) best = i
  if (best < 0) return -1
  const at = freeAt[best]
  if (freeSize[best] === size) removeExtent(best)
  else {
    freeAt[best] = at + size
    freeSize[best] -= size
  }
  arenaTaken.set(at, size)
  return at
}

/// Bytes at the start of a new block that may hold an earlier program's samples (the rest is
/// pristine), and moves `pristine` past the block.
function dirtyBytes(at: number): number {
  const end = at + arenaTaken.get(at)!
  const dirty = Math.max(0, Math.min(end, pristine) - at)
  if (end > pristine) pristine = end
  return dirty
}

// The free list is edited in place (shifting elements), not by splice, which makes an array of
// what it removes: this runs on the audio thread, in a load.
function removeExtent(i: number): void {
  for (let j = i + 1; j < freeAt.length; j++) {
    freeAt[j - 1] = freeAt[j]
    freeSize[j - 1] = freeSize[j]
  }
  freeAt.pop()
  freeSize.pop()
}

/// Returns the block at `at` of `size` bytes to the free list, merged with its free neighbours.
function freeExtent(at: number, size: number): void {
  let i = 0
  while (i < freeAt.length && freeAt[i] < at) i++
  const joinsPrev = i > 0 && freeAt[i - 1] + freeSize[i - 1] === at
  const joinsNext = i < freeAt.length && at + size === freeAt[i]
  if (joinsPrev && joinsNext) {
    freeSize[i - 1] += size + freeSize[i]
    removeExtent(i)
  } else if (joinsPrev) freeSize[i - 1] += size
  else if (joinsNext) {
    freeAt[i] = at
    freeSize[i] += size
  } else {
    freeAt.push(0)
    freeSize.push(0)
    for (let j = freeAt.length - 1; j > i; j--) {
      freeAt[j] = freeAt[j - 1]
      freeSize[j] = freeSize[j - 1]
    }
    freeAt[i] = at
    freeSize[i] = size
  }
}

/// A Float64Array of `length` zeros for work rows: in the arena while it has room, else takeF64's.
export function takeRows(length: number): Float64Array {
  const at = arenaBlock(length * 8)
  if (at < 0) return takeF64(length)
  const a = new Float64Array(ARENA, at, length)
  const dirty = dirtyBytes(at)
  return dirty > 0 ? a.fill(0, 0, Math.ceil(dirty / 8)) : a
}

/// A Float32Array of `length` zeros for a delay line: in the arena while it has room, else takeF32's.
export function takeLine(length: number): Float32Array {
  const at = arenaBlock(length * 4)
  if (at < 0) return takeF32(length)
  const a = new Float32Array(ARENA, at, length)
  const dirty = dirtyBytes(at)
  return dirty > 0 ? a.fill(0, 0, Math.ceil(dirty / 4)) : a
}

/// The arena's free memory: how many extents, their bytes in all, and the largest (for tests and
/// the bench's session tools).
export function arenaFree(): { extents: number; bytes: number; largest: number } {
  let bytes = 0, largest = 0
  for (const size of freeSize) {
    bytes += size
    if (size > largest) largest = size
  }
  return { extents: freeAt.length, bytes, largest }
}

/// Writes every page of the arena not yet handed out (zeros over zeros), so the OS maps them now
/// rather than on a program's first write. Once per worklet scope, at its start (warmScope).
export function touchArena(): void {
  if (pristine < ARENA_END) new Float64Array(ARENA, pristine, (ARENA_END - pristine) / 8).fill(0)
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
    const size = arenaTaken.get(a.byteOffset)
    if (size === undefined) return
    arenaTaken.delete(a.byteOffset)
    // No recycling (a pool limit of 0, for tests) leaves the block unused.
    if (limit === 0) return
    freeExtent(a.byteOffset, size)
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
