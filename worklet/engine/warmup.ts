/// Runs every block kernel through its paths on scratch state before the first patch plays, so V8
/// has optimised them (and seen every branch, so the optimised code does not fall back to the
/// interpreter on its first filter sweep or envelope release) by the time a musician presses Play.
/// Kernels are shared by every program, so this is paid once per worklet scope, not per patch.
/// The arguments have the types real calls pass (Float64Array state, work and tables, Float32Array
/// delay lines, numbers), so the type feedback the real calls meet is the same.

import { adsrBlock, adsrTrigBlock } from '../dsp/adsr.ts'
import { trigBlock } from '../dsp/clock.ts'
import { delayBlock, delayLength, delayReadBlock, delaySpan, delayWriteBlock } from '../dsp/delay.ts'
import { filterBlock, filterNoiseBlock, filterPair, filterPairRows, filterQuad, filterQuadRows } from '../dsp/filter.ts'
import { pinkBlock, seedFor, whiteBlock } from '../dsp/noise.ts'
import { oscBank, oscRowBank, oscSineBlock, oscSquareBlock, oscTableBlock } from '../dsp/osc.ts'
import { seqBlock, seqTable } from '../dsp/seq.ts'
import { prepareTables, sineTable, waveBase } from '../dsp/wavetable.ts'
import { vAcc, vAdd, vAddMul, vMulAdd, vSumRows, vClip, vCopy, vDiv, vFill, vMul, vOut, vOutMono, vRamp, vSub, vUnary, vVoiceOut } from '../dsp/vector.ts'
import { Engine } from './engine.ts'
import { BLOCK } from './poly.ts'
import { generate } from './codegen.ts'
import { give, takeLine, takeRows, touchArena } from './memory.ts'
import { WARM_PATCH, WARM_SHAPES } from './warm-patch.ts'
import { patchMessage } from '../protocol.ts'
import type { CompiledPatch } from '../../src/language/patch-data.ts'

/// Calls per kernel path: enough for V8's top tier (TurboFan) to take every kernel. Chromium 156's
/// V8 tiers up through Maglev first and later than Node 20's: with 100 rounds (enough in Node) the
/// kernels left the warm-up in Maglev and reached TurboFan only during the first patch, whose first
/// second in a fresh worklet scope ran at 2-5x its later cost per block (traced with
/// `--trace-opt`, timed with bench/start-curve.ts). 1000 rounds take them to TurboFan here; with
/// the engine's 1000 blocks and the shapes below, the worklet's start (warmScope) takes 250-500 ms
/// on this loaded 2-core machine, once per scope, before Play (src/audio/host.ts prepares the
/// engine at page load).
const ROUNDS = 1000

/// Returns the milliseconds it took.
export function warmKernels(sampleRate = 48000, rounds = ROUNDS): number {
  const t0 = Date.now()
  const P = Float64Array.of(2, sampleRate, 1 / sampleRate, 0, 0)
  const S = new Float64Array(320)
  const W = new Float64Array(16 * BLOCK)
  // Constants by index, as generated code passes them: frequencies, then the others.
  // Delay times (D, T) that are not whole samples, so delays interpolate (delay.ts: tap).
  const V = Float64Array.of(110, 220.5, 331, 440, 1000, 2000, 0.3, 0.5, 0.001, 0.00213, 0.0101237, 0.7, 2, -0.5, 0, 300, 500, 700, 0, 0, 0, 0, 0, 0, 0, 0, 0)
  const HZ = 4, PW = 6, HALF = 7, A = 8, D = 9, T = 10, Q = 11, TWO = 12, LOW = 13, ZERO = 14, RATE = 15, CUT = 16, CUT2 = 17
  const saw = waveBase('saw'), tri = waveBase('tri'), sine = sineTable()
  const slots = Int32Array.of(100, 103, 106, 109, 112), vals = Int32Array.of(0, 1, 2, 3, 4)
  // Banks of five and four: saws run three and two, and two and two, at a time (osc.ts).
  const slots4 = slots.subarray(0, 4), vals4 = vals.subarray(0, 4)
  // Three saws none of which sits in a table crossfade (110, 220.5, 440 Hz): tableAdd3's plain loops.
  const plain3 = Int32Array.of(0, 1, 3)
  // A bank at a row times numbers (a voice's `freq`, `freq * 2`, `freq * 0.7`): three, and a pair;
  // the kernel writes the frequencies into V slots 18 to 20.
  const rowSlots = Int32Array.of(120, 123, 126), ratios = Int32Array.of(-1, TWO, Q), freqs = Int32Array.of(18, 19, 20)
  const seq = seqTable([{ k: 'hit' }, { k: 'rest' }, { k: 'value', v: 2 }, { k: 'tie' }])
  const buf = new Float32Array(delayLength(0.05, sampleRate))
  const L = new Float32Array(BLOCK), R = new Float32Array(BLOCK), out = new Float64Array(BLOCK)
  const F = 1 * BLOCK, G = 2 * BLOCK, X = 3 * BLOCK, Y = 4 * BLOCK, Z = 5 * BLOCK
  // Rows that hold one value all block (a voice's pitch between notes, a cutoff while its envelope
  // sustains): kernels take their constant path for them, a path of its own to warm.
  const H = 6 * BLOCK, J = 7 * BLOCK
  // A sum of rows that pairs of filters add into (filterPair's `d`).
  const SUM = 8 * BLOCK
  const sumRows = Int32Array.of(F, G, X, Y, H, J, F, X)
  // Rows in the wasm memory's arena, as a program's are, for filterQuad's wasm loop.
  const WQ = takeRows(16 * BLOCK)
  // A line in the arena too, for the echo's wasm loop (delayBlock at a whole number of samples).
  const line = takeLine(delayLength(0.05, sampleRate))
  for (let r = 0; r < rounds; r++) {
    // A frequency that moves (buffer paths, table crossfades, phase wraps both ways), a gate that
    // toggles every few blocks (attack, decay, sustain, release), a signal to filter.
    for (let i = 0; i < BLOCK; i++) {
      W[F + i] = (r % 2 ? -1 : 1) * (60 + 40 * r + i)
      W[G + i] = (r >> 2) % 2
      W[X + i] = Math.sin(i * 0.3 + r)
    }
    W.fill((r % 3 === 2 ? -1 : 1) * (150.7 + 7.3 * (r >> 1)), H, H + BLOCK)
    W.fill(0.7 + 0.13 * (r % 5), J, J + BLOCK)
    // The banks' frequencies move from round to round, so that each group of three sits now in a
    // table crossfade and now not (osc.ts: tableAdd3's two loops).
    for (let u = 0; u < 4; u++) V[u] = 110.3 * 2 ** (u * 0.61 + (r % 29) * 0.043)
    V[HZ] = 100 + 13 * r
    V[RATE] = 300 + r
    // Cutoffs that hold for a few rounds, as a patch's do: a filter's check for a new q then runs.
    V[CUT] = 500 + (r >> 2)
    V[CUT2] = 700 + (r >> 3)
    // Filters start now and then from rest, as a new unit does: their first samples are flushed
    // to zero (filter.ts: TINY), a branch a running filter never takes.
    if (r % 8 === 0) for (const o of [40, 48, 64, 72, 200, 208]) S.fill(0, o, o + 2)
    oscSineBlock(S, 0, sine, W, Y, 0, BLOCK, V, -1, HZ, P)
    oscSineBlock(S, 0, sine, W, Y, 0, BLOCK, V, F, 0, P)
    oscTableBlock(S, 4, r % 2 ? saw : tri, W, Y, 0, BLOCK, V, -1, HZ, P)
    oscTableBlock(S, 4, r % 2 ? saw : tri, W, Y, 0, BLOCK, V, F, 0, P)
    oscSineBlock(S, 0, sine, W, Y, 0, BLOCK, V, H, 0, P)
    oscTableBlock(S, 4, r % 2 ? saw : tri, W, Y, 0, BLOCK, V, H, 0, P)
    oscSquareBlock(S, 8, saw, W, Y, 0, BLOCK, V, -1, HZ, -1, PW, P)
    oscSquareBlock(S, 8, saw, W, Y, 0, BLOCK, V, F, 0, X, 0, P)
    W.fill(0, Z, Z + BLOCK)
    // Banks adding, writing, writing scaled and divided (tableBank's modes), and times a gain row.
    const mode = r % 3, kVi = mode === 0 ? -1 : r % 2 ? HALF : TWO
    // On plain rows, and on rows in the arena as a program's are: there the saws' wasm loops write
    // directly (osc.ts: runLoops), a branch of their own. Without it, tableAdd3 deoptimised on the
    // first real patch of three-saw banks (P1).
    for (const rows of [W, WQ]) {
      oscBank(S, 0, slots, V, vals, 0, 1, rows, Z, 0, BLOCK, P, mode, -1, -1)
      oscBank(S, 0, slots4.subarray(0, 3), V, vals4.subarray(0, 3), 0, 1, rows, Z, 0, BLOCK, P, 0, -1, -1) // a pair and one
      oscBank(S, 0, slots4.subarray(0, 2 + 2 * (r % 2)), V, vals4.subarray(0, 2 + 2 * (r % 2)), 0, 1, rows, Z, 0, BLOCK, P, mode, kVi, mode !== 0 && r & 2 ? Y : -1) // two or four, scaled
      oscBank(S, 0, slots, V, vals, saw, 0, rows, Z, 0, BLOCK, P, mode, -1, -1)
      oscBank(S, 0, slots4, V, vals4, tri, 0, rows, Z, 0, BLOCK, P, 0, -1, -1)
      oscBank(S, 0, slots.subarray(0, 3), V, vals.subarray(0, 3), r % 2 ? saw : tri, 0, rows, Z, 0, BLOCK, P, mode, kVi, -1)
      oscBank(S, 0, slots.subarray(0, 3), V, plain3, r % 2 ? saw : tri, 0, rows, Z, 0, BLOCK, P, mode, kVi, mode !== 0 && r & 2 ? Y : -1)
      oscBank(S, 0, slots.subarray(0, 2), V, vals.subarray(0, 2), saw, 0, rows, Z, 0, BLOCK, P, mode, kVi, -1)
      // Both of oscRowBank's paths: a row that holds (H) and one that moves (F), in each mode.
      oscRowBank(S, 0, rowSlots, V, ratios, freqs, r % 2 ? saw : tri, rows, Z, 0, BLOCK, P, H, mode, kVi)
      oscRowBank(S, 0, rowSlots.subarray(0, 2), V, ratios.subarray(0, 2), freqs.subarray(0, 2), saw, rows, Z, 0, BLOCK, P, F, mode, kVi)
    }
    // Seeds as units get them (32-bit: beyond the small integers V8 first assumes in a browser);
    // a zero seed would keep white noise at zero.
    if (r === 0) {
      S[12] = seedFor('warm.white')
      S[13] = seedFor('warm.pink')
    }
    whiteBlock(S, 12, W, Y, 0, BLOCK)
    pinkBlock(S, 13, W, Y, 0, BLOCK)
    trigBlock(S, 24, W, Y, 0, BLOCK, V, -1, RATE, -1, HALF, P)
    trigBlock(S, 24, W, Y, 0, BLOCK, V, F, 0, X, 0, P)
    seqBlock(S, 28, W, Z, 0, BLOCK, V, Y, 0, seq)
    // A clock that is a number (`seq(1, ...)`): seqBlock's loop of its own.
    if (r % 4 === 0) seqBlock(S, 28, W, Z, 0, BLOCK, V, -1, HALF, seq)
    adsrBlock(S, 32, W, Y, 0, BLOCK, V, G, 0, -1, A, -1, D, -1, HALF, -1, D, P)
    adsrBlock(S, 36, W, Y, 0, BLOCK, V, G, 0, X, 0, X, 0, X, 0, X, 0, P)
    adsrBlock(S, 80, W, Y, 0, BLOCK, V, G, 0, -1, A, J, 0, -1, HALF, -1, D, P)
    // Into a row in the arena, as a program's are: a held level goes to the wasm fill there
    // (adsr.ts), a loop elsewhere; both taken before V8 optimises the envelope's stages.
    adsrBlock(S, 88, WQ, 15 * BLOCK, 0, BLOCK, V, G, 0, -1, A, -1, D, -1, HALF, -1, D, P)
    // An envelope gated by a trig of its own (the generator's fusion): a fast trig, several runs a block.
    adsrTrigBlock(S, 224, 220, W, Y, 0, BLOCK, V, RATE, HALF, A, D, HALF, D, P)
    // With and without a gain row (a product fused into the filter's pass).
    const gain = r % 2 ? G : -1
    // A cutoff row plain, as an envelope's amount (CUT + row * RATE), and as a knob with an offset
    // (CUT + row).
    const cm = r % 3 ? -1 : RATE, ca = r % 3 === 1 ? -1 : CUT
    filterBlock(S, 40, r % 4, W, Y, 0, BLOCK, V, X, 0, -1, CUT, -1, Q, P, gain, -1, -1)
    filterBlock(S, 48, r % 4, W, Y, 0, BLOCK, V, X, 0, F, 0, -1, TWO, P, gain, cm, ca)
    filterBlock(S, 64, r % 4, W, Y, 0, BLOCK, V, X, 0, H, 0, J, 0, P, -1, cm, ca)
    filterBlock(S, 72, r % 4, W, Y, 0, BLOCK, V, X, 0, -1, CUT, X, 0, P, gain, -1, -1)
    // A filter of white noise (the generator's fusion), its coefficients updated now and then.
    filterNoiseBlock(S, 232, 12, r % 4, W, Y, 0, BLOCK, V, r % 8 ? CUT : CUT2, Q, P, gain)
    // Slots of their own, both filters' coefficients updated now and then: both updates warmed.
    // Gain rows on both, one or neither, in every mode (two lowpasses with both: a loop of its own).
    filterPair(S, 200, 208, r % 4, W, Y, Z, 0, BLOCK, V, X, X, CUT, Q, CUT2, TWO, P, r % 5 ? G : -1, r % 3 ? G : -1)
    // Two lowpasses with gains adding into a sum of rows as its first, middle and last pair.
    filterPair(S, 200, 208, 0, W, Y, Z, 0, BLOCK, V, X, X, CUT, Q, CUT2, TWO, P, G, G, SUM, r % 3, 1 + (r % 2), r % 3 === 2 && r % 2 ? TWO : -1)
    // Two filters at a knob's rows: at rest (one value all block: the pair, its cutoffs to V slots 21
    // and 22) and gliding (each alone).
    filterPairRows(S, 200, 208, r % 4, W, Y, Z, 0, BLOCK, V, X, X, r % 2 ? F : H, H, cm, ca, -1, CUT, Q, TWO, P, gain, r % 3 ? G : -1, 21, 22)
    // Four lowpasses with gains in the arena (the wasm loop), alone or as steps of a sum; and in
    // plain rows or of another mode (run as two pairs).
    WQ.set(W)
    // Four lowpasses at knobs' rows times rows (filterQuadRows), into rows 10-13 of WQ: at rest
    // (their cutoffs to V slots 23-26, then the wasm quad) and, every other round, the first's
    // row gliding (each alone).
    filterQuadRows(S, 160, 168, 176, 184, 0, WQ, 10 * BLOCK, 11 * BLOCK, 12 * BLOCK, 13 * BLOCK, 0, BLOCK, V, X, F, X, G,
      r % 2 ? F : H, H, H, H, cm, ca, -1, CUT, cm, ca, -1, -1, Q, TWO, Q, TWO, P, G, J, G, J, 23, 24, 25, 26)
    const partA = r % 3 === 2 ? 1 : 0, partB = 1 + (r % 2)
    // Slots of their own, apart from filterQuadRows' (whose cutoffs come from rows): the cutoffs
    // hold from round to round, so the check for a new q runs, as it does in a patch's every block
    // after its first (P1's quads deoptimised there on their first real patch).
    filterQuad(S, 256, 264, 272, 280, 0, WQ, Y, Z, H, J, 0, BLOCK, V, X, F, X, G, CUT, Q, CUT2, TWO, CUT, TWO, CUT2, Q, P, G, J, G, J, r % 4 ? SUM : -1, partA, partB, 1 + (r % 2), r % 2 ? TWO : -1)
    if (r % 8 === 0) filterQuad(S, 256, 264, 272, 280, r % 16 ? 0 : 1, W, Y, Z, H, J, 0, BLOCK, V, X, F, X, G, CUT, Q, CUT2, TWO, CUT, TWO, CUT2, Q, P, G, J, G, J, -1, 0, 0, 0, -1)
    delayBlock(buf, S, 56, W, Y, 0, BLOCK, V, X, 0, -1, T, -1, HALF, P)
    // A whole number of samples back (0.5 s, clamped to the line): reads with no fraction.
    delayBlock(buf, S, 56, W, Y, 0, BLOCK, V, X, 0, -1, HALF, -1, HALF, P)
    delayBlock(buf, S, 56, W, Y, 0, BLOCK, V, X, 0, G, 0, X, 0, P)
    delayBlock(buf, S, 56, W, Y, 0, BLOCK, V, X, 0, J, 0, -1, HALF, P)
    // The echo in the arena: its wasm loop, over a span of a block or of an odd length.
    delayBlock(line, S, 120, WQ, 14 * BLOCK, 0, r % 2 ? BLOCK : BLOCK - 3, V, Y, 0, -1, HALF, -1, HALF, P)
    const m = delaySpan(buf.length, W, V, -1, A, BLOCK, P) + delaySpan(buf.length, W, V, G, 0, BLOCK, P)
    for (let s0 = 0; s0 < BLOCK; s0 += m) {
      const s1 = Math.min(BLOCK, s0 + m)
      delayReadBlock(buf, S, 60, W, Z, s0, s1, V, r % 2 ? G : -1, D, P)
      delayWriteBlock(buf, S, 60, W, Z, s0, s1, V, X, 0, -1, PW)
    }
    // The arithmetic between units, every operand combination.
    for (const [a, ak, b, bk] of [[X, 0, Y, 0], [X, 0, -1, HALF], [-1, TWO, Y, 0]]) {
      vAdd(W, Z, V, a, ak, b, bk, 0, BLOCK)
      vSub(W, Z, V, a, ak, b, bk, 0, BLOCK)
      vMul(W, Z, V, a, ak, b, bk, 0, BLOCK)
      vDiv(W, Z, V, a, ak, b, bk, 0, BLOCK)
      vAcc(W, Z, V, a, ak, 0, BLOCK)
      vAddMul(W, Z, V, a, ak, b, bk, HALF, 0, BLOCK)
      vMulAdd(W, Z, V, a, ak, b, bk, Z, 0, 0, BLOCK)
      vMulAdd(W, Z, V, a, ak, b, bk, -1, LOW, 0, BLOCK)
    }
    // Row sums of three to eight rows, plain, scaled and divided.
    vSumRows(W, Z, sumRows.subarray(0, 3 + (r % 6)), V, r % 3, r % 3 === 0 ? -1 : TWO, 0, BLOCK)
    vUnary(W, r % 3, Z, X, 0, BLOCK)
    vClip(W, Z, V, X, 0, -1, LOW, Y, 0, 0, BLOCK)
    vFill(W, Z, V, r % 2 ? -1 : ZERO, 0, BLOCK)
    vRamp(W, Z, V, A, D, BLOCK)
    vCopy(W, Z, out, 0, BLOCK)
    // Now and then a non-finite sample, as a fault makes: the outputs' second, muting pass.
    const keep = W[X + 5], keepQ = WQ[X + 5]
    if (r % 16 === 15) W[X + 5] = WQ[X + 5] = NaN
    vOut(W, L, R, V, X, 0, r % 2 ? Y : -1, ZERO, BLOCK)
    vOutMono(W, L, R, V, r % 4, X, Y, HALF, BLOCK) // a row, scaled, a mix of two, a scaled term added
    vOutMono(WQ, L, R, V, r % 4, X, Y, HALF, BLOCK) // the same from the arena: its wasm pass
    W[X + 5] = keep
    WQ[X + 5] = keepQ
    vVoiceOut(W, out, V, X, 0, Y, 0, r % 3, BLOCK, P) // mono, stereo, product
    vVoiceOut(W, out, V, X, 0, -1, HALF, 1 + (r % 2), BLOCK, P) // a constant operand
  }
  // V8 compiles the loop above with the small kernels inlined into it, and an inlined call does
  // not count towards the kernel's own tier: oscBank, adsrTrigBlock, seqBlock, vSumRows and vFill
  // left the rounds below TurboFan (traced with --trace-opt in Chromium), and P1's render took the
  // ones it uses up a few hundred blocks in. Here they are called through one call site that sees
  // them all, which V8 does not inline, until they are hot on their own: over spans of 16 samples
  // (a span as a loop through a delay runs), since V8 counts a small function's calls, not its samples.
  const settle: [(...a: never[]) => unknown, unknown[]][] = [
    [oscBank, [S, 0, slots.subarray(0, 3), V, vals.subarray(0, 3), saw, 0, W, Z, 0, SPAN, P, 0, -1, -1]],
    [oscBank, [S, 0, slots4, V, vals4, 0, 1, W, Z, 0, SPAN, P, 1, HALF, -1]],
    [oscBank, [S, 0, slots4.subarray(0, 2), V, vals4.subarray(0, 2), 0, 1, W, Z, 0, SPAN, P, 1, HALF, Y]],
    [adsrTrigBlock, [S, 224, 220, W, Y, 0, SPAN, V, RATE, HALF, A, D, HALF, D, P]],
    [seqBlock, [S, 28, W, Z, 0, SPAN, V, Y, 0, seq]],
    [vSumRows, [W, Z, sumRows.subarray(0, 8), V, 0, -1, 0, SPAN]],
    [vFill, [W, Z, V, ZERO, 0, SPAN]],
  ]
  for (let r = 0; r < SETTLE_ROUNDS; r++) for (let k = 0; k < settle.length; k++) (settle[k][0] as (...a: unknown[]) => unknown)(...settle[k][1])
  give(WQ)
  give(line)
  return Date.now() - t0
}

/// Calls of each small kernel through the shared call site (see warmKernels' end), each over SPAN
/// samples: in Chromium 156, 12,000 calls of oscBank left it in Maglev.
const SETTLE_ROUNDS = 20000, SPAN = 16

/// Plays WARM_PATCH on scratch buffers through every engine path a live patch takes (blocks,
/// taps, steps, stats, a knob, a values-only edit, a rebuild with its crossfade, MIDI), so the
/// engine's own per-block code is optimised too, not only the kernels. Returns the milliseconds.
export function warmEngine(sampleRate = 48000, blocks = WARM_BLOCKS): number {
  const t0 = Date.now()
  const e = new Engine(sampleRate)
  const L = new Float32Array(BLOCK), R = new Float32Array(BLOCK)
  warmPolys(e, L, R)
  // Every patch and its edits as the page posts them (loadShape, copy): the load path then meets
  // only the layouts real patches and code have.
  loadShape(e, WARM_PATCH)
  e.setTaps(WARM_PATCH.main.nodes.map((n) => n.name))
  for (let b = 0; b < blocks; b++) {
    e.process(L, R)
    if (b % 12 === 0) {
      e.taps()
      e.steps()
      e.stats()
      e.takeFaults()
    }
    if (b % 40 === 10) e.setControl('cut', 300 + b)
    if (b === blocks >> 2) e.load(copy({ ...WARM_PATCH, values: WARM_PATCH.values.map((v) => v * 1.01) }))
    // A new shape (the same patch under another key): a rebuild, state carried, a crossfade.
    if (b === blocks >> 1) loadShape(e, { ...WARM_PATCH, shapeKey: `${WARM_PATCH.shapeKey} ` })
  }
  // The shapes on an engine of their own: a fresh engine is what the processor plays on, and the
  // engine code optimised on a warm one deoptimised ("wrong map") on its first blocks.
  const fresh = new Engine(sampleRate)
  warmShapes(fresh, L, R)
  // Their memory goes to the pool (memory.ts): the first patch takes it instead of fresh pages.
  e.dispose()
  fresh.dispose()
  return Date.now() - t0
}

/// A copy built as a message's is (the worklet scope has no structuredClone): objects property by
/// property, of other layouts than the literal's, and arrays as V8's deserializer makes them,
/// holey with generic elements (a number boxed) whatever they hold. Copied with `map`, the warm-up's
/// arrays were packed (small integers, doubles or objects) where every real patch's and code's are
/// holey. This copy gives every object of P1's and P4's patch and code the map structuredClone
/// gives it (%HaveSameMap, Node).
function copy<T>(x: T): T {
  if (ArrayBuffer.isView(x)) return (x as unknown as Int32Array).slice() as T
  if (Array.isArray(x)) {
    const a: unknown[] = new Array(x.length)
    // A first element that is not a number makes the elements generic; it is overwritten below.
    if (x.length > 0) a[0] = null
    for (let i = 0; i < x.length; i++) a[i] = copy(x[i])
    return a as T
  }
  if (x === null || typeof x !== 'object') return x
  const o: Record<string, unknown> = {}
  for (const k of Object.keys(x)) o[k] = copy((x as Record<string, unknown>)[k])
  return o as T
}

/// A patch of a new shape loaded as the page posts one (src/audio/host.ts): its lean copy and the
/// code generated for it (patchMessage), as a message's structured clone brings them (copy). A
/// values-only edit comes as the whole patch, without code: `e.load(copy(patch))`. Loaded as
/// literals with the code generated here, the warm-up left carryState's fnOf optimised for other
/// layouts, and it deoptimised ("wrong map") at the IDE's first rebuild after Play: in each of five
/// traced sessions of the app playing the examples (Chromium, --trace-deopt), none in two since.
/// program.ts's indexOf did the same at the first real load in some scopes.
function loadShape(e: Engine, p: CompiledPatch): void {
  const m = copy(patchMessage(p, generate(p)))
  if (m.type !== 'patch') throw new Error('warm-up: not a patch message')
  e.load(m.patch, m.code)
}

/// Plays WARM_SHAPES, then WARM_PATCH again, each as the page posts it, a few dozen
/// blocks each, so the engine's shared code is optimised for programs in general rather than for
/// the one it met first (warm-patch.ts says why).
function warmShapes(e: Engine, L: Float32Array, R: Float32Array): void {
  const loads = [...WARM_SHAPES, WARM_PATCH].map((p) => () => loadShape(e, p))
  for (let round = 0; round < 2; round++) {
    for (const load of loads) {
      load()
      for (let b = 0; b < 30; b++) {
        e.process(L, R)
        if (b % 12 === 0) {
          e.taps()
          e.steps()
          e.stats()
        }
      }
    }
  }
}

/// The shapes with voices for longer, first: polyRun is called once a block, and WARM_PATCH's
/// blocks alone left it short of the calls Chromium's V8 takes to give it its top tier, which it
/// then reached a second or two into the first poly patch (traced with --trace-opt), its compile
/// competing with the render (start-curve.ts: P4's second to fourth 250-block stretches at 1.3-2x
/// the later ones). Played before WARM_PATCH, so that compile is done before the warm-up ends.
///
/// The one played from MIDI, the first (warm-patch.ts), gets a keyboard's messages as it plays:
/// without them its poly's MIDI path had no feedback, and the first MIDI patch deoptimised polyRun
/// (test/unit/engine/warm-deopts.test.ts); played after the others, it deoptimised polyRun within
/// the warm-up, which Chromium's V8 may not have optimised again by its end.
function warmPolys(e: Engine, L: Float32Array, R: Float32Array): void {
  for (const p of WARM_SHAPES) {
    if (p.voices.length === 0) continue
    loadShape(e, p)
    const midi = p.main.units.some((u) => u.steps?.k === 'midi')
    for (let b = 0; b < POLY_BLOCKS; b++) {
      if (midi) playMidi(e, b)
      e.process(L, R)
    }
  }
}

/// A keyboard's messages over the blocks: each key let go four blocks after it was pressed (by a
/// note-off, or a note-on at velocity 0), the sustain pedal down and up, a pitch bend both ways,
/// now and then all notes off.
function playMidi(e: Engine, b: number): void {
  const key = (at: number) => 48 + ((at * 7) % 24)
  if (b % 6 === 0) e.midi([0x90, key(b), 40 + (b % 80)])
  if (b % 6 === 4) e.midi(b % 12 === 4 ? [0x80, key(b - 4), 0] : [0x90, key(b - 4), 0])
  if (b % 50 === 20) e.midi([0xb0, 64, 127])
  if (b % 50 === 45) e.midi([0xb0, 64, 0])
  if (b % 30 === 10) e.midi([0xe0, (b * 13) % 128, (b * 5) % 128])
  if (b % 200 === 199) e.midi([0xb0, 123, 0])
}

/// Blocks per warm shape with voices (four of them): with WARM_PATCH's, polyRun is called over
/// 3,700 times.
const POLY_BLOCKS = 700

/// Blocks of WARM_PATCH (about 2.7 s of sound, rendered in 70-130 ms): enough for the engine's
/// own per-block code to reach TurboFan in Chromium (see ROUNDS).
const WARM_BLOCKS = 1000

let scopeWarmMs: number | null = null

/// What a worklet does once per scope before its first patch: the oscillator tables, the arena's
/// pages mapped (memory.ts `touchArena`), then the kernels and the engine warmed. A second
/// processor in the same scope finds it done. Returns the milliseconds the first call took.
export function warmScope(sampleRate: number): number {
  if (scopeWarmMs === null) {
    const t0 = Date.now()
    prepareTables()
    touchArena()
    warmKernels(sampleRate)
    warmEngine(sampleRate)
    scopeWarmMs = Date.now() - t0
  }
  return scopeWarmMs
}
