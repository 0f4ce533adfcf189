/// The echo's inner loop (delay.ts's `delayBlock` at a whole number of samples with constant time
/// and feedback, P1's `delay(dry, 0.375, 0.4)`) as a WebAssembly function, two samples to a vector:
/// read the line, write the read to the output row, write input plus feedback times the read,
/// settled, back to the line.
///
/// Why: in JS each sample converts a float to a double and back, bounds-checks three arrays and
/// branches twice in `settle`, about 3 ns a sample in Chromium (0.39-0.49 µs a block of P1's echo).
/// Here a pair of samples is a dozen vector instructions and `settle` a mask (bench/PROFILE.md,
/// session 20). Each lane evaluates delayBlock's expressions (input + feedback * read, settled,
/// rounded to single precision as a Float32Array store rounds), so the samples are the JS loop's:
/// a test compares them bit for bit.
///
/// Arguments go through memory (ECHO_INTS, ECHO_FLOATS), as the other loops' do: [0] the line's
/// byte address to read from, [1] to write to, [2] the input row's, [3] the output row's; the
/// feedback. The call takes a count of samples in bytes of the rows (8 per sample), even: the
/// caller runs an odd last sample itself. A pair reads two samples before it writes two, so the
/// read must trail the write by two samples or more, as delayBlock checks.

import { I32, OP, SIMD, V128, counted, get, i32, instantiate, load, loadI32, set, vconst2, vload, vloadLow, vstore, vstoreLane, type WasmFunction } from './wasm-encode.ts'
import { DSP_MEMORY, ECHO_FLOATS, ECHO_INTS } from './dsp-memory.ts'

const INTS = ECHO_INTS.byteOffset, FLOATS = ECHO_FLOATS.byteOffset
/// delay.ts's TINY: a value this small or smaller is written as 0 (settle).
export const ECHO_TINY = 1e-15

function echoLoop(): WasmFunction {
  // Parameter 0: the rows' byte count. Locals: read, write, input and output addresses, the byte
  // index (i32); feedback, TINY, zero, a pair read, a pair's value (v128).
  const end = 0, r = 1, w = 2, x = 3, o = 4, at = 5, G = 6, T = 7, Z = 8, Y = 9, X = 10
  const locals = [I32, I32, I32, I32, I32, V128, V128, V128, V128, V128]
  const body: number[] = []
  for (let j = 0; j < 4; j++) body.push(...i32(0), ...loadI32(INTS + 4 * j), ...set(r + j))
  body.push(...i32(0), ...load(FLOATS), ...SIMD.f64x2Splat, ...set(G), ...vconst2(ECHO_TINY), ...set(T), ...vconst2(0), ...set(Z))
  body.push(...i32(0), ...set(at))
  const pair: number[] = []
  // The pair read, widened, to the output row.
  pair.push(...get(r), ...vloadLow(), ...SIMD.f64x2PromoteLowF32x4, ...set(Y))
  pair.push(...get(o), ...get(at), OP.i32Add, ...get(Y), ...vstore())
  // input + feedback * read
  pair.push(...get(x), ...get(at), OP.i32Add, ...vload(), ...get(G), ...get(Y), ...SIMD.f64x2Mul, ...SIMD.f64x2Add, ...set(X))
  // Settled: kept where |v| > TINY and v - v == 0 (finite), else 0; narrowed to the line.
  pair.push(...get(w), ...get(X), ...get(X), ...SIMD.f64x2Abs, ...get(T), ...SIMD.f64x2Gt, ...get(X), ...get(X), ...SIMD.f64x2Sub, ...get(Z), ...SIMD.f64x2Eq, ...SIMD.v128And, ...SIMD.v128And)
  pair.push(...SIMD.f32x4DemoteF64x2Zero, ...vstoreLane(0))
  pair.push(...get(r), ...i32(8), OP.i32Add, ...set(r), ...get(w), ...i32(8), OP.i32Add, ...set(w))
  body.push(...counted(at, end, 16, pair))
  return { name: 'echo', params: [I32], locals, body }
}

const loops = instantiate([echoLoop()], DSP_MEMORY)

export const echo = loops.echo as (bytes: number) => void
