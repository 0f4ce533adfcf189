/// Just enough of WebAssembly's binary format to write a module of numeric loops at run time: one
/// imported memory, functions of i32, f64 and v128 parameters and locals, no imports besides the
/// memory. The opcodes the loops use are named in OP (and SIMD's below); a function body is a flat
/// list of bytes.

export const I32 = 0x7f
export const F64 = 0x7c
export const V128 = 0x7b

export const OP = {
  block: 0x02, loop: 0x03, if: 0x04, br: 0x0c, brIf: 0x0d, end: 0x0b, void: 0x40,
  localGet: 0x20, localSet: 0x21, localTee: 0x22,
  i32Load: 0x28, f64Load: 0x2b, i32Store: 0x36, f64Store: 0x39,
  i32Const: 0x41, f64Const: 0x44,
  i32LtU: 0x49, i32GtU: 0x4b, i32GeU: 0x4f, i32Add: 0x6a, i32And: 0x71, i32Shl: 0x74, i32ShrU: 0x76,
  f64Add: 0xa0, f64Sub: 0xa1, f64Mul: 0xa2, f64ConvertI32S: 0xb7, f64ConvertI32U: 0xb8,
} as const

/// Unsigned and signed LEB128.
export function uleb(n: number): number[] {
  const out: number[] = []
  do {
    let b = n & 0x7f
    n >>>= 7
    if (n !== 0) b |= 0x80
    out.push(b)
  } while (n !== 0)
  return out
}

export function sleb(n: number): number[] {
  const out: number[] = []
  for (;;) {
    const b = n & 0x7f
    n >>= 7
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b]
    out.push(b | 0x80)
  }
}

export const i32 = (n: number): number[] => [OP.i32Const, ...sleb(n)]
export const f64 = (x: number): number[] => [OP.f64Const, ...new Uint8Array(Float64Array.of(x).buffer)]
export const get = (i: number): number[] => [OP.localGet, ...uleb(i)]
export const set = (i: number): number[] => [OP.localSet, ...uleb(i)]
export const tee = (i: number): number[] => [OP.localTee, ...uleb(i)]
/// A load or store of a double at the address on the stack plus `offset` bytes (8-byte aligned).
export const load = (offset = 0): number[] => [OP.f64Load, 3, ...uleb(offset)]
export const store = (offset = 0): number[] => [OP.f64Store, 3, ...uleb(offset)]
/// The same for a 32-bit integer (4-byte aligned).
export const loadI32 = (offset = 0): number[] => [OP.i32Load, 2, ...uleb(offset)]
export const storeI32 = (offset = 0): number[] => [OP.i32Store, 2, ...uleb(offset)]

// SIMD (the 0xfd prefix, then the opcode in LEB128): pairs of doubles, f64x2.
const simd = (op: number, ...immediates: number[]): number[] => [0xfd, ...uleb(op), ...immediates]
/// A v128 load or store at the address on the stack plus `offset` bytes (8-byte aligned).
export const vload = (offset = 0): number[] => simd(0x00, 3, ...uleb(offset))
export const vstore = (offset = 0): number[] => simd(0x0b, 3, ...uleb(offset))
/// [the double at the address on the stack, 0].
export const vloadLow = (): number[] => simd(0x5d, 3, 0)
/// The vector on the stack with lane `lane` loaded from the address under it.
export const vloadLane = (lane: number): number[] => simd(0x57, 3, 0, lane)
/// Stores lane `lane` of the vector on the stack at the address under it plus `offset` bytes.
export const vstoreLane = (lane: number, offset = 0): number[] => simd(0x5b, 3, ...uleb(offset), lane)
/// [x, x] as a constant.
export const vconst2 = (x: number): number[] => simd(0x0c, ...new Uint8Array(Float64Array.of(x, x).buffer))
export const SIMD = {
  f64x2Splat: simd(0x14), f64x2Add: simd(0xf0), f64x2Sub: simd(0xf1), f64x2Mul: simd(0xf2), f64x2Abs: simd(0xec),
  f64x2Eq: simd(0x47), f64x2Gt: simd(0x4a), f64x2Pmin: simd(0xf6), f64x2Pmax: simd(0xf7), v128And: simd(0x4e),
  /// The low two floats widened to doubles; two doubles narrowed to the low two floats, the rest 0.
  f64x2PromoteLowF32x4: simd(0x5f), f32x4DemoteF64x2Zero: simd(0x5e),
} as const
/// Lane `lane` of the f64x2 on the stack.
export const extractLane = (lane: number): number[] => simd(0x21, lane)

/// The loops' counted form: `while (i < end) { body; i += step }` over two i32 locals, the count in
/// bytes (unsigned).
export function counted(i: number, end: number, step: number, body: number[]): number[] {
  return [OP.block, OP.void, OP.loop, OP.void, ...get(i), ...get(end), OP.i32GeU, OP.brIf, 1, ...body, ...get(i), ...i32(step), OP.i32Add, ...set(i), OP.br, 0, OP.end, OP.end]
}

export interface WasmFunction {
  name: string
  params: number[]
  /// Local types after the parameters, in order.
  locals: number[]
  body: number[]
}

const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes]
const vector = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()]
const name = (s: string): number[] => vector([...s].map((c) => [c.charCodeAt(0)]))

/// `fns` compiled into a module over `memory` (the DSP's, which every loop reads and writes) and
/// instantiated: its exports, by the functions' names.
export function instantiate(fns: readonly WasmFunction[], memory: WebAssembly.Memory): WebAssembly.Exports {
  const module = new WebAssembly.Module(encodeModule(fns, memory.buffer.byteLength / 65536))
  return new WebAssembly.Instance(module, { env: { memory } }).exports
}

/// A module importing memory `env.memory` of `pages` pages and exporting `fns` by name.
export function encodeModule(fns: readonly WasmFunction[], pages: number): Uint8Array<ArrayBuffer> {
  const types = fns.map((f) => [0x60, ...vector(f.params.map((t) => [t])), 0x00])
  const bodies = fns.map((f) => {
    const code = [...vector(f.locals.map((t) => [1, t])), ...f.body, OP.end]
    return [...uleb(code.length), ...code]
  })
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(types)),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(pages)]])),
    ...section(3, vector(fns.map((_, k) => uleb(k)))),
    ...section(7, vector(fns.map((f, k) => [...name(f.name), 0x00, ...uleb(k)]))),
    ...section(10, vector(bodies)),
  ])
}
