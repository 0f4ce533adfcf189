/// The main function's kernel calls through a table: `vMul(W, 23296, V, 23296, 0, -1, 25, lo, hi);`
/// becomes an entry of the program's call order (its wrapper, and 112: where its integers start in
/// the program's argument table, C.A), w3 one of a few shared wrappers, one per kernel and argument
/// pattern, that reads them and calls the kernel with the same arguments in the same order. A run
/// of such calls is one statement of main, `RUN(C, 0, 375);` (runCalls, shared by every program).
///
/// Why: V8 spends most of a generated function's compile on its call arguments (Chromium, the
/// 200-line bench patch's main, 24 KB: 0.6 ms at best; the same calls without arguments 0.16 ms),
/// and a musician's every shape edit is new code to compile on the audio thread. With a wrapper's
/// call per kernel call (`w3(C, 112);`), that main was 7 KB, and its load with the first block took
/// 0.72 ms against 1.18 (medians of 40 interleaved batches in one Chromium page); as runs it is 1.2
/// KB: load and first block 0.81 against 1.01 ms (medians, interleaved), in the worklet scope the
/// main's compile 0.2 against 0.5 ms. The cost is a call the driver cannot inline (its call of
/// F[i] sees every wrapper): per block, 2-5% more for mains of 36 to 375 calls (the 200-line patch
/// 146 against 143 us, forty oscillators 36.8 against 35.8), where direct calls cost 17-23% more
/// than wrappers' calls did (forty oscillators 32 against 26 us, ten 7.68 against 6.56). The first blocks
/// after a load run no new main to warm: forty oscillators' first ten blocks 70 against 90 us each.
/// Generating costs about 0.15 ms more than direct calls on the page's main thread (the vector
/// operations' and the units' calls arrive as data, KernelCall; the others as text, read back
/// here). Small mains stay direct (TABLE_FROM_CALLS).
///
/// Only calls at the top level of main are tabled; those inside a delay loop's sub-blocks (whose
/// lo and hi change) and the voices' (whose slots are `b+N`) stay as they were.

import type { KernelCall } from './emitters.ts'
import { RUNTIME } from './runtime.ts'
import { header } from './header.ts'

/// What the generated main stores into its context C at the start of each block: its arguments.
const CONTEXT_FIELDS = ['S', 'V', 'CS', 'P', 'T', 'B', 'PL', 'VF', 'W', 'L', 'R', 'n', 'K'] as const

type Wrapper = (C: CallContext, at: number) => unknown

/// The context a program's main and its wrappers share: main's arguments (stored each block), the
/// block's range, the argument table, and main's tabled calls in order (each one's wrapper, and
/// where its integers start in A).
export interface CallContext {
  S: unknown; V: unknown; CS: unknown; P: unknown; T: unknown; B: unknown; PL: unknown; VF: unknown
  W: unknown; L: unknown; R: unknown; n: number; K: unknown
  lo: number
  hi: number
  A: Int32Array
  F: Wrapper[]
  AT: Int32Array
}

/// Runs main's tabled calls from..to-1, as `RUN(C, from, to);` in the generated main asks: one
/// function for every program, optimised once and kept. Its call of F[i] sees every wrapper, so V8
/// inlines none: 2-5% more per block than a main's own call of each wrapper (above).
export function runCalls(C: CallContext, from: number, to: number): void {
  const F = C.F, AT = C.AT
  for (let i = from; i < to; i++) F[i](C, AT[i])
}

/// A program's context: its tabled calls' wrappers (callWrappers) in the order `order` gives, each
/// checked to be one of the patterns and to start inside the argument table.
export function callContext(gen: { calls: readonly string[]; args: Int32Array; order: Int32Array }): CallContext {
  const wrappers = callWrappers(gen.calls)
  const n = gen.order.length >> 1
  if (gen.order.length !== 2 * n) throw new RangeError('call table: an odd call order')
  // Packed (push), not `new Array(n)`: a holey array's element loads in runCalls depend on the
  // prototype chain, and V8 threw runCalls' optimised code away at every load ('dependent
  // prototype chain changed', --trace-deopt in the worklet scope), the new program's first blocks
  // then running it unoptimised.
  const F: Wrapper[] = []
  const AT = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const w = gen.order[2 * i], at = gen.order[2 * i + 1]
    if (!(w >= 0 && w < wrappers.length && at >= 0 && at <= gen.args.length)) throw new RangeError(`call table: call ${i} is outside its tables`)
    F.push(wrappers[w])
    AT[i] = at
  }
  return { S: null, V: null, CS: null, P: null, T: null, B: null, PL: null, VF: null, W: null, L: null, R: null, n: 0, K: null, lo: 0, hi: 0, A: gen.args, F, AT }
}

/// A pattern's argument tokens: an integer from the table (`#`), an element of one of main's
/// arrays picked by an integer from the table (`T#`: T[i]; `PLo#`: PL[i].out), one of main's
/// arguments or its block range (read from C), or a kernel constant of the runtime.
const FROM_TABLE: Record<string, (at: string) => string> = {
  '#': (at) => at,
  // The same, written `(-1)` by the generator (kept for readableMain).
  '(#)': (at) => at,
  'K#': (at) => `C.K[${at}]`,
  'T#': (at) => `C.T[${at}]`,
  'B#': (at) => `C.B[${at}]`,
  'PLo#': (at) => `C.PL[${at}].out`,
}
const FROM_CONTEXT = new Set<string>([...CONTEXT_FIELDS, 'lo', 'hi'])
const CONSTANTS = new Set(['SAW', 'TRI', 'SINE'])
const KERNELS = new Set(Object.keys(RUNTIME).filter((k) => !CONSTANTS.has(k)))
/// Kernels and argument tokens by number: the generator reads a call's pattern as numbers and
/// names it only when it is new (joining each call's tokens into a string to look it up was a
/// third of the reading).
const KERNEL_NAMES = [...KERNELS]
const KERNEL_ID = new Map(KERNEL_NAMES.map((k, i) => [k, i]))
const TOKENS = [...Object.keys(FROM_TABLE), ...FROM_CONTEXT, ...CONSTANTS]
const TOKEN_ID = new Map(TOKENS.map((t, i) => [t, i]))
const [INT, PAREN_INT, BANK] = ['#', '(#)', 'K#'].map((t) => TOKEN_ID.get(t)!)
/// Arguments a tabled call may have.
const MAX_ARGS = 64
/// The tokens of one or two letters (W, V, lo, hi, ...: most of a call's names) by their character
/// codes, read without making a string of each.
const SHORT = new Map<number, number>()
for (const t of [...FROM_CONTEXT, ...CONSTANTS]) if (t.length <= 2) SHORT.set(shortKey(t, 0, t.length), TOKEN_ID.get(t)!)
function shortKey(text: string, from: number, length: number): number {
  return length === 1 ? text.charCodeAt(from) : (text.charCodeAt(from) << 8) | text.charCodeAt(from + 1) | 0x10000
}

/// The int32 written in text[from .. to) as the generator writes one (optional minus, digits, no
/// leading zero), or null.
function intAt(text: string, from: number, to: number): number | null {
  const neg = text.charCodeAt(from) === 45 /* - */
  let i = neg ? from + 1 : from
  if (i >= to || to - i > 10 || (text.charCodeAt(i) === 48 && to - i > 1)) return null
  let x = 0
  for (; i < to; i++) {
    const d = text.charCodeAt(i) - 48
    if (d < 0 || d > 9) return null
    x = x * 10 + d
  }
  x = neg ? -x : x
  return x >= -(2 ** 31) && x < 2 ** 31 ? x : null
}

// ---------------------------------------------------------------------------------------------
// The generator's side

/// Mains with fewer kernel calls keep them direct. There V8 compiles little, and its optimised main
/// inlines small kernels with their arguments as constants, which a shared wrapper cannot (P2, 8
/// calls: 1.90 us a block direct, 2.02 tabled; P1, 22 calls: the same both ways; 36 calls (bench
/// tapsText(10)): 7.68 direct, 6.56 tabled; the 200-line patch, 375 calls: 121 against 114).
export const TABLE_FROM_CALLS = 32

/// Collects one main function's tabled calls: the argument table and the patterns it uses.
export class CallTable {
  readonly args: number[] = []
  /// The patterns, numbered in the order they were first met.
  readonly patterns: string[] = []
  /// Each tabled call in main's order: its pattern's number and where its integers start in args.
  readonly order: number[] = []
  /// The patterns so far by a hash of their numbers: each with its numbers and wrapper.
  private readonly index = new Map<number, { ids: Int32Array; w: number }[]>()
  /// The pattern of the call being read: its kernel's number, then a token's per argument.
  private readonly ids = new Int32Array(MAX_ARGS + 1)
  private count = 0

  /// `locals`: main's hoisted locals and what they stand for (`t3` -> ['T#', 3]).
  /// `from`: the calls from which a main is tabled (TABLE_FROM_CALLS; Infinity for direct calls).
  constructor(private readonly locals: ReadonlyMap<string, readonly [string, number]>, private readonly from = TABLE_FROM_CALLS) {}

  /// main's statements with its top-level kernel calls tabled, when there are TABLE_FROM_CALLS or
  /// more; a statement inside a delay loop's sub-blocks (indented) stays as it is.
  /// A statement is text or a kernel call as the generator made it (`text` writes one out).
  /// Consecutive tabled calls become one statement, `RUN(C, from, to);` (runCalls).
  table(lines: readonly (string | KernelCall)[], text: (c: KernelCall) => string): string[] {
    let calls = 0
    for (const line of lines) if (typeof line !== 'string' || KERNELS.has(line.slice(0, line.indexOf('(')))) calls++
    if (calls < this.from) return lines.map((line) => (typeof line === 'string' ? line : text(line)))
    const out: string[] = []
    let from = -1
    for (const line of lines) {
      const at = this.order.length >> 1
      if (typeof line === 'string' ? !line.startsWith(' ') && this.tabled(line) : this.tabledCall(line)) {
        if (from < 0) from = at
        continue
      }
      if (from >= 0) out.push(`RUN(C, ${from}, ${at});`)
      from = -1
      out.push(typeof line === 'string' ? line : text(line))
    }
    if (from >= 0) out.push(`RUN(C, ${from}, ${this.order.length >> 1});`)
    return out
  }

  /// A kernel call the generator made as data, tabled (true) if the table can hold its arguments:
  /// they are read as tabled() reads them from text, a number as int() writes it (`(-1)` when
  /// negative).
  private tabledCall(c: KernelCall): boolean {
    const fn = KERNEL_ID.get(c.fn)
    if (fn === undefined || c.args.length > MAX_ARGS) return false
    const at = this.args.length
    this.ids[0] = fn
    this.count = 1
    for (const a of c.args) {
      if (typeof a === 'number') {
        if (!((a | 0) === a)) break
        this.ids[this.count++] = a < 0 ? PAREN_INT : INT
        this.args.push(a)
      } else {
        // Most are one of main's arguments or its block range (W, V, lo, hi): read as arg() reads
        // them, without its search for the argument's end.
        const short = a.length <= 2 ? SHORT.get(shortKey(a, 0, a.length)) : undefined
        if (short !== undefined) this.ids[this.count++] = short
        else if (this.arg(a, 0, a.length) !== a.length) break
      }
    }
    if (this.count !== c.args.length + 1) {
      this.args.length = at
      return false
    }
    this.order.push(this.wrapperOf(), at)
    return true
  }

  /// A statement that is a kernel call whose arguments the table can hold, tabled (true, its
  /// integers added to the table); else false. By hand, character by character: this
  /// runs over every argument of a big main (4,000 in the 200-line bench patch) on the page's main
  /// thread, between an edit and its sound.
  private tabled(text: string): boolean {
    const open = text.indexOf('(')
    const end = text.length - 2 // the closing parenthesis
    if (open < 1 || text.charCodeAt(end) !== 41 /* ) */ || text.charCodeAt(end + 1) !== 59 /* ; */) return false
    const fn = KERNEL_ID.get(text.slice(0, open))
    if (fn === undefined) return false
    const at = this.args.length
    this.ids[0] = fn
    this.count = 1
    for (let i = open + 1; i < end; ) {
      const j = this.arg(text, i, end)
      if (j < 0) {
        this.args.length = at
        return false
      }
      i = j === end ? end : j + 2
    }
    this.order.push(this.wrapperOf(), at)
    return true
  }

  /// The wrapper of the pattern just read (its number among this main's).
  private wrapperOf(): number {
    const ids = this.ids, n = this.count
    let h = 0
    for (let i = 0; i < n; i++) h = (Math.imul(h, 31) + ids[i] + 1) | 0
    let bucket = this.index.get(h)
    if (!bucket) this.index.set(h, (bucket = []))
    for (const p of bucket) {
      if (p.ids.length !== n) continue
      let same = true
      for (let i = 0; i < n && same; i++) same = p.ids[i] === ids[i]
      if (same) return p.w
    }
    let pattern = KERNEL_NAMES[ids[0]]
    for (let i = 1; i < n; i++) pattern += ' ' + TOKENS[ids[i]]
    const w = this.patterns.push(pattern) - 1
    bucket.push({ ids: ids.slice(0, n), w })
    return w
  }

  /// The argument at text[from ..]: its token's number into `ids` (and its integer into the
  /// table); where it ends (at ', ' or at `end`), or -1 when the table cannot hold it.
  private arg(text: string, from: number, end: number): number {
    if (this.count > MAX_ARGS) return -1
    let i = from, c = text.charCodeAt(i)
    const paren = c === 40 /* ( */
    if (paren) c = text.charCodeAt(++i)
    const neg = c === 45 /* - */
    if (neg) c = text.charCodeAt(++i)
    if (c >= 48 && c <= 57) {
      // An integer as the generator writes one (intAt), bare or in parentheses: `-1`, `(-1)`.
      // Never past `end`: an argument handed in as a string (`'21760'`) ends at its length, and a
      // read past a string's end deoptimised this function at the 200-line patch's first generate
      // after the IDE's warm-up (Chromium, --trace-deopt).
      const start = neg ? i - 1 : i
      while (c >= 48 && c <= 57) c = ++i < end ? text.charCodeAt(i) : -1
      const x = intAt(text, start, i)
      if (x === null) return -1
      if (paren) {
        if (c !== 41 /* ) */) return -1
        c = ++i < end ? text.charCodeAt(i) : -1
      }
      if (i !== end && (c !== 44 /* , */ || text.charCodeAt(i + 1) !== 32)) return -1
      this.ids[this.count++] = paren ? PAREN_INT : INT
      this.args.push(x)
      return i
    }
    if (paren || neg) return -1
    let j = text.indexOf(', ', from)
    if (j < 0 || j > end) j = end
    const short = j - from <= 2 ? SHORT.get(shortKey(text, from, j - from)) : undefined
    if (short !== undefined) {
      this.ids[this.count++] = short
      return j
    }
    const arg = text.slice(from, j)
    const local = this.locals.get(arg)
    if (local) {
      this.ids[this.count++] = TOKEN_ID.get(local[0])!
      this.args.push(local[1])
      return j
    }
    const token = TOKEN_ID.get(arg)
    if (token !== undefined && !Object.prototype.hasOwnProperty.call(FROM_TABLE, arg)) {
      this.ids[this.count++] = token
      return j
    }
    // K[3]: a bank's table.
    const bank = arg.startsWith('K[') && arg.endsWith(']') ? intAt(arg, 2, arg.length - 1) : null
    if (bank === null) return -1
    this.ids[this.count++] = BANK
    this.args.push(bank)
    return j
  }

  /// For the outer function (before main): the driver of the tabled calls (X is runCalls).
  head(): string {
    return this.patterns.length ? 'const RUN = X;\n' : ''
  }

  /// main's first statement when it has tabled calls: its arguments and block range into C.
  store(): string {
    return this.patterns.length ? `${STORE_CONTEXT}\n  ` : ''
  }
}

const STORE_CONTEXT = `${CONTEXT_FIELDS.map((f) => `C.${f} = ${f};`).join(' ')} C.lo = 0; C.hi = n;`

// ---------------------------------------------------------------------------------------------
// The engine's side

const wrappers = new Map<string, Wrapper>()

/// The wrapper of each pattern, made on its first use in this scope and shared from then on. The
/// patterns arrive with the code (a message from the page): each token is checked against the fixed
/// sets above and the kernel against the runtime's own, so the source made here holds nothing else.
export function callWrappers(patterns: readonly string[]): Wrapper[] {
  return patterns.map((pattern) => {
    let w = wrappers.get(pattern)
    if (w) return w
    const [fn, ...tokens] = pattern.split(' ')
    if (!Object.prototype.hasOwnProperty.call(RUNTIME, fn) || typeof RUNTIME[fn as keyof typeof RUNTIME] !== 'function') {
      throw new RangeError(`call table: no kernel ${JSON.stringify(fn)}`)
    }
    let k = 0
    const args = tokens.map((t) => {
      if (Object.prototype.hasOwnProperty.call(FROM_TABLE, t)) return FROM_TABLE[t](`A[at + ${k++}]`)
      if (FROM_CONTEXT.has(t)) return `C.${t}`
      if (CONSTANTS.has(t)) return t
      throw new RangeError(`call table: unknown argument ${JSON.stringify(t)}`)
    })
    const body = `return function ${fn}$(C, at) {\n  const A = C.A;\n  return ${fn}(${args.join(', ')});\n};`
    // Its first lines as a generated function's: the kernel, and only the tables its tokens name.
    const src = header(body) + body
    w = new Function('D', src)(RUNTIME) as Wrapper
    wrappers.set(pattern, w)
    return w
  })
}

// ---------------------------------------------------------------------------------------------
// For people and tests

/// main's source with each run of tabled calls written out as the generator emitted them (their
/// arguments from the table; T#, B#, K# and PLo# as `T[3]`, `B[0]`, `K[1]`, `PL[0].out`), and the
/// kernels they call bound in its first lines.
export function readableMain(gen: { main: string; args: Int32Array; calls: readonly string[]; order: Int32Array }): string {
  const written = (c: number): string => {
    const [fn, ...tokens] = gen.calls[gen.order[2 * c]].split(' ')
    let i = gen.order[2 * c + 1]
    const args = tokens.map((t) => {
      if (t === '#') return String(gen.args[i++])
      if (t === '(#)') return `(${gen.args[i++]})`
      if (t === 'PLo#') return `PL[${gen.args[i++]}].out`
      if (t.endsWith('#')) return `${t.slice(0, -1)}[${gen.args[i++]}]`
      return t
    })
    return `${fn}(${args.join(', ')});`
  }
  const start = gen.main.indexOf('return (function main(')
  if (start < 0) throw new RangeError('readableMain: not a generated main')
  const fn = gen.main.slice(start).replace(/^( *)RUN\(C, (\d+), (\d+)\);/gm, (_all, indent: string, from: string, to: string) => {
    const lines: string[] = []
    for (let c = Number(from); c < Number(to); c++) lines.push(indent + written(c))
    return lines.join('\n')
  })
  // Its first lines again, for the calls written out.
  return header(fn) + fn
}
