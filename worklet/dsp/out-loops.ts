/// The mono main output's pass (vector.ts's `vOutMono`) as WebAssembly functions, two samples to a
/// vector, one per mode: `a`, `a * k`, `(a + b) * k`, `a + b * k`, clipped to -1..1 and narrowed to
/// single precision into OUT_ROW, from which vOutMono copies the block to both channels; the sum
/// of `x - x` (0 when every sample is finite) left in OUT_FLOATS[1].
///
/// Why: the output's channels are the worklet's arrays, outside the wasm memory, so a loop there
/// must be JS, about 2 ns a sample in Chromium (bench/PROFILE.md, session 20); here a pair of
/// samples is a few vector instructions and the copies are two block moves. Each lane evaluates
/// vOutMono's expressions (the same products and sums; `x > 1 ? 1 : x < -1 ? -1 : x` is
/// pmax(pmin(x, 1), -1), which keeps NaN and -0 as the JS does), and narrowing rounds as a
/// Float32Array store rounds, so the samples are the JS loop's. A test compares them bit for bit
/// at edge values in every mode; it could not catch a reordered sum, whose last-bit difference
/// the narrowing hides almost always, so the order here follows the JS loop's by construction.
///
/// Arguments go through memory, as the other loops' do: OUT_INTS [0] the byte address of row a,
/// [1] of row b; OUT_FLOATS [0] k. The call takes the rows' byte count (8 per sample), even.

import { I32, OP, SIMD, V128, counted, extractLane, get, i32, instantiate, load, loadI32, set, store, vconst2, vload, vstoreLane, type WasmFunction } from './wasm-encode.ts'
import { DSP_MEMORY, OUT_FLOATS, OUT_INTS, OUT_ROW } from './dsp-memory.ts'

const INTS = OUT_INTS.byteOffset, FLOATS = OUT_FLOATS.byteOffset, ROW = OUT_ROW.byteOffset

/// Mode 0: a; 1: a * k; 2: (a + b) * k; 3: a + b * k.
function outLoop(mode: 0 | 1 | 2 | 3): WasmFunction {
  // Parameter 0: the rows' byte count. Locals: rows a and b, the byte index (i32); k, the sum of
  // x - x, a pair's value (v128).
  const end = 0, a = 1, b = 2, at = 3, K = 4, C = 5, X = 6
  const locals = [I32, I32, I32, V128, V128, V128]
  const row = (base: number) => [...get(base), ...get(at), OP.i32Add, ...vload()]
  const value = mode === 0 ? row(a)
    : mode === 1 ? [...row(a), ...get(K), ...SIMD.f64x2Mul]
      : mode === 2 ? [...row(a), ...row(b), ...SIMD.f64x2Add, ...get(K), ...SIMD.f64x2Mul]
        : [...row(a), ...row(b), ...get(K), ...SIMD.f64x2Mul, ...SIMD.f64x2Add]
  const body: number[] = []
  body.push(...i32(0), ...loadI32(INTS), ...set(a), ...i32(0), ...loadI32(INTS + 4), ...set(b))
  body.push(...i32(0), ...load(FLOATS), ...SIMD.f64x2Splat, ...set(K), ...vconst2(0), ...set(C), ...i32(0), ...set(at))
  const pair: number[] = []
  pair.push(...value, ...set(X))
  pair.push(...get(C), ...get(X), ...get(X), ...SIMD.f64x2Sub, ...SIMD.f64x2Add, ...set(C))
  // OUT_ROW + at / 2 (4 bytes a sample): the pair clipped and narrowed.
  pair.push(...get(at), ...i32(1), OP.i32ShrU, ...get(X), ...vconst2(1), ...SIMD.f64x2Pmin, ...vconst2(-1), ...SIMD.f64x2Pmax, ...SIMD.f32x4DemoteF64x2Zero)
  pair.push(...vstoreLane(0, ROW))
  body.push(...counted(at, end, 16, pair))
  body.push(...i32(0), ...get(C), ...extractLane(0), ...get(C), ...extractLane(1), OP.f64Add, ...store(FLOATS + 8))
  return { name: `o${mode}`, params: [I32], locals, body }
}

type Loop = (bytes: number) => void

const loops = instantiate(([0, 1, 2, 3] as const).map(outLoop), DSP_MEMORY)

/// By mode, as vOutMono numbers them.
export const OUT_LOOPS = [loops.o0, loops.o1, loops.o2, loops.o3] as Loop[]
