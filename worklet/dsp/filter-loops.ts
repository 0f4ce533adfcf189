/// Four lowpasses, each times a row (P1's `filter(lp, ...) * env`), in one WebAssembly loop: two
/// filters to a vector of two doubles (f64x2), two vectors a sample. filter.ts's `filterQuad` calls
/// it for two pairs the scheduler put side by side (schedule.ts).
///
/// Why: each filter is a recursion, and filterPair's two in one JS loop are bound by its latency
/// and by the count of their operations alike. A vector does two filters' operations at once, and
/// two vectors give the CPU two recursions to overlap again: four filters over a block in Chromium
/// take 0.44 us against 0.77 as two JS pairs (bench/PROFILE.md, session 16). Each lane evaluates
/// filterPair's expressions in its order (the same products and sums, left to right), so the
/// samples are the JS loop's: a test compares them bit for bit.
///
/// Arguments go through memory (a call from code V8 has not optimised boxes each double), in
/// QUAD_INTS and QUAD_FLOATS. Integers: [0..3] the byte addresses of the four inputs' first
/// samples, [4..7] the four gain rows', [8..11] the four outputs', [12] the sum row's. Doubles, in
/// pairs (filters 0 and 1, then 2 and 3): [0..5] A, B, F of filters 0 and 1 (A0, A1, B0, B1, F0,
/// F1), [6..11] those of 2 and 3, [12..19] the states (ic1 of 0 and 1, ic2 of 0 and 1, then of 2
/// and 3), written back advanced; [20] the scale a sum is multiplied by (1 for none). The call
/// takes the span's length in bytes (8 per sample; one sample or more). Filter j's sample, with
/// d = x - ic2: ic1' = A ic1 + B d, ic2' = B ic1 + ic2 + F d, out = (ic2' + ic2) 0.5 g. Three
/// functions: no sum; then a pass starting the sum row (`((o0 + o1) + o2) + o3`, times the scale);
/// or adding to it (`(((s + o0) + o1) + o2) + o3`, times the scale).

import { F64, I32, OP, SIMD, V128, get, i32, instantiate, load, loadI32, set, store, tee, vconst2, vload, vloadLane, vloadLow, vstore, vstoreLane, type WasmFunction } from './wasm-encode.ts'
import { DSP_MEMORY, QUAD_FLOATS, QUAD_INTS } from './dsp-memory.ts'

const INTS = QUAD_INTS.byteOffset, FLOATS = QUAD_FLOATS.byteOffset

/// Sum: 0 none, 1 starts the sum row, 2 adds to it.
function quadLoop(sum: 0 | 1 | 2): WasmFunction {
  // Parameter 0: the span's end in bytes. Locals: addresses and the byte index (i32);
  // coefficients, states and temporaries (v128); the scale (f64).
  const end = 0, x = (j: number) => 1 + j, g = (j: number) => 5 + j, o = (j: number) => 9 + j, dRow = 13, at = 14
  const A = (v: number) => 15 + v, B = (v: number) => 17 + v, F = (v: number) => 19 + v, I1 = (v: number) => 21 + v, I2 = (v: number) => 23 + v
  const D = 25, N1 = 26, N2 = 27, Y = 28, K = 29, k = 30
  const locals = [...Array(14).fill(I32), ...Array(15).fill(V128), F64]
  const addr = (base: number) => [...get(base), ...get(at), OP.i32Add]
  const body: number[] = []
  for (let j = 0; j < 13; j++) body.push(...i32(0), ...loadI32(INTS + 4 * j), ...set(1 + j))
  for (let v = 0; v < 2; v++) {
    body.push(...i32(0), ...vload(FLOATS + 48 * v), ...set(A(v)))
    body.push(...i32(0), ...vload(FLOATS + 48 * v + 16), ...set(B(v)))
    body.push(...i32(0), ...vload(FLOATS + 48 * v + 32), ...set(F(v)))
    body.push(...i32(0), ...vload(FLOATS + 96 + 32 * v), ...set(I1(v)))
    body.push(...i32(0), ...vload(FLOATS + 96 + 32 * v + 16), ...set(I2(v)))
  }
  body.push(...i32(0), ...set(at))
  body.push(OP.loop, OP.void)
  for (let v = 0; v < 2; v++) {
    const a = 2 * v, b = 2 * v + 1
    // d = x - ic2
    body.push(...addr(x(b)), ...addr(x(a)), ...vloadLow(), ...vloadLane(1), ...get(I2(v)), ...SIMD.f64x2Sub, ...set(D))
    // ic1' = A ic1 + B d
    body.push(...get(A(v)), ...get(I1(v)), ...SIMD.f64x2Mul, ...get(B(v)), ...get(D), ...SIMD.f64x2Mul, ...SIMD.f64x2Add, ...set(N1))
    // ic2' = B ic1 + ic2 + F d
    body.push(...get(B(v)), ...get(I1(v)), ...SIMD.f64x2Mul, ...get(I2(v)), ...SIMD.f64x2Add, ...get(F(v)), ...get(D), ...SIMD.f64x2Mul, ...SIMD.f64x2Add, ...set(N2))
    // out = (ic2' + ic2) * 0.5 * g
    body.push(...get(N2), ...get(I2(v)), ...SIMD.f64x2Add, ...vconst2(0.5), ...SIMD.f64x2Mul)
    body.push(...addr(g(b)), ...addr(g(a)), ...vloadLow(), ...vloadLane(1), ...SIMD.f64x2Mul, ...set(Y))
    body.push(...addr(o(a)), ...get(Y), ...vstoreLane(0), ...addr(o(b)), ...get(Y), ...vstoreLane(1))
    body.push(...get(N1), ...set(I1(v)), ...get(N2), ...set(I2(v)))
  }
  body.push(...get(at), ...i32(8), OP.i32Add, ...set(at), ...get(at), ...get(end), OP.i32LtU, OP.brIf, 0, OP.end)
  for (let v = 0; v < 2; v++) {
    body.push(...i32(0), ...get(I1(v)), ...vstore(FLOATS + 96 + 32 * v))
    body.push(...i32(0), ...get(I2(v)), ...vstore(FLOATS + 96 + 32 * v + 16))
  }
  if (sum !== 0) {
    // The sum in a pass of its own over the outputs just written, two samples to a vector (lanes
    // are samples here): (((row + o0) + o1) + o2) + o3 times the scale, or from o0 on. Inside the
    // filters' loop, its extractions and additions took the loop from 0.38 to 0.68 us a block
    // (more instructions than the CPU issues while the recursions wait); as a pass, 0.05.
    const terms = (ld: () => number[], add: number[]) => {
      const from = sum === 1 ? [...addr(o(0)), ...ld()] : [...addr(dRow), ...ld(), ...addr(o(0)), ...ld(), ...add]
      return [...from, ...addr(o(1)), ...ld(), ...add, ...addr(o(2)), ...ld(), ...add, ...addr(o(3)), ...ld(), ...add]
    }
    body.push(...i32(0), ...load(FLOATS + 160), ...tee(k), ...SIMD.f64x2Splat, ...set(K), ...i32(0), ...set(at))
    body.push(OP.block, OP.void, OP.loop, OP.void)
    body.push(...get(at), ...i32(16), OP.i32Add, ...get(end), OP.i32GtU, OP.brIf, 1)
    body.push(...addr(dRow), ...terms(() => vload(), SIMD.f64x2Add), ...get(K), ...SIMD.f64x2Mul, ...vstore())
    body.push(...get(at), ...i32(16), OP.i32Add, ...set(at), OP.br, 0, OP.end, OP.end)
    // An odd span's last sample.
    body.push(...get(at), ...get(end), OP.i32LtU, OP.if, OP.void)
    body.push(...addr(dRow), ...terms(() => load(), [OP.f64Add]), ...get(k), OP.f64Mul, ...store(), OP.end)
  }
  return { name: ['q', 'qs', 'qa'][sum], params: [I32], locals, body }
}

type Loop = (bytes: number) => void

const fns = ([0, 1, 2] as const).map(quadLoop)
const loops = instantiate(fns, DSP_MEMORY)

export const quad = loops.q as Loop
export const quadStart = loops.qs as Loop
export const quadAdd = loops.qa as Loop
