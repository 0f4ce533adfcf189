/// A level held over a run of a row (adsr.ts's sustain and its silence) written by a WebAssembly
/// function, two samples to a vector.
///
/// Why: the typed array's own `fill` takes the level as an argument of a builtin, which V8's
/// optimised code passes boxed, a number allocated on every call: P1's eight envelopes made 48
/// bytes of garbage a block on the audio thread (Node, sampling heap profiler). A JS loop allocates
/// nothing but took 83 ns a block against fill's 52 in Chromium. Here the level goes through
/// memory, as the other loops' arguments do, and a block is 64 vector stores.
///
/// Arguments: FILL_INTS[0] the row's byte address; FILL_FLOATS[0] the level. The call takes the
/// run's length in bytes (8 per sample), odd counts of samples included.

import { I32, OP, SIMD, V128, counted, get, i32, instantiate, load, loadI32, set, store, vstore, type WasmFunction } from './wasm-encode.ts'
import { DSP_MEMORY, FILL_FLOATS, FILL_INTS } from './dsp-memory.ts'

const INTS = FILL_INTS.byteOffset, FLOATS = FILL_FLOATS.byteOffset

function fillLoop(): WasmFunction {
  // Parameter 0: the run's byte count. Locals: the row's address, the byte index, the end of the
  // pairs (i32); the level twice (v128).
  const bytes = 0, a = 1, at = 2, pairs = 3, X = 4
  const locals = [I32, I32, I32, V128]
  const body: number[] = []
  body.push(...i32(0), ...loadI32(INTS), ...set(a), ...i32(0), ...load(FLOATS), ...SIMD.f64x2Splat, ...set(X))
  body.push(...i32(0), ...set(at), ...get(bytes), ...i32(-16), OP.i32And, ...set(pairs))
  body.push(...counted(at, pairs, 16, [...get(a), ...get(at), OP.i32Add, ...get(X), ...vstore()]))
  // An odd last sample: at is the pairs' end.
  body.push(...get(bytes), ...i32(8), OP.i32And, OP.if, OP.void, ...get(a), ...get(at), OP.i32Add, ...i32(0), ...load(FLOATS), ...store(), OP.end)
  return { name: 'fill', params: [I32], locals, body }
}

const loops = instantiate([fillLoop()], DSP_MEMORY)

export const fillRun = loops.fill as (bytes: number) => void
