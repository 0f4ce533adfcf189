/// The engine: runs compiled patches block by block, in the AudioWorklet and in Node alike (no DOM).
///
///     const engine = new Engine(48000)
///     engine.load(patch)               // CompiledPatch from compile(text).patch
///     engine.process(left, right)      // fills two Float32Arrays (128 frames per call in the worklet)
///
/// A load with the running patch's `shapeKey` updates values in place; any other builds a new
/// program, carries over the state whose keys match and crossfades from the old one.

import type { CompiledPatch } from '../../src/language/patch-data.ts'
import type { TapFrame } from '../protocol.ts'
import type { Generated } from './generated.ts'
import { BLOCK, CC_ALL_NOTES_OFF, CC_ALL_SOUND_OFF, CC_SUSTAIN, polyAwake, polyStep } from './poly.ts'
import { buildProgram, carryState, rampControls, releasePrograms, resetInstance, setValues, type Program } from './program.ts'
import { objectList } from './object-list.ts'

export interface LoadResult {
  ok: boolean
  shapeKey: string
  /// True when a new function was generated (the shape changed); false for a values-only update.
  rebuilt: boolean
  ms: number
  /// State slots carried over from the previous program (rebuilds only).
  kept: number
  error?: string
}

export interface Fault {
  message: string
  /// The main-scope node at fault (the poly's node for a voice), or null.
  node: string | null
}

export interface EngineStats {
  /// Share of the real-time budget the last blocks used (smoothed), 0..1 and beyond when late.
  load: number
  voices: number
}

export interface EngineOptions {
  /// A millisecond clock for load figures (performance.now where there is one).
  now?: () => number
}

/// Length of the crossfade from the old program to the new on a rebuild.
export const CROSSFADE_SECONDS = 0.005
/// The load is measured on the blocks that start at a multiple of LOAD_MASK + 1 frames (every
/// 128th of 128, about 3 times a second at 48 kHz, smoothed; the page shows it 4 times a second).
/// Each measurement reads the clock twice, and Temporal.Now costs 2.8 us a read in Chromium's
/// worklet: at every 8th block that was 0.7 us per block, a twentieth of a small patch's whole
/// cost; at every 32nd, 0.1-0.27 us more per block than no clock at all (offline renders of
/// `out = 0.1`, 5.60 against 5.33 us a block, medians of 8; an idle node 4.7-5.3).
const LOAD_MASK = 16383
/// The heap is scanned for non-finite state at least every SCAN_BLOCKS blocks (about 85 ms).
export const SCAN_BLOCKS = 32
/// Taps keep every TAP_DECIMATION-th sample, TAP_POINTS of them per node.
export const TAP_DECIMATION = 8
export const TAP_POINTS = 256

interface Tap {
  name: string
  ring: Float32Array
  last: number
}

/// Where each tap's node is in the program's work array (-1: not in it). A function of its own,
/// by a loop: a closure over `p` in record() made V8 allocate record's context on every call,
/// taps or none (60 bytes a block).
function tapOffsets(p: Program, list: readonly Tap[]): Int32Array<ArrayBuffer> {
  const at = new Int32Array(list.length)
  for (let j = 0; j < list.length; j++) {
    const k = p.gen.nodes.indexOf(list[j].name)
    at[j] = k < 0 ? -1 : p.gen.nodeOffsets[k]
  }
  return at
}

/// A millisecond clock. AudioWorkletGlobalScope has no `performance`; its `Date.now()` counts in
/// 1 ms steps, which made the load figure of a 40 us block read anything from 0 to 8 %, while
/// `Temporal.Now` (Chromium) counts in 0.1 ms steps.
type TemporalNow = { Now: { instant(): { epochNanoseconds: bigint } } }
const defaultNow: () => number = (() => {
  const p = (globalThis as { performance?: { now(): number } }).performance
  if (p) return () => p.now()
  const t = (globalThis as { Temporal?: TemporalNow }).Temporal
  if (t) {
    const base = t.Now.instant().epochNanoseconds
    return () => Number(t.Now.instant().epochNanoseconds - base) / 1e6
  }
  return () => Date.now()
})()

export class Engine {
  readonly sampleRate: number
  private prog: Program | null = null
  /// The last program that rendered a block without throwing, and the one before it.
  private good: Program | null = null
  private prevGood: Program | null = null
  /// Programs fading out after rebuilds: each from its weight when it was replaced down to 0 over
  /// the crossfade; the running program gets what they leave. Several edits inside one crossfade
  /// thus stay continuous.
  private readonly fades = objectList<{ prog: Program; from: number; pos: number; l: Float32Array; r: Float32Array }>()
  private readonly fadeLen: number
  private faults = objectList<Fault>()
  private lastFault = new Map<string, number>()
  private tapData = new Map<string, Tap>()
  /// The taps in order, and where each one's node is in tapFor's work array (-1: not in it), found
  /// again when the program changes: record() runs every block, and a Map's entries allocated as
  /// it walked them (2.6 KB a block with 40 taps), and each tap looked its node up by name.
  private tapList = objectList<Tap>()
  private tapAt = new Int32Array(0)
  private tapFor: Program | null = null
  /// Arrays the page handed back (reuseTapArrays), for taps() to fill.
  private tapSpare = objectList<Float32Array>()
  private tapPos = 0
  private sinceScan = 0
  private frames = 0
  private loadAvg = 0
  private readonly now: () => number
  /// The programs held at the last `collect()`: running, fading, or kept to fall back to.
  private held = new Set<Program>()
  /// How many programs were generated (a values-only load does not count).
  rebuilds = 0

  constructor(sampleRate: number, options: EngineOptions = {}) {
    if (!(sampleRate >= 8000 && sampleRate <= 384000)) throw new RangeError(`Engine: sample rate ${sampleRate} out of 8000..384000`)
    this.sampleRate = sampleRate
    this.now = options.now ?? defaultNow
    this.fadeLen = Math.max(1, Math.round(CROSSFADE_SECONDS * sampleRate))
  }

  /// The running patch, or null before the first successful load.
  get patch(): CompiledPatch | null {
    return this.prog ? this.prog.patch : null
  }

  /// `code`: the patch's generated code, made by the page (see codegen.ts's `generate`) so that
  /// generating it does not take the audio thread's time; generated here when absent or for
  /// another shape.
  load(patch: CompiledPatch, code?: Generated | null): LoadResult {
    const t0 = this.now()
    const done = (r: Omit<LoadResult, 'ms' | 'shapeKey'>): LoadResult => ({ ...r, shapeKey: patch.shapeKey, ms: this.now() - t0 })
    const cur = this.prog
    if (cur && cur.patch.shapeKey === patch.shapeKey) {
      try {
        setValues(cur, patch)
        return done({ ok: true, rebuilt: false, kept: 0 })
      } catch (e) {
        return this.loadFailed(e, done)
      }
    }
    let next: Program
    try {
      next = buildProgram(patch, this.sampleRate, cur, code)
    } catch (e) {
      return this.loadFailed(e, done)
    }
    const kept = cur ? carryState(cur, next) : 0
    if (cur) {
      // The replaced program keeps the weight it had; at most 4 fade at once (the faintest goes).
      const weight = 1 - this.fades.reduce((w, f) => w + this.fadeGain(f, 0), 0)
      if (this.fades.length >= 4) this.fades.shift()
      this.fades.push({ prog: cur, from: Math.max(0, weight), pos: 0, l: new Float32Array(BLOCK), r: new Float32Array(BLOCK) })
    }
    this.prog = next
    this.rebuilds++
    this.collect()
    return done({ ok: true, rebuilt: true, kept })
  }

  private loadFailed(e: unknown, done: (r: Omit<LoadResult, 'ms' | 'shapeKey'>) => LoadResult): LoadResult {
    const error = e instanceof Error ? e.message : String(e)
    this.faults.push({ message: `the patch could not be loaded: ${error}; the previous one keeps playing`, node: null })
    return done({ ok: false, rebuilt: false, kept: 0, error })
  }

  /// Sets a knob or fader (clamped to its range); it glides there over about 10 ms unless `immediate`.
  setControl(name: string, value: number, immediate = false): boolean {
    let found = false
    for (const p of [this.prog, ...this.fades.map((f) => f.prog)]) {
      const i = p?.controlIndex.get(name)
      if (!p || i === undefined || !Number.isFinite(value)) continue
      const c = p.controls[i]
      const v = Math.min(Math.max(value, Math.min(c.min, c.max)), Math.max(c.min, c.max))
      p.target[i] = v
      if (immediate) p.current[i] = v
      found = true
    }
    return found
  }

  /// Raw MIDI: note on/off, the sustain pedal (CC 64) and all notes / sound off (CC 123 / 120) to
  /// every `poly(..., midi)`, control change to the controls mapped to it (`cc N`), pitch bend
  /// (+-2 semitones) to the midi polys' voices. Several messages may follow each other.
  midi(bytes: ArrayLike<number>): void {
    const p = this.prog
    if (!p) return
    for (let i = 0; i < bytes.length; ) {
      const status = bytes[i]
      if (status < 0x80) { i++; continue }
      const type = status & 0xf0
      const len = type === 0xc0 || type === 0xd0 ? 2 : status >= 0xf0 ? 1 : 3
      const d1 = bytes[i + 1] ?? 0, d2 = bytes[i + 2] ?? 0
      i += len
      if (type === 0x80 || type === 0x90) {
        for (const pr of p.PL) if (pr.midi) pr.events.push(status, d1, d2)
      } else if (type === 0xb0) {
        if (d1 === CC_SUSTAIN || d1 === CC_ALL_SOUND_OFF || d1 === CC_ALL_NOTES_OFF) {
          for (const pr of p.PL) if (pr.midi) pr.events.push(status, d1, d2)
        }
        for (const c of p.controls) {
          if (c.cc !== d1) continue
          const x = d2 / 127
          const v = c.curve === 'exp' && c.min > 0 && c.max > 0 ? c.min * (c.max / c.min) ** x : c.min + (c.max - c.min) * x
          this.setControl(c.name, v)
        }
      } else if (type === 0xe0) {
        // Each half scaled on its own, so both ends are exactly two semitones.
        const d = ((d2 << 7) | d1) - 8192
        const bend = 2 ** ((d / (d < 0 ? 8192 : 8191)) * (2 / 12))
        for (const pr of p.PL) if (pr.midi) pr.bend = bend
      }
    }
  }

  /// Renders left.length frames (any length; the worklet passes 128).
  process(left: Float32Array, right: Float32Array): void {
    const n = Math.min(left.length, right.length)
    if (n <= BLOCK) return this.block(left, right, n)
    for (let off = 0; off < n; off += BLOCK) {
      const m = Math.min(BLOCK, n - off)
      this.block(left.subarray(off, off + m), right.subarray(off, off + m), m)
    }
  }

  private block(L: Float32Array, R: Float32Array, n: number): void {
    // The load is sampled on one block in 128 (LOAD_MASK): a clock read costs more than a small block's
    // work in the worklet (Temporal.Now allocates), and the meter is smoothed anyway.
    const timed = (this.frames & LOAD_MASK) === 0
    const t0 = timed ? this.now() : 0
    // Programs fading out run first: where they share a delay buffer with the new one, its writes win.
    if (this.fades.length > 0) this.runFades(n)
    const p = this.prog
    if (!p || !this.run(p, L, R, n)) {
      L.fill(0, 0, n)
      R.fill(0, 0, n)
    } else {
      this.record(p, n)
    }
    if (this.fades.length > 0) {
      for (let i = 0; i < n; i++) {
        let rest = 1, l = 0, r = 0
        for (const f of this.fades) {
          const g = this.fadeGain(f, i)
          rest -= g
          l += g * f.l[i]
          r += g * f.r[i]
        }
        L[i] = l + rest * L[i]
        R[i] = r + rest * R[i]
      }
      this.advanceFades(n)
      // Each program's output is clipped (vOut); their mix is clipped again against rounding.
      for (let i = 0; i < n; i++) {
        const l = L[i], r = R[i]
        L[i] = l > 1 ? 1 : l < -1 ? -1 : l
        R[i] = r > 1 ? 1 : r < -1 ? -1 : r
      }
    }
    this.frames += n
    if (timed) this.loadAvg += 0.3 * (((this.now() - t0) * this.sampleRate) / (1000 * n) - this.loadAvg)
  }

  // The fades are kept by plain loops in methods of their own: a closure in `block` (a filter's
  // callback reading `n`) made V8 allocate block's context on every call, 48 bytes a block.

  /// Runs the fading programs, dropping any that is the current one again or whose code threw.
  private runFades(n: number): void {
    const fades = this.fades
    let k = 0
    for (let j = 0; j < fades.length; j++) {
      const f = fades[j]
      if (f.prog !== this.prog && this.run(f.prog, f.l, f.r, n)) fades[k++] = f
    }
    if (k === fades.length) return
    fades.length = k
    this.collect()
  }

  /// Moves the fades on by n samples, dropping those that have ended.
  private advanceFades(n: number): void {
    const fades = this.fades
    let k = 0
    for (let j = 0; j < fades.length; j++) {
      const f = fades[j]
      f.pos += n
      if (f.pos < this.fadeLen) fades[k++] = f
    }
    if (k === fades.length) return
    fades.length = k
    this.collect()
  }

  /// Gives back the memory of programs that are no longer running, fading or kept to fall back to
  /// (memory.ts), so a later load takes recycled pages instead of faulting in fresh ones on the
  /// audio thread. Runs only when one of those references changed.
  private collect(): void {
    const held = new Set<Program>()
    if (this.prog) held.add(this.prog)
    if (this.good) held.add(this.good)
    if (this.prevGood) held.add(this.prevGood)
    for (const f of this.fades) held.add(f.prog)
    const dead: Program[] = []
    for (const p of this.held) if (!held.has(p)) dead.push(p)
    this.held = held
    if (dead.length > 0) releasePrograms(dead, held)
  }

  /// Stops playing and gives back the memory of every program (for an engine that will not be
  /// used again: the warm-up's, a bench's).
  dispose(): void {
    this.prog = this.good = this.prevGood = null
    // Emptied, not replaced: V8 treats a field never assigned after construction as constant, and
    // the warm-up's closing dispose() replacing it deoptimised block() ("dependent field type
    // constness changed", --trace-generalization in Chromium) just before the first patch played.
    this.fades.length = 0
    this.collect()
  }

  /// Weight of a fading program at sample i of this block.
  private fadeGain(f: { from: number; pos: number }, i: number): number {
    const t = (f.pos + i + 1) / this.fadeLen
    return t >= 1 ? 0 : f.from * (1 - t)
  }

  /// Runs one program for a block; false (and a fault, and a fallback) when its code threw.
  private run(p: Program, L: Float32Array, R: Float32Array, n: number): boolean {
    rampControls(p, n)
    let bad: number
    try {
      bad = p.main(p.heap, p.V, p.CS, p.P, p.T, p.B, p.PL, p.voiceFns, p.W, L, R, n, p.K)
    } catch (e) {
      this.threw(p, e)
      return false
    }
    for (let k = 0; k < p.PL.length; k++) {
      const pr = p.PL[k]
      if (pr.faults === 0) continue
      pr.faults = 0
      const r = p.gen.polys[k]
      const node = r.k === 'poly' ? r.unit.node : null
      this.report(node, `${node}: a voice produced a value that is not a finite number and was reset`)
    }
    // Asked of the program, not as `this.good !== p`: a new engine's good is null at its first
    // block, and V8, having compared only programs there through the warm-up, deoptimised block()
    // on the null ("not a JavaScript object"): the first real patch's first 2,000 blocks then ran
    // it unoptimised (Node, --trace-deopt). A program is promoted once, and then it is good (or
    // prevGood, or replaced): the engine returns to an older one only as good (threw()).
    if (p === this.prog && !p.promoted) {
      p.promoted = true
      this.prevGood = this.good
      this.good = p
      this.collect()
    }
    this.check(p, bad, n)
    return true
  }

  private threw(p: Program, e: unknown): void {
    const msg = e instanceof Error ? e.message : String(e)
    if (p !== this.prog) {
      this.report(null, `the previous patch failed while fading out: ${msg}`)
      return
    }
    const back = this.good !== p ? this.good : this.prevGood
    this.prog = back && back !== p ? back : null
    this.good = this.prog
    this.prevGood = null
    this.fades.length = 0
    this.collect()
    this.report(null, `the patch's code failed (${msg}); ${this.prog ? 'the last good patch took over' : 'silence until the next patch'}`)
  }

  /// Non-finite state or output: reset the offending units and report them. The heap is scanned
  /// when the output went bad and every SCAN_BLOCKS blocks (a unit nobody hears may still fault).
  private check(p: Program, bad: number, n: number): void {
    if (bad === 0 && ++this.sinceScan < SCAN_BLOCKS) return
    this.sinceScan = 0
    const h = p.heap
    let reset: Set<number> | null = null
    for (let i = 0; i < h.length; i++) {
      if (h[i] - h[i] === 0) continue
      const inst = p.gen.owner[i]
      if (reset?.has(inst)) continue
      ;(reset ??= new Set()).add(inst)
      resetInstance(p, inst)
      const u = p.gen.instances[inst]
      this.report(u.node, `${u.node}: ${u.key} produced a value that is not a finite number and was reset`)
    }
    if (bad === 0 || p !== this.prog) return
    const nodes = p.gen.nodes
    for (let k = 0; k < nodes.length; k++) {
      const w = p.W, o = p.gen.nodeOffsets[k]
      let finite = true
      for (let i = o; i < o + n; i++) if (w[i] - w[i] !== 0) { finite = false; break }
      if (finite) continue
      p.gen.instances.forEach((inst, j) => { if (inst.node === nodes[k]) resetInstance(p, j) })
      this.report(nodes[k], `${nodes[k]} is not a finite number (a division by zero?); muted where it was`)
      return
    }
    this.report('out', 'out is not a finite number (a division by zero?); muted where it was')
  }

  private report(node: string | null, message: string): void {
    // One report per node per second: a steady fault would otherwise flood the page.
    const key = node ?? ''
    const last = this.lastFault.get(key)
    if (last !== undefined && this.frames - last < this.sampleRate) return
    this.lastFault.set(key, this.frames)
    this.faults.push({ message, node })
  }

  /// Faults since the last call.
  takeFaults(): Fault[] {
    const f = this.faults
    this.faults = objectList()
    return f
  }

  /// Main-scope nodes whose signals `taps()` reports (empty: none).
  setTaps(nodes: readonly string[]): void {
    const keep = new Map<string, Tap>()
    for (const name of nodes) keep.set(name, this.tapData.get(name) ?? { name, ring: new Float32Array(TAP_POINTS), last: 0 })
    this.tapData = keep
    const list = objectList<Tap>()
    for (const t of keep.values()) list.push(t)
    this.tapList = list
    this.tapFor = null
  }

  private record(p: Program, n: number): void {
    // Without taps (a render, the CLI) nothing more is read. The map's size is tested rather than
    // the list's length from before lists started as lists of objects (object-list.ts), when an
    // empty list had another layout than a full one and its read deoptimised record().
    if (this.tapData.size === 0) return
    const list = this.tapList
    if (this.tapFor !== p) {
      this.tapAt = tapOffsets(p, list)
      this.tapFor = p
    }
    const at = this.tapAt, W = p.W
    // Keep the samples whose absolute frame number is a multiple of TAP_DECIMATION.
    const first = (TAP_DECIMATION - (this.frames % TAP_DECIMATION)) % TAP_DECIMATION
    const count = first < n ? Math.ceil((n - first) / TAP_DECIMATION) : 0
    for (let j = 0; j < list.length; j++) {
      const o = at[j]
      if (o < 0) continue
      const tap = list[j], ring = tap.ring
      let w = this.tapPos
      for (let i = o + first; i < o + n; i += TAP_DECIMATION) {
        ring[w] = W[i]
        w = w + 1 < TAP_POINTS ? w + 1 : 0
      }
      tap.last = W[o + n - 1]
    }
    this.tapPos = (this.tapPos + count) % TAP_POINTS
  }

  /// The tapped nodes' recent signals (oldest first, every TAP_DECIMATION-th sample) and latest
  /// values. An array per node (the worklet transfers them to the page): one the page handed back
  /// when there is one, else a new one.
  taps(): TapFrame {
    const frame: TapFrame = { signals: {}, values: {} }
    const list = this.tapList, pos = this.tapPos, spare = this.tapSpare
    for (let j = 0; j < list.length; j++) {
      const tap = list[j], ring = tap.ring
      const s = spare.length > 0 ? spare.pop()! : new Float32Array(TAP_POINTS)
      for (let i = 0; i < TAP_POINTS; i++) s[i] = ring[pos + i < TAP_POINTS ? pos + i : pos + i - TAP_POINTS]
      frame.signals[tap.name] = s
      frame.values[tap.name] = tap.last
    }
    return frame
  }

  /// Signal arrays of earlier frames, back from the page: kept (up to two frames' worth) for
  /// taps() to fill. Any of another length, or detached, is dropped.
  reuseTapArrays(arrays: readonly Float32Array[]): void {
    const spare = this.tapSpare, cap = 2 * Math.max(1, this.tapList.length)
    for (const a of arrays) if (a.length === TAP_POINTS && spare.length < cap) spare.push(a)
  }

  /// The last block of a main-scope node at full rate (for offline recording), or null.
  nodeBlock(name: string): Float64Array | null {
    const p = this.prog
    const k = p ? p.gen.nodes.indexOf(name) : -1
    return p && k >= 0 ? p.W.subarray(p.gen.nodeOffsets[k], p.gen.nodeOffsets[k] + BLOCK) : null
  }

  stats(): EngineStats {
    const p = this.prog
    let voices = 0
    if (p) for (const r of p.gen.polys) if (r.k === 'poly') voices += polyAwake(p.heap, r.base, r.unit.voices)
    return { load: this.loadAvg, voices }
  }

  /// Current step of each seq or poly driven by a step_seq or piano_roll, by control name (-1 before the first).
  steps(): Record<string, number> {
    const out: Record<string, number> = {}
    const p = this.prog
    if (!p) return out
    for (const s of p.stepped) out[s.name] = s.poly ? polyStep(p.heap, s.base) : p.heap[s.base]
    return out
  }


}
