/// Turns a compiled patch's shape into generated JavaScript: one function for the main scope and
/// one per voice template (run once per voice by `polyRun`), each rendering a block unit by unit
/// with the shared kernels of dsp/ (block-major), in the compiler's order. Alongside, the heap layout: every state slot keyed by node path
/// and state name (`keys.poly.voice3.env.adsr.stage`), so a reload can join old and new heaps.
///
/// The generated text holds only fixed fragments, integers (slot and table indices) and numbers
/// the generator computed itself; names from the patch are looked up in maps and never emitted.

import type { CompiledPatch, Expr, Scope, Unit, VoiceTemplate } from '../../src/language/patch-data.ts'
import { CallTable, TABLE_FROM_CALLS } from './call-table.ts'
import { EMITTERS, call, filterMode, type EmitContext, type Sig, type Stmt } from './emitters.ts'
import { scheduled, type Line } from './schedule.ts'
import type { Generated, Instance, Resource } from './generated.ts'
import { seedFor } from '../dsp/noise.ts'
import { BLOCK, POLY_HEAD, POLY_HEAD_INIT, VOICE_SLOTS, VOICE_SLOTS_INIT, polySlots, voiceBase } from './poly.ts'
import { header } from './header.ts'

const int = (x: number): string => {
  if (!Number.isSafeInteger(x)) throw new RangeError(`codegen: ${x} is not an integer`)
  return x < 0 ? `(${x})` : String(x)
}
/// A statement as code. A loop, not `args.map`: the map deoptimised ("wrong map") at the 200-line
/// patch's first generate after the IDE's warm-up in every Node process tried.
export function stmtText(c: Stmt): string {
  if (typeof c === 'string') return c
  let text = `${c.fn}(`
  for (let i = 0; i < c.args.length; i++) {
    const a = c.args[i]
    text += (i > 0 ? ', ' : '') + (typeof a === 'number' ? int(a) : a)
  }
  return text + ');'
}
/// A value as the two arguments kernels take (see `pair`).
const rowOf = (v: Val): string | number => (v.off < 0 ? '-1' : v.off)
const kOf = (v: Val): string => (v.off < 0 ? v.k : '0')

const num = (x: number): string => {
  if (!Number.isFinite(x)) throw new RangeError(`codegen: ${x} is not a finite number`)
  return x < 0 || Object.is(x, -0) ? `(${x})` : String(x)
}

/// The constants adsrTrigBlock takes, in its order: the trig's rate and duty, the envelope's times
/// and sustain (each checked constant by trigGate, passed as V indices by adsrTrig).
const adsrTrigArgs = (u: Unit, t: Unit): (Expr | undefined)[] => [t.args.rate, t.args.duty, u.args.a, u.args.d, u.args.s, u.args.r]

/// Shared by all scopes of one patch: the heap layout under construction and the resources.
class Builder {
  keys: string[] = []
  init: number[] = []
  owner: number[] = []
  instances: Instance[] = []
  tables: Resource[] = []
  polys: Resource[] = []
  buffers: string[] = []
  templates = new Map<string, { index: number; size: number; offsets: Map<number, number>; delays: Unit[] }>()
  voiceSources: string[] = []
  voiceRows: number[] = []
  banks: Int32Array[] = []
  bufferTimes: number[] = []
  /// Constants the generated code computes into V after the patch's values.
  scalars = 0
  values: number
  controls: Map<string, number>

  constructor(readonly patch: CompiledPatch, readonly pairs = true, readonly tableFrom = TABLE_FROM_CALLS) {
    this.values = patch.values.length
    this.controls = new Map(patch.controls.filter((c) => c.kind === 'knob' || c.kind === 'fader').map((c, i) => [c.name, i]))
  }

  slot(key: string, init: number, owner: number): number {
    this.keys.push(key)
    this.init.push(init)
    this.owner.push(owner)
    return this.keys.length - 1
  }

  /// Lays out a unit's own state at the end of the heap; returns its base.
  unitState(prefix: string, u: Unit, node: string): number {
    const spec = EMITTERS[u.fn].state(u)
    const key = prefix + u.key
    const base = this.keys.length
    const inst = this.instances.length
    const delay = u.fn === 'delay' ? this.buffers.push(`${key}.buffer`) - 1 : -1
    // A delay whose time is a number needs a buffer only that long (see program.ts).
    if (u.fn === 'delay') this.bufferTimes.push(u.args.time?.k === 'value' ? u.args.time.i : -1)
    this.instances.push({ key, fn: u.fn, node, base, size: spec.names.length, delay })
    // A noise's seed, its first slot, is set here from its full key (never 0), so each voice's
    // noise has a seed of its own and voices do not sound alike.
    const seed = u.fn === 'noise' ? seedFor(key) : 0
    const dot = key + '.'
    for (let i = 0; i < spec.names.length; i++) this.slot(dot + spec.names[i], seed && i === 0 ? seed : spec.init[i], inst)
    return base
  }

  template(name: string): { index: number; size: number; offsets: Map<number, number>; delays: Unit[] } {
    const found = this.templates.get(name)
    if (found) return found
    const t = this.patch.voices.find((v) => v.name === name)
    if (!t) throw new RangeError(`codegen: no voice template ${JSON.stringify(name)}`)
    const offsets = new Map<number, number>()
    const delays: Unit[] = []
    let size = 0
    for (const u of t.units) {
      if (u.fn === 'poly') throw new RangeError(`poly inside the voice ${name} is not supported`)
      offsets.set(u.id, size)
      size += EMITTERS[u.fn].state(u).names.length
      if (u.fn === 'delay') delays.push(u)
    }
    const entry = { index: this.templates.size, size, offsets, delays }
    this.templates.set(name, entry)
    this.voiceSources.push('') // reserve the index; filled below (a template cannot contain a poly)
    const gen = new ScopeGen(this, t, true, offsets)
    this.voiceSources[entry.index] = gen.text()
    this.voiceRows[entry.index] = gen.rows
    return entry
  }
}

/// One step of a scope's code: a node, a unit with what its arguments needed, the read or write
/// half of a delay inside a loop. Spans of items between such halves run in short sub-blocks.
interface Item {
  code: Stmt[]
  /// What each line reads and writes (see Line), null for a line nothing may move across.
  info: (Line | null)[]
  /// The delay unit whose read (or write) this item is.
  read?: number
  write?: number
}

/// A delay inside a loop, between its read and its write.
interface Pending {
  u: Unit
  /// Nodes its input reads that were not computed when it was read.
  needs: Set<number>
  rd: number
  fb: Sig
  /// Items of its arguments end before this index (so its time is known from there on).
  argsBefore: number
  time: Sig
}

/// A bank of oscillators summed by one `mix` or sum (see oscBank): frequencies that are numbers, or
/// (`row`) one voice parameter times a number each (see oscRowBank).
interface Bank {
  wave: string
  units: Unit[]
  row?: Expr
}

/// The end of an oscBank call without a gain row (ScopeGen.bankGain gives it one).
const NO_GAIN = `, ${int(-1)});`

/// A bank that runs as one group (two or three saws or triangles, two or four sines: osc.ts), so its
/// pass can take a scale.
const oneGroup = (bank: Bank): boolean => (bank.wave === 'sine' ? bank.units.length === 2 || bank.units.length === 4 : bank.units.length === 2 || bank.units.length === 3)

/// An oscillator frequency that follows a voice parameter: `freq` (ratio -1, the row itself),
/// `freq * 1.5` or `1.5 * freq` (the number's value index).
function rowFreq(f: Expr | undefined): { row: Expr; ratio: number } | null {
  if (!f) return null
  if (f.k === 'param') return { row: f, ratio: -1 }
  if (f.k === 'op' && f.op === '*') {
    if (f.a.k === 'param' && f.b.k === 'value') return { row: f.a, ratio: f.b.i }
    if (f.b.k === 'param' && f.a.k === 'value') return { row: f.b, ratio: f.a.i }
  }
  return null
}

const PARAM_OFFSET: Record<string, number> = { freq: 0, gate: BLOCK, vel: 2 * BLOCK }

/// What the generator offers an emitter for the unit being emitted (see ScopeGen.unit): one per
/// scope, reset for each unit. Keeps what the block reads, and a filter's input, cutoff and q for
/// pairing.
class UnitContext implements EmitContext {
  u: Unit | null = null
  /// The row a filter's cutoff is read from when its amount form (`a + x * m`) is in its pass.
  cutoff: Expr | null = null
  reads: number[] = []
  xs: Sig | null = null
  cs: Sig | null = null
  qs: Sig | null = null
  local = ''
  out = ''
  gain = ''
  amount: readonly [string, string] = NO_AMOUNT

  constructor(readonly g: ScopeGen) {}

  start(u: Unit, cutoff: Expr | null, out: number, gain: number, am: Val | null, aa: Val | null): void {
    this.u = u
    this.cutoff = cutoff
    this.reads = []
    this.xs = this.cs = this.qs = null
    this.local = u.fn === 'seq' || u.fn === 'delay' ? this.g.local(u) : ''
    this.out = int(out)
    this.gain = int(gain)
    // No m (`a + x`): -1, which filterBlock reads as 1.
    this.amount = aa ? [am ? am.k : '-1', aa.k] : NO_AMOUNT
    if (am) this.reads.push(key(am))
    if (aa) this.reads.push(key(aa))
  }

  sig(name: string): Sig {
    const u = this.u!
    const v = this.g.sig(this.cutoff && name === 'cutoff' ? this.cutoff : this.g.arg(u, name))
    if (name === 'input') this.xs = v
    else if (name === 'cutoff') this.cs = v
    else if (name === 'q') this.qs = v
    this.reads.push(key(v))
    return v
  }

  slot(i = 0): string {
    return this.g.slotCode(this.u!, i)
  }
}

const NO_AMOUNT = ['-1', '-1'] as const

/// Code generation for one scope (main or a voice template): block-major. Each unit is one call of
/// its kernel over the block (its state in the kernel's locals); nodes and arithmetic are short
/// loops over the work array W; generated code only wires offsets. Kernels are shared functions,
/// optimised once and kept across reloads, so a new program is mostly warm code.
class ScopeGen {
  items: Item[] = []
  code: Stmt[] = []
  info: (Line | null)[] = []
  rows: number
  unitOff = new Map<number, number>()
  nodeOff: number[] = []
  nodeDone = new Set<number>()
  emitted = new Set<number>()
  units: Map<number, Unit>
  mono: boolean
  nodes: Map<string, number>
  uses = new Map<number, number>()
  banks = new Map<number, Bank>()
  bankOf = new Map<number, Bank>()
  /// Filters whose one use is a node that is their product with a row (`node v = filter(lp, x, 1200,
  /// 0.7) * env`), by unit id, with that product: the filter's pass multiplies (filterBlock's and
  /// filterPair's gain row) instead of a pass of its own.
  gained = new Map<number, Expr>()
  /// The last sine bank that wrote a whole sum as one group (its pass scaled it, if at all), while
  /// its call is the last statement: a product of its row with another row can still go into its
  /// pass (oscBank's gain row) instead of a vMul pass of its own.
  lastBank: { code: Stmt[]; at: number; r: number } | null = null
  pending: Pending[] = []
  /// Each knob's or fader's row (by control index).
  ramps = new Map<number, number>()
  spans: { read: number; write: number; p: Pending }[] = []
  usedValues = new Set<number>()
  usedControls = new Set<number>()
  /// Locals read once per block (a step table, a delay buffer, a poly and its output), each with the
  /// names it declares: head() keeps those the code reads.
  hoist: { names: string[]; line: string }[] = []
  locals = new Map<number, string>()
  /// The hoisted locals a tabled call may take, and what each stands for (see call-table.ts).
  tableLocals = new Map<string, readonly [string, number]>()
  /// The main scope's tabled calls (null in a voice).
  calls: CallTable | null
  prologue: string[] = []
  mainDelays: string[] = []
  readonly ctx = new UnitContext(this)

  /// `slots`: where each unit's state starts, relative to the voice's base in a voice; in the main
  /// scope, its heap index, set once layoutMain has laid the heap out (null before).
  constructor(readonly b: Builder, readonly scope: Scope, readonly voice: boolean, public slots: Map<number, number> | null) {
    // Set one by one: a pair array per entry for the Map constructor is garbage.
    this.units = new Map()
    for (const u of scope.units) this.units.set(u.id, u)
    this.nodes = new Map()
    for (let i = 0; i < scope.nodes.length; i++) this.nodes.set(scope.nodes[i].name, i)
    // A mono out is the same expression twice, computed once: the same object from the compiler
    // (and after a structured clone, which keeps shared references), or written out twice alike.
    const [l, r] = scope.out
    this.mono = l === r || JSON.stringify(l) === JSON.stringify(r)
    // A voice's first three rows hold its freq, gate and vel for the block.
    this.rows = voice ? 3 : scope.nodes.length
    this.calls = voice ? null : new CallTable(this.tableLocals, b.tableFrom)
    this.findBanks()
    this.findGains()
  }

  /// Fills `gained`: a node that is `filter(...) * x` or `x * filter(...)`, the filter used only
  /// there, x a signal. The product is in the filter's loop where its cutoff and q hold still over
  /// the block (constants, or a knob at rest: a pair's loop, or filterBlock's constant path), and a
  /// pass of filterBlock's own after its loop where they move; the same products either way.
  findGains(): void {
    for (const node of this.scope.nodes) {
      const e = node.expr
      const f = this.gainedFilter(e)
      if (f !== null) this.gained.set(f, e)
    }
  }

  gainedFilter(e: Expr): number | null {
    if (e.k !== 'op' || e.op !== '*' || this.isConst(e.a) || this.isConst(e.b)) return null
    for (const [s, other] of [[e.a, e.b], [e.b, e.a]] as const) {
      if (s.k !== 'unit' || other.k === 'unit' && other.id === s.id) continue
      const u = this.units.get(s.id)
      if (!u || u.fn !== 'filter' || this.uses.get(u.id) !== 1 || this.bankOf.has(u.id)) continue
      return u.id
    }
    return null
  }

  row(): number {
    return (this.rows++) * BLOCK
  }

  /// Adds a line of code with what it reads and writes (null: nothing may move across it).
  emit(text: Stmt, line: Line | null): void {
    this.code.push(text)
    this.info.push(line)
  }

  value(i: number): string {
    if (!Number.isInteger(i) || i < 0 || i >= this.b.values) throw new RangeError(`codegen: value index ${i}`)
    this.usedValues.add(i)
    return `v${int(i)}`
  }

  control(name: string): number {
    const i = this.b.controls.get(name)
    if (i === undefined) throw new RangeError(`codegen: no knob or fader ${JSON.stringify(name)}`)
    this.usedControls.add(i)
    return i
  }

  /// Whether an expression is a signal with a row of its own: not constant, and not a banked
  /// oscillator (whose samples exist only summed into its bank's row).
  isRow(e: Expr): boolean {
    return !this.isConst(e) && !(e.k === 'unit' && this.bankOf.has(e.id))
  }

  /// Whether an expression is constant over a block (numbers, beat and arithmetic of them).
  isConst(e: Expr): boolean {
    switch (e.k) {
      case 'value': case 'beat': return true
      case 'op': return this.isConst(e.a) && this.isConst(e.b)
      case 'neg': return this.isConst(e.a)
      case 'helper': {
        for (const a of e.args) if (!this.isConst(a)) return false
        return true
      }
      default: return false
    }
  }

  /// Code of an expression once per block: controls at their block-start value (`block`) or not at all.
  scalar(e: Expr, block = false): string {
    switch (e.k) {
      case 'value': return this.value(e.i)
      case 'beat': return 'beat'
      case 'control':
        if (!block) throw new RangeError('codegen: a control is not constant over a block')
        return `c${int(this.control(e.name))}s`
      case 'op': return `(${this.scalar(e.a, block)} ${op(e.op)} ${this.scalar(e.b, block)})`
      case 'neg': return `(-${this.scalar(e.a, block)})`
      case 'helper': return helper(e.fn, e.args.map((a) => this.scalar(a, block)))
      default: throw new RangeError(`codegen: ${e.k} is not constant over a block`)
    }
  }

  /// An expression's block, as calls of the vector kernels (dsp/vector.ts) into rows of W: a
  /// constant comes back as a scalar, a node, unit, parameter or control as its row, anything else
  /// as a temporary row (which an enclosing operation may overwrite in place).
  ev(e: Expr): Val {
    if (this.isConst(e)) {
      if (e.k === 'value') {
        // Passed by index: validated, not loaded into a local.
        if (!Number.isInteger(e.i) || e.i < 0 || e.i >= this.b.values) throw new RangeError(`codegen: value index ${e.i}`)
        return { off: -1, k: int(e.i), temp: false }
      }
      return { off: -1, k: int(this.constant(this.scalar(e))), temp: false }
    }
    switch (e.k) {
      case 'node': return { off: this.nodeAt(e.name), k: '0', temp: false }
      case 'unit':
        if (this.bankOf.has(e.id)) throw new RangeError(`codegen: banked unit ${e.id} outside its mix`)
        return { off: this.unitAt(e.id), k: '0', temp: false }
      case 'param': return { off: this.param(e.name), k: '0', temp: false }
      case 'control': return { off: this.ramp(e.name), k: '0', temp: false }
      case 'op': {
        // A filter's product with a row (see `gained`): the other factor first, then the filter,
        // which multiplies by it in its pass (the same products, rounded once, as vMul's).
        const f = e.op === '*' ? this.gainedFilter(e) : null
        if (f !== null && this.gained.get(f) === e) {
          const u = this.units.get(f)!
          const other = e.a.k === 'unit' && e.a.id === f ? e.b : e.a
          const g = this.ev(other)
          if (g.off < 0) throw new RangeError('codegen: a fused product with a constant')
          this.unit(f, g.off)
          if (!this.emitted.has(u.id)) throw new RangeError('codegen: a fused filter was not emitted')
          return { off: this.unitAt(f), k: '0', temp: true }
        }
        // A sum that is one bank of one group, divided or multiplied by a constant: the bank's pass
        // takes the scale.
        if ((e.op === '/' || e.op === '*') && this.isConst(e.b) && e.a.k === 'op' && e.a.op === '+') {
          const terms = sumTerms(e.a)
          const first = terms[0].k === 'unit' ? this.bankOf.get(terms[0].id) : undefined
          if (first && oneGroup(first) && terms.every((t) => t.k === 'unit' && this.bankOf.get(t.id) === first)) {
            const c = this.ev(e.b)
            return this.sum(terms, false, { mode: e.op === '/' ? 2 : 1, kVi: Number(c.k) })
          }
          // Likewise a sum of three or more rows (`(v0 + ... + v7) / 8`): its last pass scales.
          const chain = chainTerms(e.a)
          if (this.rowsOnly(chain)) {
            const c = this.ev(e.b)
            return this.rowSum(chain, e.op === '/' ? 2 : 1, Number(c.k))
          }
        }
        // A sum holding a bank is summed as a mix is (unscaled), the bank in one call; a chain of
        // sums holding a product likewise, each product in the sum's pass (vMulAdd). Only the
        // left-nested chain, ((a + b) + c), is taken: the order the sum adds in.
        if (e.op === '+') {
          const terms = sumTerms(e)
          if (terms.some((t) => t.k === 'unit' && this.bankOf.has(t.id))) return this.sum(terms, false)
          const chain = chainTerms(e)
          if (chain.some((t) => this.isProduct(t))) return this.sum(chain, false)
          if (this.rowsOnly(chain)) return this.rowSum(chain, 0, -1)
        }
        const a = this.ev(e.a), b = this.ev(e.b)
        if (e.op === '*') {
          const fused = this.bankGain(a, b) ?? this.bankGain(b, a)
          if (fused) return fused
        }
        const d = a.temp ? a.off : b.temp ? b.off : this.row()
        this.emit(call(OPS[op(e.op)], 'W', d, 'V', rowOf(a), kOf(a), rowOf(b), kOf(b), 'lo', 'hi'), { reads: [key(a), key(b)], writes: [d] })
        return { off: d, k: '0', temp: true }
      }
      case 'neg': return this.unary(0, e.a)
      case 'helper': {
        if (e.fn === 'mix' && e.args.length > 0) return this.sum(e.args, true)
        if ((e.fn === 'tanh' || e.fn === 'abs') && e.args.length === 1) return this.unary(e.fn === 'tanh' ? 1 : 2, e.args[0])
        if (e.fn === 'clip' && e.args.length === 3) {
          // Not destructured from a map(): V8's optimised map() builds an array of another
          // elements kind than the interpreter's, and the destructuring's iterator then
          // deoptimised ev, the generator's busiest function ("wrong map"), right after its
          // optimisation, every time.
          const x = this.ev(e.args[0]), l = this.ev(e.args[1]), h = this.ev(e.args[2])
          const d = x.temp ? x.off : this.row()
          this.emit(call('vClip', 'W', d, 'V', rowOf(x), kOf(x), rowOf(l), kOf(l), rowOf(h), kOf(h), 'lo', 'hi'), { reads: [key(x), key(l), key(h)], writes: [d] })
          return { off: d, k: '0', temp: true }
        }
        throw new RangeError(`codegen: helper ${JSON.stringify(e.fn)} with ${e.args.length} arguments`)
      }
      default: throw new RangeError(`codegen: ${e.k} is not a signal`)
    }
  }

  /// Terms a row sum takes: three or more, none a constant, a product or a banked oscillator.
  rowsOnly(terms: Expr[]): boolean {
    return terms.length >= 3 && terms.every((t) => this.isRow(t) && !this.isProduct(t))
  }

  /// A sum of rows in vSumRows' few passes, scaled (mode 1 or 2 by V[kVi]) or not (kVi -1).
  rowSum(terms: Expr[], mode: number, kVi: number): Val {
    const vals = terms.map((t) => this.ev(t))
    const offs = vals.map((v) => {
      if (v.off < 0 || !Number.isSafeInteger(v.off)) throw new RangeError('codegen: a row sum term is not a row')
      return v.off
    })
    const r = this.row()
    const k = this.b.banks.push(Int32Array.from(offs)) - 1
    this.emit(call('vSumRows', 'W', r, `K[${int(k)}]`, 'V', mode, kVi, 'lo', 'hi'), { reads: kVi >= 0 ? [...offs, -(kVi + 1)] : offs, writes: [r], sum: { d: r, rows: offs, mode, kVi } })
    return { off: r, k: '0', temp: true }
  }

  /// `bank * g`, bank the row a sine bank has just written as one group, g another row: the bank's
  /// call takes g as its gain row, and its pass multiplies by it (`y * k * W[g + i]`: the product
  /// vMul would take next, rounded the same). Null where that does not hold.
  bankGain(bank: Val, g: Val): Val | null {
    const last = this.lastBank
    if (!last || last.code !== this.code || last.at !== this.code.length - 1 || !bank.temp || bank.off !== last.r || g.off < 0) return null
    const code = this.code[last.at]
    if (typeof code !== 'string' || !code.endsWith(NO_GAIN)) throw new RangeError('codegen: a bank call without its gain argument')
    this.code[last.at] = `${code.slice(0, -NO_GAIN.length)}, ${int(g.off)});`
    this.info[last.at]!.reads.push(key(g))
    this.lastBank = null
    return { off: bank.off, k: '0', temp: true }
  }

  /// A product of two blocks, or of a block and a constant (not two constants, which fold).
  isProduct(e: Expr): boolean {
    return e.k === 'op' && e.op === '*' && !this.isConst(e)
  }

  unary(fn: number, e: Expr): Val {
    const a = this.ev(e)
    if (a.off < 0) throw new RangeError('codegen: a constant reached a block operation')
    const d = a.temp ? a.off : this.row()
    this.emit(call('vUnary', 'W', fn, d, a.off, 'lo', 'hi'), { reads: [a.off], writes: [d] })
    return { off: d, k: '0', temp: true }
  }

  /// A constant computed in the generated code, stored in a V slot of its own (after the patch's
  /// values) so kernels read it by index: passing a double to a call boxes it.
  constant(code: string): number {
    const j = this.b.values + this.b.scalars++
    this.emit(`V[${int(j)}] = ${code};`, { reads: [], writes: [-(j + 1)] })
    return j
  }

  /// A knob's or fader's block, filled once at the top of the function.
  ramp(name: string): number {
    const i = this.control(name)
    const have = this.ramps.get(i)
    if (have !== undefined) return have
    const r = this.row()
    this.ramps.set(i, r)
    return r
  }

  param(name: string): number {
    if (!this.voice) throw new RangeError(`codegen: voice parameter ${JSON.stringify(name)} outside a voice`)
    const off = PARAM_OFFSET[name]
    if (off === undefined) throw new RangeError(`codegen: no voice parameter ${JSON.stringify(name)}`)
    return off
  }

  nodeAt(name: string): number {
    const i = this.nodes.get(name)
    if (i === undefined || !this.nodeDone.has(i)) throw new RangeError(`codegen: node ${JSON.stringify(name)} is not readable here`)
    return this.nodeOff[i]
  }

  unitAt(id: number): number {
    const off = this.unitOff.get(id)
    if (off === undefined) throw new RangeError(`codegen: unit ${id} read before it is computed`)
    return off
  }

  /// A mix (`mean`) or a sum: its terms summed into a row of its own in order (banked oscillators by
  /// their bank's one call), a mix then scaled by 1 / terms. The first two value terms make the row
  /// in one pass (vAdd), and a value term written last takes a mix's scale into its pass (vAddMul):
  /// `mix(a, b)` is one pass, not a fill, two adds and a scale. The roundings are the same, in the
  /// same order: ((a + b) + c) * k.
  ///
  /// A bank whose pass comes first writes the row (no fill before it), and a bank of one group that
  /// is the whole sum takes the mix's scale, or `scale` (the sum divided, mode 2, or multiplied,
  /// mode 1, by the constant V[kVi]: `(osc(saw, a) + osc(saw, b)) / 2`), into that pass.
  sum(args: Expr[], mean: boolean, by?: { mode: number; kVi: number }): Val {
    const r = this.row()
    // The term whose pass comes last (a bank's pass is at its first member). Banks are few: arrays.
    const seen: Bank[] = []
    let last = -1
    for (let i = 0; i < args.length; i++) {
      const bank = this.termBank(args[i])
      if (!bank || !seen.includes(bank)) last = i
      if (bank && !seen.includes(bank)) seen.push(bank)
    }
    const k = mean ? this.constant(num(1 / args.length)) : -1
    const kr = -(k + 1)
    let filled = false // r holds the sum so far
    let scaled = false
    let first: Val | null = null // a value term held back, to be added to the next in one pass
    const done: Bank[] = []
    let scaledBy: number | null = null // the scale's V index, once a bank's pass took it
    // Loops, not forEach with closures made per call (see eachExpr); the fill is fillRow's.
    for (let i = 0; i < args.length; i++) {
      const a = args[i]
      const bank = this.termBank(a)
      if (bank) {
        if (done.includes(bank)) continue
        done.push(bank)
        const writes = !filled && !first
        const whole = writes && oneGroup(bank) && this.allInBank(args, bank)
        let mode = writes ? 1 : 0, kVi = -1
        if (whole && mean) {
          kVi = k
          scaled = true
        } else if (whole && by) {
          mode = by.mode
          kVi = by.kVi
          scaledBy = kVi
        }
        if (!filled && !writes) {
          this.fillRow(r, first)
          first = null
        }
        filled = true
        const call = this.bankCall(bank, r, mode, kVi)
        this.emit(call.code, { reads: kVi >= 0 ? [...call.reads, -(kVi + 1)] : call.reads, writes: [r] })
        if (whole && bank.wave === 'sine') this.lastBank = { code: this.code, at: this.code.length - 1, r }
        continue
      }
      const scale = mean && i === last
      if (!scale && a.k === 'op' && this.isProduct(a)) {
        // A product added in one pass with the sum so far, or with the value term held back.
        const x = this.ev(a.a), y = this.ev(a.b)
        if (filled || first) {
          const c = filled ? { off: r, k: '0', temp: true } : first!
          this.emit(call('vMulAdd', 'W', r, 'V', rowOf(x), kOf(x), rowOf(y), kOf(y), rowOf(c), kOf(c), 'lo', 'hi'), { reads: [key(x), key(y), key(c)], writes: [r] })
          first = null
        } else this.emit(call('vMul', 'W', r, 'V', rowOf(x), kOf(x), rowOf(y), kOf(y), 'lo', 'hi'), { reads: [key(x), key(y)], writes: [r] })
        filled = true
        continue
      }
      const v = this.ev(a)
      if (!filled && !first && i !== last) {
        first = v
        continue
      }
      if (!filled && first && (first.off >= 0 || v.off >= 0)) {
        const [x, y] = [first, v]
        first = null
        filled = true
        if (scale) {
          this.emit(call('vAddMul', 'W', r, 'V', rowOf(x), kOf(x), rowOf(y), kOf(y), k, 'lo', 'hi'), { reads: [key(x), key(y), kr], writes: [r] })
          scaled = true
        } else this.emit(call('vAdd', 'W', r, 'V', rowOf(x), kOf(x), rowOf(y), kOf(y), 'lo', 'hi'), { reads: [key(x), key(y)], writes: [r] })
        continue
      }
      if (!filled) {
        this.fillRow(r, first)
        first = null
        filled = true
      }
      if (scale) {
        this.emit(call('vAddMul', 'W', r, 'V', r, '0', rowOf(v), kOf(v), k, 'lo', 'hi'), { reads: [r, key(v), kr], writes: [r] })
        scaled = true
      } else this.emit(call('vAcc', 'W', r, 'V', rowOf(v), kOf(v), 'lo', 'hi'), { reads: [key(v), r], writes: [r] })
    }
    if (!filled) this.fillRow(r, first)
    if (mean && !scaled) this.emit(call('vMul', 'W', r, 'V', r, '0', '-1', k, 'lo', 'hi'), { reads: [r, kr], writes: [r] })
    if (by && scaledBy === null) {
      // Not taken by a bank: the division's or product's own pass.
      this.emit(call(by.mode === 2 ? 'vDiv' : 'vMul', 'W', r, 'V', r, '0', '-1', by.kVi, 'lo', 'hi'), { reads: [r, -(by.kVi + 1)], writes: [r] })
    }
    return { off: r, k: '0', temp: true }
  }

  /// A sum's row started from nothing: zeros, plus the value term held back (`first`), if any.
  fillRow(r: number, first: Val | null): void {
    this.emit(call('vFill', 'W', r, 'V', '-1', 'lo', 'hi'), { reads: [], writes: [r] })
    if (first) this.emit(call('vAcc', 'W', r, 'V', rowOf(first), kOf(first), 'lo', 'hi'), { reads: [key(first), r], writes: [r] })
  }

  /// A unit's first slot, as code: `b+3` in a voice, the heap index in the main scope ('0' before
  /// its layout).
  slotOf(u: Unit): string {
    return this.voice ? `b+${int(this.offsetOf(u))}` : String(this.offsetOf(u))
  }

  /// A unit's first slot relative to the scope's base (the heap index in the main scope).
  offsetOf(u: Unit): number {
    return this.slots ? this.slots.get(u.id)! : 0
  }

  /// The bank a sum's term is a member of, if any.
  termBank(a: Expr): Bank | undefined {
    return a.k === 'unit' ? this.bankOf.get(a.id) : undefined
  }

  /// Whether every term of a sum is a member of `bank` (the bank's pass can then take the sum whole).
  allInBank(terms: Expr[], bank: Bank): boolean {
    for (const t of terms) if (this.termBank(t) !== bank) return false
    return true
  }

  /// Oscillators a `mix` or a sum (`a + b + c`) adds that can run as a bank: same wave (sine, saw,
  /// tri), a frequency that is a number, read nowhere else. Two or more of a wave in one sum make a
  /// bank. Saws and triangles whose frequencies are one voice parameter times numbers make a bank
  /// of their own (sines not: a banked sine runs an integer phase, which would change its samples).
  findBanks(): void {
    this.eachExpr(this.countUses)
    this.eachExpr(this.sumBanks)
  }

  // The walks below are methods, not closures made in findBanks: V8 holds a closure's optimised
  // code only while an instance of it lives, so closures made per generate lost theirs at every
  // full collection and were optimised again at the next edit (--trace-opt, Node and Chromium).

  /// Calls `f` on every expression of the scope: its nodes', its outs' and its units' arguments.
  /// Walked in place, not gathered into one array first (a spread of Object.values of every unit's
  /// arguments was 5% of the 200-line bench patch's generate in Node).
  eachExpr(f: (this: ScopeGen, e: Expr) => void): void {
    for (const n of this.scope.nodes) f.call(this, n.expr)
    const [l, r] = this.scope.out
    f.call(this, l)
    if (!this.mono) f.call(this, r)
    for (const u of this.scope.units) for (const name in u.args) f.call(this, u.args[name])
  }

  /// Counts the units each expression reads (`uses`).
  countUses(e: Expr): void {
    switch (e.k) {
      case 'unit': this.uses.set(e.id, (this.uses.get(e.id) ?? 0) + 1); break
      case 'op': this.countUses(e.a); this.countUses(e.b); break
      case 'neg': this.countUses(e.a); break
      case 'helper': for (const a of e.args) this.countUses(a); break
      default: break
    }
  }

  /// Finds the banks among the terms of every sum and mix (bankTerms).
  sumBanks(e: Expr): void {
    switch (e.k) {
      case 'op': {
        if (e.op !== '+') { this.sumBanks(e.a); this.sumBanks(e.b); return }
        const terms = sumTerms(e)
        for (const t of terms) this.sumBanks(t)
        this.bankTerms(terms)
        return
      }
      case 'neg': this.sumBanks(e.a); return
      case 'helper':
        for (const a of e.args) this.sumBanks(a)
        if (e.fn === 'mix') this.bankTerms(e.args)
        return
      default: return
    }
  }

  /// One sum's or mix's banks: two or more oscillators of one wave (and, for saws and triangles,
  /// one row of frequency), each read only here.
  bankTerms(terms: Expr[]): void {
    // Made at the first oscillator: most sums have none.
    let byWave: Map<string, Bank> | null = null
    for (const a of terms) {
      if (a.k !== 'unit' || this.uses.get(a.id) !== 1) continue
      const u = this.units.get(a.id)
      if (!u || u.fn !== 'osc' || !u.mode || !['sine', 'saw', 'tri'].includes(u.mode)) continue
      const rf = u.mode === 'sine' ? null : rowFreq(u.args.freq)
      if (u.args.freq?.k !== 'value' && !rf) continue
      const key = rf ? `${u.mode} ${JSON.stringify(rf.row)}` : u.mode
      byWave ??= new Map()
      const bank = byWave.get(key) ?? { wave: u.mode, units: [], row: rf?.row }
      bank.units.push(u)
      byWave.set(key, bank)
    }
    if (byWave) for (const bank of byWave.values()) {
      if (bank.units.length < 2) continue
      for (const u of bank.units) this.bankOf.set(u.id, bank)
    }
  }

  bankCall(bank: Bank, r: number, mode: number, kVi: number): { code: string; reads: number[] } {
    const tail = `${int(mode)}, ${int(kVi)}`
    const base = this.voice ? 'b' : '0'
    const slots = Int32Array.from(bank.units, (u) => this.offsetOf(u))
    if (bank.row) {
      const f = this.ev(bank.row)
      if (f.off < 0) throw new RangeError('codegen: a bank row is not a row')
      // Value indices (validated, read by the kernel from V), and a V slot per oscillator for the
      // frequency the kernel computes while the row holds.
      const ratios = Int32Array.from(bank.units, (u) => {
        const rf = rowFreq(u.args.freq)
        if (!rf || (rf.ratio !== -1 && (!Number.isInteger(rf.ratio) || rf.ratio < 0 || rf.ratio >= this.b.values))) throw new RangeError('codegen: bank frequency is not a row times a value')
        return rf.ratio
      })
      const freqs = Int32Array.from(bank.units, () => this.b.values + this.b.scalars++)
      for (const u of bank.units) this.emitted.add(u.id)
      const k = this.b.banks.push(slots, ratios, freqs) - 3
      const set = bank.wave === 'saw' ? 'SAW' : 'TRI'
      return { code: `oscRowBank(S, ${base}, K[${int(k)}], V, K[${int(k + 1)}], K[${int(k + 2)}], ${set}, W, ${int(r)}, lo, hi, P, ${int(f.off)}, ${tail});`, reads: [r, f.off] }
    }
    const vals = Int32Array.from(bank.units, (u) => {
      const f = u.args.freq
      // Read by the kernel from V: validated here, not hoisted into the generated code.
      if (f.k !== 'value' || !Number.isInteger(f.i) || f.i < 0 || f.i >= this.b.values) throw new RangeError('codegen: bank frequency is not a value')
      return f.i
    })
    for (const u of bank.units) this.emitted.add(u.id)
    const k = this.b.banks.push(slots, vals) - 2
    // A sine bank's waveform base is unused: 0, a number as every other bank's (one argument type).
    const set = bank.wave === 'sine' ? '0, 1' : bank.wave === 'saw' ? 'SAW, 0' : 'TRI, 0'
    return { code: `oscBank(S, ${base}, K[${int(k)}], V, K[${int(k + 1)}], ${set}, W, ${int(r)}, lo, hi, P, ${tail}${NO_GAIN}`, reads: [r] }
  }

  /// A unit's argument for its kernel: a constant, or the offset of its block.
  sig(e: Expr): Sig {
    const v = this.ev(e)
    return { off: v.off < 0 ? '-1' : int(v.off), k: v.k }
  }

  /// Emits, in order, every unit an expression calls (arguments first).
  unitsOf(e: Expr): void {
    switch (e.k) {
      case 'op': this.unitsOf(e.a); this.unitsOf(e.b); break
      case 'neg': this.unitsOf(e.a); break
      case 'helper': for (const a of e.args) this.unitsOf(a); break
      case 'unit': if (!this.bankOf.has(e.id) && !this.gained.has(e.id)) this.unit(e.id); break
      default: break
    }
  }

  /// Nodes an expression reads, through the arguments of units not yet computed.
  needs(e: Expr, into: Set<number>): Set<number> {
    switch (e.k) {
      case 'node': { const i = this.nodes.get(e.name); if (i !== undefined && !this.nodeDone.has(i)) into.add(i); break }
      case 'op': this.needs(e.a, into); this.needs(e.b, into); break
      case 'neg': this.needs(e.a, into); break
      case 'helper': for (const a of e.args) this.needs(a, into); break
      case 'unit': {
        const u = this.units.get(e.id)
        if (u && !this.emitted.has(u.id)) for (const a of Object.values(u.args)) this.needs(a, into)
        break
      }
      default: break
    }
    return into
  }

  /// The local a unit's resource (step table, delay buffer) is read through.
  local(u: Unit): string {
    const have = this.locals.get(u.id)
    if (have) return have
    const b = this.b
    let name: string
    if (u.fn === 'seq') {
      name = `t${int(b.tables.length)}`
      this.hoist.push({ names: [name], line: `const ${name} = T[${int(b.tables.length)}];` })
      this.tableLocals.set(name, ['T#', b.tables.length])
      b.tables.push({ k: 'steps', unit: u, poly: false, voice: this.voice ? (this.scope as VoiceTemplate).name : null })
    } else if (u.fn === 'delay') {
      // A voice's buffers are its template's delays in order; the main scope's are listed as met.
      const d = this.voice ? this.scope.units.filter((x) => x.fn === 'delay').indexOf(u) : this.mainDelays.push(`${u.key}.buffer`) - 1
      name = `d${int(u.id)}`
      this.hoist.push({ names: [name], line: `const ${name} = B[${int(d)}];` })
      this.tableLocals.set(name, ['B#', d])
    } else throw new RangeError(`codegen: ${u.fn} has no resource`)
    this.locals.set(u.id, name)
    return name
  }

  slotCode(u: Unit, i = 0): string {
    return this.voice ? `${this.slotOf(u)}${i ? `+${int(i)}` : ''}` : int(Number(this.slotOf(u)) + i)
  }

  /// Ends the current item.
  /// Every item has the same fields (a literal, not `{ ...mark }`: the spread was 4% of the 200-line
  /// bench patch's generate in Node).
  flush(mark: Omit<Item, 'code' | 'info'> = {}): void {
    if (this.code.length === 0 && mark.read === undefined && mark.write === undefined) return
    this.items.push({ code: this.code, info: this.info, read: mark.read, write: mark.write })
    this.code = []
    this.info = []
  }

  /// A unit's argument; every one the emitters read is filled in by the compiler.
  arg(u: Unit, name: string): Expr {
    const a = u.args[name]
    if (!a) throw new RangeError(`codegen: ${u.fn} at ${u.key} lacks argument ${name}`)
    return a
  }

  /// `gain`: a row to multiply the unit's output by, in its pass (a filter in `gained`), or -1.
  unit(id: number, gain = -1): void {
    if (this.emitted.has(id)) return
    const u = this.units.get(id)
    if (!u) throw new RangeError(`codegen: no unit ${id}`)
    if (u.fn === 'poly') throw new RangeError(`codegen: poly at ${u.key} is run before the block`)
    const gate = u.fn === 'adsr' ? this.trigGate(u) : null
    if (gate) return this.adsrTrig(u, gate)
    const noise = u.fn === 'filter' ? this.noiseInput(u) : null
    if (noise) return this.filterNoise(u, noise, gain)
    const out = this.row()
    if (u.fn === 'delay') {
      const input = this.arg(u, 'input')
      this.unitsOf(this.arg(u, 'time'))
      this.unitsOf(this.arg(u, 'feedback'))
      const needs = this.needs(input, new Set())
      if (needs.size > 0) {
        // Inside a loop: read now, write once the nodes its input reads are computed.
        const time = this.sig(this.arg(u, 'time'))
        const fb = this.sig(this.arg(u, 'feedback'))
        this.flush()
        const buf = this.local(u)
        this.emit(`delayReadBlock(${buf}, S, ${this.slotCode(u)}, W, ${int(out)}, lo, hi, V, ${time.off}, ${time.k}, P);`, null)
        this.unitOff.set(id, out)
        this.emitted.add(id)
        this.flush({ read: id })
        this.pending.push({ u, needs, rd: out, fb, time, argsBefore: this.items.length - 1 })
        return
      }
      this.unitsOf(input)
    } else {
      for (const name in u.args) this.unitsOf(u.args[name])
    }
    // A filter's cutoff `a + x * m` (a, m constants): x's row, a and m read in the filter's pass.
    const amount = u.fn === 'filter' && u.args.cutoff ? this.amount(u.args.cutoff) : null
    const am = amount?.m ? this.ev(amount.m) : null, aa = amount ? this.ev(amount.a) : null
    // A unit's arguments are all emitted above, so its block emits no unit: one context serves
    // every unit of the scope, reset here (a context and its closures per unit were a sixth of
    // the generator's garbage). A depth check keeps that true.
    const ctx = this.ctx
    if (ctx.u !== null) throw new RangeError(`codegen: ${u.key} emitted inside ${ctx.u.key}`)
    ctx.start(u, amount ? amount.x : null, out, gain, am, aa)
    let text: Stmt
    try {
      text = EMITTERS[u.fn].block(u, ctx)
    } finally {
      ctx.u = null
    }
    const reads = ctx.reads, x = ctx.xs, c = ctx.cs, q = ctx.qs
    if (gain >= 0 && u.fn !== 'filter') throw new RangeError(`codegen: a product fused into ${u.fn}`)
    if (gain >= 0) reads.push(gain)
    const line: Line = { reads, writes: [out] }
    // A filter with constant cutoff and q may run paired with another (filterPair); so may one whose
    // cutoff is a knob's or fader's row (with an offset or a scale) and whose q is constant, with
    // another such (filterPairRows: paired while the controls rest), its cutoff for the pair
    // going to a V slot of its own.
    if (u.fn === 'filter' && x && c && q && x.off !== '-1' && q.off === '-1') {
      const slot = this.slotCode(u), mode = String(filterMode(u))
      if (c.off === '-1') line.filter = { slot, mode, out, x: Number(x.off), c: c.k, q: q.k, g: gain }
      else if ((amount ? amount.x : u.args.cutoff)?.k === 'control') {
        const rows = { c: Number(c.off), cm: am ? am.k : '-1', ca: aa ? aa.k : '-1', v: String(this.b.values + this.b.scalars++) }
        line.filter = { slot, mode, out, x: Number(x.off), c: '-1', q: q.k, g: gain, rows }
      }
    }
    this.emit(text, line)
    this.unitOff.set(id, out)
    this.emitted.add(id)
  }

  /// An envelope's gate that is a trig of constant rate and duty read nowhere else, the envelope's
  /// times and sustain constant too (`adsr(trig(0.5), 0.01, 0.1, 0.7, 0.3)`): the two run as one
  /// kernel (adsrTrigBlock), and the trig's row is never written or scanned.
  trigGate(u: Unit): Unit | null {
    const g = u.args.gate
    if (!g || g.k !== 'unit' || this.uses.get(g.id) !== 1) return null
    const t = this.units.get(g.id)
    if (!t || t.fn !== 'trig' || this.emitted.has(t.id)) return null
    return adsrTrigArgs(u, t).every((e) => e !== undefined && this.isConst(e)) ? t : null
  }

  /// Emits an envelope and its trig (see trigGate) as one call; both keep their own state.
  adsrTrig(u: Unit, t: Unit): void {
    const out = this.row()
    const vals = adsrTrigArgs(u, t).map((e) => this.ev(e!))
    if (vals.some((v) => v.off >= 0)) throw new RangeError(`codegen: adsr at ${u.key}: a trig's or an envelope's constant is a row`)
    const ks = vals.map((v) => v.k).join(', ')
    this.emit(`adsrTrigBlock(S, ${this.slotCode(u)}, ${this.slotCode(t)}, W, ${int(out)}, lo, hi, V, ${ks}, P);`, { reads: vals.map(key), writes: [out] })
    this.unitOff.set(u.id, out)
    this.emitted.add(u.id)
    this.emitted.add(t.id)
  }

  /// A filter's input that is white noise read nowhere else, the filter's cutoff and q constant
  /// (`filter(bp, noise(), 2000, 5)`, a hat): the two run as one kernel (filterNoiseBlock), and the
  /// noise's row is never written. A named noise node is read by its node too (a tap may draw it),
  /// so it keeps its row.
  noiseInput(u: Unit): Unit | null {
    const x = u.args.input
    if (!x || x.k !== 'unit' || this.uses.get(x.id) !== 1) return null
    const n = this.units.get(x.id)
    if (!n || n.fn !== 'noise' || n.mode === 'pink' || this.emitted.has(n.id)) return null
    const c = u.args.cutoff, q = u.args.q
    return c && q && this.isConst(c) && this.isConst(q) ? n : null
  }

  /// Emits a filter and its noise (see noiseInput) as one call, times `gain` as the filter's pass
  /// would; both keep their own state.
  filterNoise(u: Unit, n: Unit, gain: number): void {
    const out = this.row()
    const c = this.ev(this.arg(u, 'cutoff')), q = this.ev(this.arg(u, 'q'))
    if (c.off >= 0 || q.off >= 0) throw new RangeError(`codegen: filter at ${u.key}: a cutoff or q fused with noise is a row`)
    const reads = [key(c), key(q)]
    if (gain >= 0) reads.push(gain)
    this.emit(`filterNoiseBlock(S, ${this.slotCode(u)}, ${this.slotCode(n)}, ${int(filterMode(u))}, W, ${int(out)}, lo, hi, V, ${c.k}, ${q.k}, P, ${int(gain)});`, { reads, writes: [out] })
    this.unitOff.set(u.id, out)
    this.emitted.add(u.id)
    this.emitted.add(n.id)
  }

  /// Writes the delays whose input can now be computed.
  writes(all = false): void {
    for (const p of [...this.pending]) {
      if (!all && [...p.needs].some((i) => !this.nodeDone.has(i))) continue
      this.pending.splice(this.pending.indexOf(p), 1)
      this.flush()
      const input = p.u.args.input
      this.unitsOf(input)
      const x = this.sig(input)
      this.emit(`delayWriteBlock(${this.local(p.u)}, S, ${this.slotCode(p.u)}, W, ${int(p.rd)}, lo, hi, V, ${x.off}, ${x.k}, ${p.fb.off}, ${p.fb.k});`, null)
      this.flush({ write: p.u.id })
      const read = this.items.findIndex((it) => it.read === p.u.id)
      this.spans.push({ read, write: this.items.length - 1, p })
      this.writes()
      return
    }
  }

  /// The main scope's polys run first (their voices read no main node): each fills its row.
  polys(): void {
    for (const u of this.scope.units) {
      if (u.fn !== 'poly') continue
      if (this.voice) throw new RangeError('poly inside a voice is not supported')
      const b = this.b
      if (!u.voice) throw new RangeError(`codegen: poly at ${u.key} has no voice template`)
      const t = b.template(u.voice)
      const nv = u.voices
      if (!Number.isInteger(nv) || nv < 1 || nv > 64) throw new RangeError(`codegen: poly at ${u.key} with ${nv} voices`)
      const base = Number(this.slotOf(u))
      const local = `p${int(b.polys.length)}`
      this.hoist.push({ names: [local, `${local}o`], line: `const ${local} = PL[${int(b.polys.length)}], ${local}o = ${local}.out;` })
      this.tableLocals.set(`${local}o`, ['PLo#', b.polys.length])
      let tableCode = 'null'
      if (u.steps && u.steps.k !== 'midi') {
        tableCode = `T[${int(b.tables.length)}]`
        b.tables.push({ k: 'steps', unit: u, poly: true, voice: null })
      }
      const delays: string[][] = []
      for (let v = 0; v < nv; v++) delays.push(t.delays.map((d) => `${u.key}.voice${v}.${d.key}.buffer`))
      b.polys.push({ k: 'poly', unit: u, base, template: t.index, size: t.size, delays })
      const rate = u.args.rate ? this.scalar(u.args.rate, true) : 'beat'
      const gate = u.args.gate ? this.scalar(u.args.gate, true) : '0.5'
      // Steps per sample and gate into V slots of their own, passed by index (a double passed is boxed).
      const ri = this.b.values + this.b.scalars++, gi = this.b.values + this.b.scalars++
      const out = this.row()
      this.prologue.push(
        `V[${int(ri)}] = (${rate}) * isr;`,
        `V[${int(gi)}] = ${gate};`,
        `P[3] += polyRun(S, ${int(base)}, ${local}, ${int(ri)}, ${int(gi)}, ${tableCode}, VF[${int(t.index)}], V, CS, P, T, K, n);`,
        `vCopy(W, ${int(out)}, ${local}o, 0, n);`,
      )
      this.unitOff.set(u.id, out)
      this.emitted.add(u.id)
    }
  }

  /// Lays out the main scope's heap (units in order; a poly takes its head, voices and their state).
  layoutMain(): Map<number, number> {
    const b = this.b
    const bases = new Map<number, number>()
    for (const u of this.scope.units) {
      if (u.fn !== 'poly') {
        bases.set(u.id, b.unitState('', u, u.node))
        continue
      }
      if (!u.voice) throw new RangeError(`codegen: poly at ${u.key} has no voice template`)
      const tpl = b.patch.voices.find((v) => v.name === u.voice)
      if (!tpl) throw new RangeError(`codegen: no voice template ${JSON.stringify(u.voice)}`)
      const nv = u.voices
      const size = tpl.units.reduce((s, x) => s + EMITTERS[x.fn].state(x).names.length, 0)
      const base = b.keys.length
      const inst = b.instances.length
      b.instances.push({ key: u.key, fn: 'poly', node: u.node, base, size: polySlots(nv, 0), delay: -1 })
      const head = u.key + '.'
      for (let i = 0; i < POLY_HEAD.length; i++) b.slot(head + POLY_HEAD[i], POLY_HEAD_INIT[i], inst)
      const voices: string[] = []
      for (let v = 0; v < nv; v++) voices.push(`${head}voice${v}.`)
      for (const voice of voices) for (let i = 0; i < VOICE_SLOTS.length; i++) b.slot(voice + VOICE_SLOTS[i], VOICE_SLOTS_INIT[i], inst)
      for (let v = 0; v < nv; v++) {
        if (b.keys.length !== voiceBase(base, nv, size, v)) throw new Error('codegen: voice layout mismatch')
        for (const x of tpl.units) b.unitState(voices[v], x, u.node)
      }
      bases.set(u.id, base)
    }
    return bases
  }

  /// Every node in order, then the delays' pending writes, then the output loop.
  body(): { items: Item[]; out: string } {
    if (!this.voice) this.polys()
    this.scope.nodes.forEach((node, k) => {
      const e = node.expr
      this.unitsOf(e)
      if (e.k === 'unit' && !this.bankOf.has(e.id)) this.nodeOff[k] = this.unitAt(e.id)
      else if (e.k === 'node') this.nodeOff[k] = this.nodeAt(e.name)
      else if (e.k === 'param') this.nodeOff[k] = this.param(e.name)
      else {
        const v = this.ev(e)
        if (v.off >= 0) this.nodeOff[k] = v.off
        else {
          // A constant node still has a block, for taps and readers.
          const r = this.voice ? this.row() : k * BLOCK
          this.emit(call('vFill', 'W', r, 'V', v.k, 'lo', 'hi'), { reads: [key(v)], writes: [r] })
          this.nodeOff[k] = r
        }
      }
      this.nodeDone.add(k)
      this.flush()
      this.writes()
    })
    this.writes(true)
    const [l, r] = this.scope.out
    this.unitsOf(l)
    this.unitsOf(r)
    const same = this.mono
    // A voice's mono out that is a product (`filter(...) * env`, the common ending) is multiplied
    // in vVoiceOut's pass (mode 2) instead of a pass of its own.
    const product = this.voice && same && l.k === 'op' && l.op === '*' && !this.isConst(l)
    // The main scope's mono out computed in its output pass when it is a scale, a mix of two or a
    // sum with a scaled term (vOutMono), instead of a pass of its own before it.
    const fused = !this.voice && same ? this.monoOut(l) : null
    if (fused) {
      this.flush()
      return { items: this.items, out: `return vOutMono(W, L, R, V, ${int(fused.mode)}, ${int(fused.a)}, ${int(fused.b)}, ${int(fused.k)}, n);` }
    }
    const L = product ? this.ev(l.a) : this.ev(l)
    const R = product ? this.ev(l.b) : same ? L : this.ev(r)
    this.flush()
    const out = this.voice
      // A non-finite voice sample is kept out of the sum; the NaN peak tells polyRun to reset the voice.
      ? `vVoiceOut(W, out, V, ${pair(L)}, ${pair(R)}, ${product ? 2 : same ? 0 : 1}, n, P);`
      : `return vOut(W, L, R, V, ${pair(L)}, ${pair(R)}, n);`
    return { items: this.items, out }
  }

  /// A cutoff `a + x * m`, `a + m * x` or `x * m + a` with a and m constants and x a signal (not a
  /// banked oscillator): its parts, or null. The sum computes a + x * m (vMulAdd, or the product
  /// then the constant added): the same number whichever way it is written. `a + x` (a knob with
  /// an offset, `cutoff + 300`) has no m: the filter takes x * 1, exact, so the same a + x.
  amount(e: Expr): { x: Expr; m: Expr | null; a: Expr } | null {
    if (e.k !== 'op' || e.op !== '+') return null
    const [a, p] = this.isConst(e.a) ? [e.a, e.b] : this.isConst(e.b) ? [e.b, e.a] : [null, null]
    if (!a || !p) return null
    if (p.k !== 'op' || p.op !== '*') return this.isRow(p) ? { x: p, m: null, a } : null
    const [x, m] = this.isConst(p.b) ? [p.a, p.b] : this.isConst(p.a) ? [p.b, p.a] : [null, null]
    if (!x || !m || !this.isRow(x)) return null
    return { x, m, a }
  }

  /// A mono main out as vOutMono's mode and operands: x * c (1), mix(x, y) (2), x + y * c (3), x
  /// and y signals (not banked oscillators), c a constant, or any other signal's row (0); null for a
  /// constant.
  monoOut(l: Expr): { mode: number; a: number; b: number; k: number } | null {
    const row = (e: Expr): number => {
      const v = this.ev(e)
      if (v.off < 0) throw new RangeError('codegen: a fused out term is not a row')
      return v.off
    }
    const scale = (e: Expr): number => Number(this.ev(e).k)
    if (l.k === 'op' && l.op === '*') {
      if (this.isConst(l.b) && this.isRow(l.a)) return { mode: 1, a: row(l.a), b: -1, k: scale(l.b) }
      if (this.isConst(l.a) && this.isRow(l.b)) return { mode: 1, a: row(l.b), b: -1, k: scale(l.a) }
    }
    if (l.k === 'helper' && l.fn === 'mix' && l.args.length === 2 && this.isRow(l.args[0]) && this.isRow(l.args[1])) {
      const a = row(l.args[0]), b = row(l.args[1])
      // The constant sum() gives a mix of two (vAddMul's k), made the same way.
      return { mode: 2, a, b, k: this.constant(num(1 / 2)) }
    }
    if (l.k === 'op' && l.op === '+' && this.isRow(l.a) && l.b.k === 'op' && l.b.op === '*') {
      const p = l.b
      const [x, c] = this.isConst(p.b) ? [p.a, p.b] : this.isConst(p.a) ? [p.b, p.a] : [null, null]
      if (x && c && this.isRow(x) && !this.isProduct(l.a)) {
        const a = row(l.a)
        return { mode: 3, a, b: row(x), k: scale(c) }
      }
    }
    // Any other signal: its row, clipped and checked once for both channels.
    if (this.isRow(l)) return { mode: 0, a: row(l), b: -1, k: -1 }
    return null
  }

  /// The items with each loop through a delay run in sub-blocks no longer than its shortest delay.
  wrapped(items: Item[]): Stmt[] {
    // Merge overlapping read..write spans.
    const spans = [...this.spans].sort((a, b) => a.read - b.read)
    const merged: { from: number; to: number; ps: Pending[] }[] = []
    for (const s of spans) {
      const last = merged[merged.length - 1]
      if (last && s.read <= last.to) {
        last.to = Math.max(last.to, s.write)
        last.ps.push(s.p)
      } else merged.push({ from: s.read, to: s.write, ps: [s.p] })
    }
    const lines: Stmt[] = []
    let k = 0
    for (const m of merged) {
      k = this.outsideLoops(items, k, m.from, lines)
      // A delay whose time is computed inside the span is not known at its start: one sample at a time.
      const limits = m.ps.map((p) => (p.argsBefore <= m.from ? `delaySpan(${this.local(p.u)}.length, W, V, ${p.time.off}, ${p.time.k}, n, P)` : '1'))
      lines.push(`for (let s0 = 0, m = Math.min(${limits.join(', ')}); s0 < n; ) {`, '  const lo = s0, hi = s0 + m < n ? s0 + m : n;')
      while (k <= m.to) lines.push(...items[k++].code.map((c) => `  ${stmtText(c)}`))
      lines.push('  s0 = hi;', '}')
    }
    this.outsideLoops(items, k, items.length, lines)
    return lines
  }

  /// Items `k` up to `to`, which no delay loop holds, onto `lines`: reordered where they may be
  /// (see `scheduled`), as lines inside a loop may not. Returns the next item's index. (A method,
  /// not a closure made per call: see eachExpr.)
  outsideLoops(items: Item[], k: number, to: number, lines: Stmt[]): number {
    const code: Stmt[] = [], info: (Line | null)[] = []
    while (k < to) {
      code.push(...items[k].code)
      info.push(...items[k++].info)
    }
    lines.push(...(this.b.pairs ? scheduled(code, info) : code))
    return k
  }

  /// Locals read once per block: parameters, used values and controls, resources, scalars.
  /// `used`: the code the locals are for; a local no statement reads is left out (in the main
  /// scope, tabled calls take theirs from the table).
  head(used: string): string {
    // beat, sr and isr only where the code reads them: until V8 optimises a new program's function
    // (in Node that took P2's small main some 5,000 blocks), each read of a Float64Array into a
    // local is a boxed number, so three locals nothing read left 48 bytes of garbage a block.
    // The same for the values' and the controls' locals (a knob's two were read in every block
    // where only its ramp row was used, in most example patches).
    const names = new Set(used.match(/\b(?:[tdp]\d+o?|v\d+|c\d+[sd]|beat|sr|isr)\b/g))
    const scalars = ['beat = P[0]', 'sr = P[1]', 'isr = P[2]'].filter((d) => names.has(d.slice(0, d.indexOf(' '))))
    const h = scalars.length > 0 ? [`const ${scalars.join(', ')};`] : []
    const nc = this.b.controls.size
    for (const i of [...this.usedValues].sort((a, b) => a - b)) if (names.has(`v${i}`)) h.push(`const v${int(i)} = V[${int(i)}];`)
    for (const i of [...this.usedControls].sort((a, b) => a - b)) {
      if (names.has(`c${i}s`) || names.has(`c${i}d`)) h.push(`const c${int(i)}s = CS[${int(i)}], c${int(i)}d = CS[${int(nc + i)}];`)
    }
    for (const [i, r] of this.ramps) h.push(`vRamp(W, ${int(r)}, CS, ${int(i)}, ${int(nc + i)}, n);`)
    for (const { names: declared, line } of this.hoist) if (declared.some((x) => names.has(x))) h.push(line)
    return [...h, 'const lo = 0, hi = n;'].join('\n  ')
  }

  /// The function comes back in parentheses: V8 compiles a parenthesised function expression
  /// eagerly, in the one parse `new Function` makes, instead of pre-parsing it and parsing it
  /// again at its first call, which is inside the first block on the audio thread (200-line
  /// patch in Node: load and first block 1.59 -> 1.36 ms, the first block alone 0.91 -> 0.24 ms).
  text(): string {
    const { items, out } = this.body()
    const lines = this.calls ? this.calls.table(this.wrapped(items), stmtText) : this.wrapped(items).map(stmtText)
    const body = lines.join('\n  ')
    if (this.voice) {
      // W is the voice's own rows, its freq, gate and vel the first three (poly.ts: PolyRuntime.params).
      const fn = `return (function voice(S, b, V, CS, P, T, B, out, n, W, K) {\n  ${this.head(body + out)}\n  ${body}\n  ${out}\n});`
      return header(fn) + fn
    }
    const prologue = this.prologue.join('\n  ')
    const fn = `return (function main(S, V, CS, P, T, B, PL, VF, W, L, R, n, K) {\n  ${this.calls!.store()}${this.head(prologue + body + out)}\n  P[3] = 0;\n  ${prologue}\n  ${body}\n  ${out}\n});`
    return header(fn) + this.calls!.head() + fn
  }
}

/// A value's key for Line: its row, or its constant's index in V as -(index + 1). Takes a Val or a
/// kernel argument (Sig), whose offset is text.
const key = (v: Val | Sig): number => {
  const off = Number(v.off)
  return off >= 0 ? off : -(Number(v.k) + 1)
}

/// The terms of a sum `a + b + c` (a chain of `+`), in order.
// Both gather into one array (spreading at each level allocated a chain's terms once per level:
// the generator's garbage is what its time on the page's main thread grows with, see codegen's
// `generate`).
const sumTerms = (e: Expr, into: Expr[] = []): Expr[] => {
  if (e.k === 'op' && e.op === '+') {
    sumTerms(e.a, into)
    sumTerms(e.b, into)
  } else into.push(e)
  return into
}
/// The terms of a left-nested sum, ((a + b) + c) -> [a, b, c]; a right operand that is itself a sum
/// stays one term (added as a whole, as written).
const chainTerms = (e: Expr, into: Expr[] = []): Expr[] => {
  if (e.k === 'op' && e.op === '+') {
    chainTerms(e.a, into)
    into.push(e.b)
  } else into.push(e)
  return into
}

/// The vector kernel of each operator.
const OPS: Record<string, string> = { '+': 'vAdd', '-': 'vSub', '*': 'vMul', '/': 'vDiv' }
const pair = (v: Val): string => `${v.off < 0 ? '-1' : int(v.off)}, ${kOf(v)}`

/// An expression's block: a W offset, or -1 and the index of a constant in V; `temp` when the row is
/// the expression's own (an enclosing operation may write over it).
interface Val {
  off: number
  k: string
  temp: boolean
}

const op = (o: string): string => {
  if (!['+', '-', '*', '/'].includes(o)) throw new RangeError(`codegen: operator ${JSON.stringify(o)}`)
  return o
}

function helper(fn: string, a: string[]): string {
  if (fn === 'mix' && a.length > 0) return `((${a.join(' + ')}) * ${num(1 / a.length)})`
  if (fn === 'clip' && a.length === 3) return `clip(${a.join(', ')})`
  if ((fn === 'tanh' || fn === 'abs') && a.length === 1) return `${fn === 'tanh' ? 'tanh' : 'abs'}(${a[0]})`
  throw new RangeError(`codegen: helper ${JSON.stringify(fn)} with ${a.length} arguments`)
}

/// `pairs: false` keeps every call in the compiler's order, filters one at a time (for tests that
/// check the schedule changes no sample); `tableFrom` sets how many kernel calls make main tabled
/// (call-table.ts; Infinity keeps every call direct, for tests that compare the two).
///
/// Its garbage costs more on the page than its work: what it builds stays alive until it returns,
/// so each young-generation collection during it copies all of that. With a 1 MB young generation,
/// as a page starts with, the 200-line bench patch's generate took 2.6 ms against 0.96 with Node's
/// default (--max-semi-space-size=1); collecting sums' terms into one array instead of spreading
/// them at each level, and no closure per constancy check, took it to 2.1 ms (and 0.86).
export function generate(patch: CompiledPatch, options: { pairs?: boolean; tableFrom?: number } = {}): Generated {
  const b = new Builder(patch, options.pairs ?? true, options.tableFrom)
  const g = new ScopeGen(b, patch.main, false, null)
  g.slots = g.layoutMain()
  const main = g.text()
  return {
    shapeKey: patch.shapeKey,
    size: b.keys.length,
    keys: b.keys,
    init: b.init,
    owner: b.owner,
    instances: b.instances,
    nodes: patch.main.nodes.map((n) => n.name),
    nodeOffsets: g.nodeOff,
    controls: [...b.controls.keys()],
    tables: b.tables,
    delays: g.mainDelays,
    polys: b.polys,
    main,
    args: new Int32Array(g.calls!.args),
    calls: g.calls!.patterns,
    order: new Int32Array(g.calls!.order),
    rows: g.rows,
    voices: b.voiceSources,
    voiceRows: b.voiceRows,
    buffers: b.buffers,
    bufferTimes: b.bufferTimes,
    banks: b.banks,
    vSize: b.values + b.scalars,
  }
}

export type { VoiceTemplate }
