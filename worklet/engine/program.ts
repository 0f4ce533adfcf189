/// A runnable patch: the generated functions, the state heap and everything they read. Built
/// from a compiled patch's shape once; its values (numbers, control values, steps, bpm) can be
/// replaced in place.

import type { CompiledPatch, Control, Step, Unit } from '../../src/language/patch-data.ts'
import { MAX_DELAY_SECONDS } from '../../src/language/node-types.ts'
import { delayLength } from '../dsp/delay.ts'
import { seqTable, type SeqTable } from '../dsp/seq.ts'
import { callContext, runCalls } from './call-table.ts'
import { generate } from './codegen.ts'
import type { Generated } from './generated.ts'
import { BLOCK, polyRuntime, polyTable, type PolyRuntime, type PolyTable, type VoiceFn } from './poly.ts'
import { objectList } from './object-list.ts'
import { give, memoryOf, smallF64, takeF64Of, takeLine, takeRows } from './memory.ts'
import { RUNTIME } from './runtime.ts'

export type MainFn = (
  S: Float64Array, V: Float64Array, CS: Float64Array, P: Float64Array, T: unknown[], B: Float32Array[],
  PL: PolyRuntime[], VF: VoiceFn[], W: Float64Array, L: Float32Array, R: Float32Array, n: number, K: Int32Array[],
) => number

/// Control smoothing: the one-pole time constant knobs and faders glide with, so they don't zipper.
export const CONTROL_SMOOTHING_SECONDS = 0.01

export interface Program {
  gen: Generated
  patch: CompiledPatch
  sampleRate: number
  heap: Float64Array
  init: Float64Array
  slotIndex: Map<string, number>
  buffers: Float32Array[]
  bufferIndex: Map<string, number>
  main: MainFn
  voiceFns: VoiceFn[]
  V: Float64Array
  T: (SeqTable | PolyTable | null)[]
  B: Float32Array[]
  PL: PolyRuntime[]
  /// The work array: every block the main function computes (node k's at gen.nodeOffsets[k]).
  W: Float64Array
  /// Oscillator banks' tables.
  K: Int32Array[]
  /// Knobs and faders: index by name, current (smoothed) value, target, and the block's ramp.
  controlIndex: Map<string, number>
  controls: Control[]
  current: Float64Array
  target: Float64Array
  CS: Float64Array
  /// beat, sample rate, 1 / sample rate, voices awake in the last block, the last voice's peak.
  P: Float64Array
  /// The main units a step_seq or piano_roll drives (for the playhead), with their state's start.
  stepped: { name: string; base: number; poly: boolean }[]
  /// Set at its first block as the engine's current program, when it becomes the one to fall back to.
  promoted: boolean
}

function instantiate(src: string): unknown {
  // The source holds only generator-made fragments and numbers (see codegen.ts).
  return new Function('D', src)(RUNTIME)
}

/// main, with its tabled calls' wrappers and context (call-table.ts).
function instantiateMain(gen: Generated): MainFn {
  return new Function('D', 'X', 'C', gen.main)(RUNTIME, runCalls, callContext(gen)) as MainFn
}

/// `code`: the generated code for this patch's shape, when the page generated it (otherwise it is
/// generated here). `previous`: the running program, whose delay buffers this one takes over where the keys match
/// (shared, not copied: copying 4 s buffers for every voice took up to 90 ms of the audio thread).
/// During the crossfade both programs then write them; the new one runs second, so its writes win.
export function buildProgram(patch: CompiledPatch, sampleRate: number, previous?: Program | null, code?: Generated | null): Program {
  const gen = code && code.shapeKey === patch.shapeKey ? code : generate(patch)
  const main = instantiateMain(gen)
  const voiceFns = gen.voices.map((s) => instantiate(s) as VoiceFn)
  const buffers = gen.buffers.map((key, i) => {
    const len = bufferLength(gen, patch.values, i, sampleRate)
    const j = previous?.bufferIndex.get(key)
    const old = j === undefined ? undefined : previous!.buffers[j]
    if (!old) return takeLine(len)
    return old.length >= len ? old : grown(old, len, previous!.heap[previous!.slotIndex.get(key.replace(/buffer$/, 'write')) ?? -1] ?? 0)
  })
  const bufferIndex = indexOf(gen.buffers)
  const B = gen.delays.map((k) => buffers[bufferIndex.get(k)!])
  const PL = objectList<PolyRuntime>()
  for (const p of gen.polys) {
    if (p.k !== 'poly') throw new Error('program: not a poly')
    const delays = p.delays.map((keys) => keys.map((k) => buffers[bufferIndex.get(k)!]))
    PL.push(polyRuntime(p.unit.voices, p.size, p.unit.steps?.k === 'midi', delays, sampleRate, gen.voiceRows[p.template]))
  }
  const controls = patch.controls.filter((c) => c.kind === 'knob' || c.kind === 'fader')
  const nc = controls.length
  const prog: Program = {
    gen, patch, sampleRate,
    heap: takeF64Of(gen.init),
    init: takeF64Of(gen.init),
    slotIndex: indexOf(gen.keys),
    buffers, bufferIndex, main, voiceFns,
    V: new Float64Array(gen.vSize),
    T: [],
    B, PL,
    W: takeRows(gen.rows * BLOCK),
    K: gen.banks,
    controlIndex: new Map(controls.map((c, i) => [c.name, i])),
    controls,
    current: Float64Array.from(controls, (c) => c.value),
    target: Float64Array.from(controls, (c) => c.value),
    CS: new Float64Array(2 * nc),
    P: Float64Array.of(patch.bpm / 60, sampleRate, 1 / sampleRate, 0, 0),
    stepped: steppedUnits(gen, patch),
    promoted: false,
  }
  for (const pr of PL) pr.init = prog.init
  setValues(prog, patch)
  return prog
}

/// Found once per program: the engine reports playheads every 12 blocks, and matching every
/// instance against every unit each time cost N^2 for N oscillators.
function steppedUnits(gen: Generated, patch: CompiledPatch): Program['stepped'] {
  // Only the units whose steps come from a control: most patches have none, the 200-line bench
  // patch 21 of 375.
  const byKey = new Map<string, Unit>()
  for (const u of patch.main.units) if (u.steps?.k === 'control') byKey.set(u.key, u)
  const list: Program['stepped'] = []
  if (byKey.size === 0) return list
  for (const inst of gen.instances) {
    const u = byKey.get(inst.key)
    if (u?.steps?.k === 'control') list.push({ name: u.steps.name, base: inst.base, poly: u.fn === 'poly' })
  }
  return list
}

/// Each key's position, set one by one: a pair array per key for the Map constructor is garbage
/// the load makes on the audio thread (742 slot keys in the 200-line bench patch).
function indexOf(keys: readonly string[]): Map<string, number> {
  const m = new Map<string, number>()
  for (let i = 0; i < keys.length; i++) m.set(keys[i], i)
  return m
}

function stepsOf(patch: CompiledPatch, src: { k: 'list'; steps: Step[] } | { k: 'control'; name: string }): Step[] {
  if (src.k === 'list') return src.steps
  const c = patch.controls.find((x) => x.name === src.name)
  if (!c) throw new RangeError(`program: no step_seq or piano_roll ${JSON.stringify(src.name)}`)
  return c.steps
}

/// A delay buffer's length: for a time that is a number, that time (clamped to 1 sample..4 s) plus
/// the two samples interpolation reads and a block, since during a crossfade the program fading out
/// writes a block ahead of what the new one reads; for a time that moves, the longest. The
/// 200-line bench patch's 21 delays took 16 MB at 4 s each, allocated and zeroed at load.
function bufferLength(gen: Generated, values: readonly number[], i: number, sr: number): number {
  const v = gen.bufferTimes[i]
  if (v < 0) return delayLength(MAX_DELAY_SECONDS, sr)
  const seconds = values[v] > 0 ? Math.min(values[v], MAX_DELAY_SECONDS) : 0
  return delayLength(seconds, sr) + BLOCK
}

/// A longer copy of a delay line that reads the same from write position `w`: the samples before w
/// stay where they are, the older ones (w..end) move to the new end, and the gap between is silence
/// older than anything the line held.
function grown(old: Float32Array, len: number, w: number): Float32Array {
  const buf = takeLine(len)
  const at = w >= 0 && w < old.length ? Math.floor(w) : 0
  buf.set(old.subarray(0, at), 0)
  buf.set(old.subarray(at), len - (old.length - at))
  return buf
}

/// A values-only edit that lengthens a delay's time grows its buffer (rare, and only that line).
function fitBuffers(prog: Program, patch: CompiledPatch): void {
  let changed = false
  prog.gen.buffers.forEach((key, i) => {
    const len = bufferLength(prog.gen, patch.values, i, prog.sampleRate)
    if (prog.buffers[i].length >= len) return
    prog.buffers[i] = grown(prog.buffers[i], len, prog.heap[prog.slotIndex.get(key.replace(/buffer$/, 'write')) ?? -1] ?? 0)
    changed = true
  })
  if (!changed) return
  prog.B.forEach((_, j) => { prog.B[j] = prog.buffers[prog.bufferIndex.get(prog.gen.delays[j])!] })
  prog.gen.polys.forEach((p, k) => {
    if (p.k !== 'poly') return
    p.delays.forEach((keys, v) => keys.forEach((key, j) => { prog.PL[k].delays[v][j] = prog.buffers[prog.bufferIndex.get(key)!] }))
  })
}

/// Applies a patch of the same shape: numbers, control values (glided to), steps, bpm.
export function setValues(prog: Program, patch: CompiledPatch): void {
  fitBuffers(prog, patch)
  // The patch's values first; the constants the generated code computes follow (see codegen).
  if (prog.V.length !== prog.gen.vSize) prog.V = new Float64Array(prog.gen.vSize)
  prog.V.set(patch.values)
  // The steps from this patch's units: a literal list (`seq(clock, [55 . 82.5 _])`) is not part of
  // the shape, so the generated code's copy of the unit holds the list of the patch it was made for.
  // A unit's id is its index in its scope, and a patch of the same shape has the same units there
  // (the shape key names each by id and key): found by id, its key checked. A map of every unit by
  // key, made at each load, was about a third of setValues on the audio thread (the 200-line bench
  // patch).
  const unitOf = (r: { unit: Unit; voice: string | null }): Unit => {
    const scope = r.voice === null ? patch.main : patch.voices.find((v) => v.name === r.voice)
    const u = scope?.units[r.unit.id]
    return u && u.key === r.unit.key ? u : r.unit
  }
  prog.T = prog.gen.tables.map((r) => {
    if (r.k !== 'steps') return null
    const src = unitOf(r).steps
    if (!src || src.k === 'midi') return null
    const steps = stepsOf(patch, src)
    return r.poly ? polyTable(steps) : seqTable(steps, smallF64)
  })
  const controls = patch.controls.filter((c) => c.kind === 'knob' || c.kind === 'fader')
  const before = new Map(prog.controls.map((c) => [c.name, c.value]))
  for (const c of controls) {
    const i = prog.controlIndex.get(c.name)
    // A written value moves its control only when the text changed it: a knob still turning
    // (by mouse or MIDI, whose moves arrive as `control` messages) keeps its place through an
    // edit elsewhere, such as another knob's gesture being written or a MIDI learn adding `cc N`.
    if (i !== undefined && before.get(c.name) !== c.value) prog.target[i] = c.value
  }
  prog.controls = controls
  prog.P[0] = patch.bpm / 60
  prog.patch = patch
}

/// Ramps for this block: each control moves a one-pole step toward its target, linearly within the block.
export function rampControls(prog: Program, n: number): void {
  const nc = prog.current.length
  // Most patches have no knob or fader: no ramp, and no Math.exp on every block.
  if (nc === 0) return
  const a = 1 - Math.exp(-n / (CONTROL_SMOOTHING_SECONDS * prog.sampleRate))
  for (let i = 0; i < nc; i++) {
    const from = prog.current[i]
    const t = prog.target[i]
    let to = from + (t - from) * a
    if (Math.abs(t - to) < 1e-9 * Math.max(1, Math.abs(t)) || !Number.isFinite(to)) to = t
    prog.CS[i] = from
    prog.CS[nc + i] = (to - from) / n
    prog.current[i] = to
  }
}

/// Copies into `to` every slot whose key (which names the node function) matches one of `from`, and
/// the controls' glide positions (delay buffers are shared at build time). Returns how many slots were kept.
export function carryState(from: Program, to: Program): number {
  let kept = 0
  const fnOf = (p: Program, slot: number) => p.gen.instances[p.gen.owner[slot]].fn
  to.gen.keys.forEach((key, i) => {
    const j = from.slotIndex.get(key)
    if (j !== undefined && fnOf(from, j) === fnOf(to, i)) {
      to.heap[i] = from.heap[j]
      kept++
    }
  })
  to.PL.forEach((pr, i) => {
    const old = from.PL[i]
    if (old && old.midi && pr.midi) pr.bend = old.bend
  })
  for (const [name, i] of to.controlIndex) {
    const j = from.controlIndex.get(name)
    if (j === undefined) continue
    to.current[i] = from.current[j]
    // As in `setValues`: an unchanged written value leaves the control where it was moved to.
    if (from.controls[j].value === to.controls[i].value) to.target[i] = from.target[j]
  }
  return kept
}

/// Restores one instance's slots (and delay buffer) to their initial state.
export function resetInstance(prog: Program, index: number): void {
  const inst = prog.gen.instances[index]
  prog.heap.set(prog.init.subarray(inst.base, inst.base + inst.size), inst.base)
  if (inst.delay >= 0) prog.buffers[inst.delay].fill(0)
}

/// Every typed array a program owns that can be recycled (see memory.ts).
function arraysOf(p: Program): (Float32Array | Float64Array)[] {
  const list: (Float32Array | Float64Array)[] = [p.heap, p.init, p.W, ...p.buffers]
  for (const pr of p.PL) list.push(pr.params, pr.out)
  return list
}

/// The memory of programs no longer played (not running, fading, nor kept to fall back to) goes
/// back to the pool, except what a program in `live` still uses: delay lines are shared between a
/// program and the one that replaced it.
export function releasePrograms(dead: Iterable<Program>, live: Iterable<Program>): void {
  const keep = new Set<ArrayBufferLike | number>()
  for (const p of live) for (const a of arraysOf(p)) keep.add(memoryOf(a))
  for (const p of dead) {
    for (const a of arraysOf(p)) {
      const m = memoryOf(a)
      if (keep.has(m)) continue
      // A program may list a buffer twice (a delay line under two keys never is, but be sure).
      keep.add(m)
      give(a)
    }
  }
}
