/// Polyphony at run time: the step sequencer (or MIDI) that starts and releases voices, voice
/// allocation, and the loop over voices that runs the voice template's generated function into
/// the poly's block buffer. Everything a reload must carry over lives in the heap:
/// - head at `o`: the step clock (3 slots), last phase, step index, release pending, note counter;
/// - per voice v at `o + POLY_HEAD.length + v * VOICE_SLOTS.length`: its bookkeeping;
/// - then each voice's template state, `Z` slots per voice (see `voiceBase`).

import * as clock from '../dsp/clock.ts'
import type { Step } from '../../src/language/patch-data.ts'
import { MAX_DELAY_SECONDS } from '../../src/language/node-types.ts'
import { takeF64, takeRows } from './memory.ts'

export const BLOCK = 128

/// MIDI control changes a midi poly reads itself: the sustain pedal, all sound off, all notes off.
export const CC_SUSTAIN = 64, CC_ALL_SOUND_OFF = 120, CC_ALL_NOTES_OFF = 123

// Local copies: module namespaces may be getters (vite-node, tsx), too slow for a per-sample path.
const clockWrap = clock.clockWrap, CLOCK_END = clock.CLOCK_END

// `pedal`: the MIDI sustain pedal is down (midi polys only).
export const POLY_HEAD = [...clock.CLOCK_STATE, 'phase', 'step', 'pending', 'counter', 'pedal'] as const
const PHASE = 3, STEP = 4, PENDING = 5, COUNTER = 6, PEDAL = 7
export const POLY_HEAD_INIT = [0, 0, 0, 0, -1, 0, 0, 0]

// `sustained`: the voice's key was let go while the sustain pedal was down; it is released when
// the pedal lifts.
export const VOICE_SLOTS = ['gate', 'hz', 'vel', 'note', 'age', 'group', 'quiet', 'awake', 'released', 'sustained'] as const
const GATE = 0, HZ = 1, VEL = 2, NOTE = 3, AGE = 4, GROUP = 5, QUIET = 6, AWAKE = 7, RELEASED = 8, SUSTAINED = 9
const VS = VOICE_SLOTS.length
export const VOICE_SLOTS_INIT = [0, 0, 0, -1, 0, 0, 0, 0, 0, 0]

/// A voice is put to sleep (not rendered) once released and below this level for SLEEP_BLOCKS
/// blocks, or, when its template holds a delay (whose echo may still be on its way), for longer
/// than the longest delay.
const QUIET_LEVEL = 1e-5
const SLEEP_BLOCKS = 8

/// Notes per step, as the poly reads them: kind 0 = nothing (rest, hit), 1 = notes, 2 = tie. A
/// step's chord is a Float64Array, one map whatever its pitches: as arrays, a chord of whole
/// frequencies (`a4`, 440 Hz) held small integers and the others doubles, and a patch's lists came
/// through a message's structured clone where the warm-up's did not; noteOn, optimised on one
/// kind, deoptimised ("wrong map") at a real patch's first note: every P4 render traced, and the
/// 200-line bench patch (Chromium, --trace-deopt; Node's V8 did not).
export interface PolyTable {
  n: number
  kind: Int8Array
  hz: Float64Array[]
}

const NO_NOTES = new Float64Array(0)

export function polyTable(steps: readonly Step[]): PolyTable {
  const n = Math.max(1, steps.length)
  const kind = new Int8Array(n)
  const hz: Float64Array[] = []
  for (let i = 0; i < n; i++) {
    const s = steps[i]
    kind[i] = !s ? 0 : s.k === 'notes' && s.hz.length ? 1 : s.k === 'tie' ? 2 : 0
    hz.push(s && s.k === 'notes' ? Float64Array.from(s.hz) : NO_NOTES)
  }
  return { n, kind, hz }
}

/// The generated per-voice function (see codegen): renders n samples of the voice whose state starts
/// at `b`, adding its output to `out`, and leaves its peak level in P[4].
export type VoiceFn = (
  S: Float64Array, b: number, V: Float64Array, CS: Float64Array, P: Float64Array, T: unknown[],
  B: Float32Array[], out: Float64Array, n: number, W: Float64Array, K: Int32Array[],
) => void

/// Per poly unit, what is not state: buffers, and the MIDI input queue.
export interface PolyRuntime {
  voices: number
  /// Slots of one voice's template state.
  size: number
  /// Each voice's work rows, voice v's at v * stride: its freq, gate and vel for the block the
  /// first three (each BLOCK long), the rows its function computes the rest. The voice function
  /// reads its parameters where the poly writes them: a work array shared by all voices needed two
  /// or three copies per voice per block (7% of P4 in Chromium), per-voice rows cost none.
  params: Float64Array
  /// The length of one voice's rows in `params`.
  stride: number
  /// Each voice's rows as an array of their own (views of `params`), the voice function's W.
  views: Float64Array[]
  /// Per voice, 1 when its rows in `params` may not hold its freq, gate and vel from end to end (an
  /// event wrote them from a sample on, or the runtime is new): refilled at the next block's start.
  /// Between notes a voice's rows stay as they are, so most blocks refill nothing.
  stale: Uint8Array
  out: Float64Array
  /// Each voice's delay buffers.
  delays: Float32Array[][]
  midi: boolean
  /// Pending MIDI events for a midi poly: [status, data1, data2] triples.
  events: number[]
  bend: number
  /// Quiet blocks after which a released voice sleeps.
  sleepBlocks: number
  /// The program's initial heap (to reset a voice that produced a non-finite value), and how many
  /// voices were reset since the engine last looked.
  init: Float64Array | null
  faults: number
}

export function polyRuntime(voices: number, size: number, midi: boolean, delays: Float32Array[][], sampleRate: number, rows: number): PolyRuntime {
  const echoes = delays.length > 0 && delays[0].length > 0
  const sleepBlocks = echoes ? SLEEP_BLOCKS + Math.ceil((MAX_DELAY_SECONDS * sampleRate) / BLOCK) : SLEEP_BLOCKS
  // `| 0`: counts as integers whatever the patch data held (the compiler may hand 16 as a double).
  // V8 lays out an object's number field for the kind of number first stored in it; a double
  // where the warm-up stored integers changes that layout, and code optimised for the old one
  // deoptimises ("wrong map") on the first real patch.
  const stride = Math.max(rows, 3) * BLOCK, params = takeRows(voices * stride)
  const views = Array.from({ length: voices }, (_, v) => params.subarray(v * stride, (v + 1) * stride))
  return { voices: voices | 0, size: size | 0, params, stride: stride | 0, views, stale: new Uint8Array(voices).fill(1), out: takeF64(BLOCK), delays, midi, events: [], bend: 1, sleepBlocks: sleepBlocks | 0, init: null, faults: 0 }
}

export function voiceBase(o: number, voices: number, size: number, v: number): number {
  return o + POLY_HEAD.length + voices * VS + v * size
}

export function polySlots(voices: number, size: number): number {
  return POLY_HEAD.length + voices * (VS + size)
}

/// Voice v's freq, gate and vel from its slots (a MIDI poly's frequency bent), the whole of its rows
/// (a later block may be longer than this one). Loops, not TypedArray.fill: a builtin's double
/// argument is boxed, an allocation per voice per block.
function fillParams(S: Float64Array, h: number, pr: PolyRuntime, v: number): void {
  const s = h + v * VS, p = v * pr.stride, P = pr.params
  const hz = S[s + HZ] * (pr.midi ? pr.bend : 1), gate = S[s + GATE], vel = S[s + VEL]
  for (let i = 0; i < BLOCK; i++) {
    P[p + i] = hz
    P[p + BLOCK + i] = gate
    P[p + 2 * BLOCK + i] = vel
  }
}

/// Events write a voice's rows from their sample to the end of the row, and mark them for a refill.
function setGate(pr: PolyRuntime, v: number, from: number, value: number): void {
  fillRow(pr.params, v * pr.stride + BLOCK, from, value)
  pr.stale[v] = 1
}

/// X[o + from .. o + BLOCK) = x, by a loop: TypedArray.fill boxes its double argument (garbage at each note).
function fillRow(X: Float64Array, o: number, from: number, x: number): void {
  for (let i = o + from; i < o + BLOCK; i++) X[i] = x
}

/// Starts a note on a free voice (asleep first, then the one released longest ago) or steals the oldest.
/// The note's pitch is `hzs[j]` (a step's chord), or MIDI note `note`'s without `hzs`; its velocity
/// `velocity / 127`. Taken as the chord and integers, not as doubles: a call V8 does not inline boxes
/// each double it passes (P4's notes, with startStep's step read as a double: 3.35 bytes of garbage
/// a block on average, 1.37 since; Node's sampling heap profiler).
function noteOn(S: Float64Array, o: number, pr: PolyRuntime, hzs: Float64Array | null, j: number, note: number, velocity: number, group: number, at: number): void {
  const hz = hzs ? hzs[j] : 440 * 2 ** ((note - 69) / 12)
  const vel = velocity / 127
  const h = o + POLY_HEAD.length
  let pick = -1
  let best = Infinity
  for (let v = 0; v < pr.voices; v++) {
    const s = h + v * VS
    // Sleeping voices rank first, then released ones by release order, then sounding ones by age.
    const rank = S[s + AWAKE] === 0 ? -1 : S[s + GATE] === 0 ? S[s + RELEASED] : 1e15 + S[s + AGE]
    if (rank < best) {
      best = rank
      pick = v
    }
  }
  const s = h + pick * VS
  // Woken from sleep: its parameters before the note are its resting ones (the block's fill skipped it).
  if (S[s + AWAKE] === 0) fillParams(S, h, pr, pick)
  const count = (S[o + COUNTER] += 1)
  const wasOn = S[s + GATE] > 0
  S[s + GATE] = 1
  S[s + HZ] = hz
  S[s + VEL] = vel
  S[s + NOTE] = note
  S[s + AGE] = count
  S[s + GROUP] = group
  S[s + QUIET] = 0
  S[s + AWAKE] = 1
  S[s + SUSTAINED] = 0
  const p = pick * pr.stride, X = pr.params
  // The pitch and velocity rows from the note's sample on, as fillRow writes them (spelled out:
  // fillRow's double argument would be boxed).
  const f = hz * (pr.midi ? pr.bend : 1)
  for (let i = p + at; i < p + BLOCK; i++) X[i] = f
  for (let i = p + 2 * BLOCK + at; i < p + 3 * BLOCK; i++) X[i] = vel
  // A stolen voice drops its gate for one sample so its envelopes retrigger.
  setGate(pr, pick, at, 1)
  if (wasOn) pr.params[p + BLOCK + at] = 0
}

function release(S: Float64Array, o: number, pr: PolyRuntime, v: number, at: number): void {
  const s = o + POLY_HEAD.length + v * VS
  if (S[s + GATE] === 0) return
  S[s + GATE] = 0
  S[s + GROUP] = 0
  S[s + SUSTAINED] = 0
  S[s + RELEASED] = S[o + COUNTER] += 1
  setGate(pr, v, at, 0)
}

function releaseGroup(S: Float64Array, o: number, pr: PolyRuntime, at: number): void {
  for (let v = 0; v < pr.voices; v++) if (S[o + POLY_HEAD.length + v * VS + GROUP] > 0) release(S, o, pr, v, at)
}

function startStep(S: Float64Array, o: number, pr: PolyRuntime, t: PolyTable, at: number): void {
  // An integer (as the state's step always is), so the table reads below index by one.
  const k = (S[o + STEP] + 1 < t.n ? S[o + STEP] + 1 : 0) | 0
  S[o + STEP] = k
  const nextTie = t.n > 1 && t.kind[k + 1 < t.n ? k + 1 : 0] === 2
  const kind = t.kind[k]
  if (kind === 2) {
    S[o + PENDING] = nextTie ? 0 : 1 // the tied notes keep sounding
    return
  }
  releaseGroup(S, o, pr, at)
  if (kind === 1) {
    const notes = t.hz[k]
    for (let j = 0; j < notes.length; j++) noteOn(S, o, pr, notes, j, -1, 127, 1, at)
  }
  S[o + PENDING] = kind === 1 && !nextTie ? 1 : 0
}

function midiEvents(S: Float64Array, o: number, pr: PolyRuntime): void {
  const e = pr.events
  const h = o + POLY_HEAD.length
  for (let i = 0; i + 2 < e.length; i += 3) {
    const type = e[i] & 0xf0, d1 = e[i + 1], d2 = e[i + 2]
    if (type === 0x90 && d2 > 0) noteOn(S, o, pr, null, 0, d1, d2, 0, 0)
    else if (type === 0x80 || type === 0x90) {
      // With the pedal down a let-go key keeps sounding until the pedal lifts.
      const pedal = S[o + PEDAL] > 0
      for (let v = 0; v < pr.voices; v++) {
        const s = h + v * VS
        if (S[s + NOTE] !== d1 || S[s + GATE] === 0) continue
        if (pedal) S[s + SUSTAINED] = 1
        else release(S, o, pr, v, 0)
      }
    } else if (type === 0xb0 && d1 === CC_SUSTAIN) {
      S[o + PEDAL] = d2 >= 64 ? 1 : 0
      if (d2 < 64) for (let v = 0; v < pr.voices; v++) if (S[h + v * VS + SUSTAINED] > 0) release(S, o, pr, v, 0)
    } else if (type === 0xb0 && (d1 === CC_ALL_SOUND_OFF || d1 === CC_ALL_NOTES_OFF)) {
      S[o + PEDAL] = 0
      for (let v = 0; v < pr.voices; v++) release(S, o, pr, v, 0)
    }
  }
  e.length = 0
}

/// One block of a poly unit: fills each voice's freq/gate/vel for the block from the step table
/// (or MIDI), then renders the voices that are awake into `pr.out`. `V[incVi]` is steps per sample,
/// `V[gateVi]` the share of a step a note is held. Returns the number of voices awake.
export function polyRun(
  S: Float64Array, o: number, pr: PolyRuntime, incVi: number, gateVi: number, t: PolyTable | null,
  vf: VoiceFn, V: Float64Array, CS: Float64Array, P: Float64Array, T: unknown[], K: Int32Array[], n: number,
): number {
  const inc = V[incVi], gate = V[gateVi]
  const h = o + POLY_HEAD.length
  const nv = pr.voices
  // Rows an event wrote last block are refilled (a MIDI poly's every block: its bend may have
  // moved); a sleeping voice's only if a note wakes it (noteOn).
  const stale = pr.stale
  for (let v = 0; v < nv; v++) {
    if (S[h + v * VS + AWAKE] !== 0 && (stale[v] !== 0 || pr.midi)) {
      fillParams(S, h, pr, v)
      stale[v] = 0
    }
  }
  if (pr.midi) midiEvents(S, o, pr)
  else if (t) {
    const g = gate > 0 ? (gate < 1 ? gate : 1) : 0
    const c = inc > 0 ? inc : 0
    for (let i = 0; i < n; i++) {
      // clock.clockPhase, spelled out (see there): no call per sample that takes or returns a double.
      if (c !== S[o + 2]) S[o] += S[o + 1] * S[o + 2], S[o + 1] = 0, S[o + 2] = c
      let ph = S[o] + S[o + 1] * c
      if (ph >= CLOCK_END) {
        clockWrap(S, o)
        ph = S[o]
      }
      if (S[o + STEP] < 0 || ph < S[o + PHASE]) startStep(S, o, pr, t, i)
      S[o + PHASE] = ph
      S[o + 1] += 1
      if (S[o + PENDING] > 0 && ph >= g) {
        releaseGroup(S, o, pr, i)
        S[o + PENDING] = 0
      }
    }
  }
  const out = pr.out
  out.fill(0, 0, n)
  let awake = 0
  for (let v = 0; v < nv; v++) {
    const s = h + v * VS
    if (S[s + AWAKE] === 0) continue
    awake++
    const vb = voiceBase(o, nv, pr.size, v)
    vf(S, vb, V, CS, P, T, pr.delays[v], out, n, pr.views[v], K)
    const peak = P[4]
    if (peak !== peak) {
      // A non-finite sample (kept out of the sum): the voice starts over from its initial state.
      if (pr.init) S.set(pr.init.subarray(vb, vb + pr.size), vb)
      for (const d of pr.delays[v]) d.fill(0)
      pr.faults++
    }
    if (S[s + GATE] > 0 || !(peak < QUIET_LEVEL)) S[s + QUIET] = 0
    else if ((S[s + QUIET] += 1) >= pr.sleepBlocks) S[s + AWAKE] = 0
  }
  return awake
}

/// Current step index of a poly (for the panel's playhead), -1 before the first.
export function polyStep(S: Float64Array, o: number): number {
  return S[o + STEP]
}

export function polyAwake(S: Float64Array, o: number, voices: number): number {
  let a = 0
  for (let v = 0; v < voices; v++) if (S[o + POLY_HEAD.length + v * VS + AWAKE] > 0) a++
  return a
}
