/// Turns a compiled patch's shape into generated JavaScript: one function for the main scope (a
/// fused per-sample loop over its nodes, in the compiler's order) and one per voice template (run
/// once per voice by `polyRun`). Alongside, the heap layout: every state slot keyed by node path
/// and state name (`keys.poly.voice3.env.adsr.stage`), so a reload can join old and new heaps.
///
/// The generated text holds only fixed fragments, integers (slot and table indices) and numbers
/// the generator computed itself; names from the patch are looked up in maps and never emitted.

import type { NodeFn } from '../../src/language/node-types.ts'
import type { CompiledPatch, Expr, Scope, Unit, VoiceTemplate } from '../../src/language/patch-data.ts'
import { EMITTERS, type EmitContext } from './emitters.ts'
import { seedFor } from '../dsp/noise.ts'
import { BLOCK, POLY_HEAD, POLY_HEAD_INIT, VOICE_SLOTS, VOICE_SLOTS_INIT, polySlots, voiceBase } from './poly.ts'

/// One stateful unit in the heap (a main-scope unit, or one voice's copy of a template unit).
export interface Instance {
  /// Full key prefix of its slots: `echo.delay`, `keys.poly.voice3.env.adsr`.
  key: string
  fn: NodeFn
  /// Main-scope node it belongs to (the poly's node for voice units).
  node: string
  base: number
  size: number
  /// Index of its delay buffer in `Layout.delays`, or -1.
  delay: number
}

/// Where each step table, delay buffer and poly runtime the generated code reads comes from.
export type Resource =
  | { k: 'steps'; unit: Unit; poly: boolean }
  | { k: 'delay'; key: string }
  | { k: 'poly'; unit: Unit; base: number; template: number; size: number; delays: string[][] }

export interface Generated {
  /// Heap size, the key and initial value of each slot, and which instance owns it.
  size: number
  keys: string[]
  init: number[]
  owner: number[]
  instances: Instance[]
  /// Main node names in order (the tap buffer holds node k's block at k * BLOCK).
  nodes: string[]
  controls: string[]
  /// T[] (step tables), B[] (main delay buffers) and PL[] (polys), in the order the code indexes them.
  tables: Resource[]
  delays: string[]
  polys: Resource[]
  /// The main scope's segment functions, run one after the other for each block.
  main: string[]
  /// Rows of BLOCK samples in TB: each main node's, then each unit passed between segments.
  rows: number
  voices: string[]
  /// Every delay buffer's key (main and voices), in `Instance.delay` order.
  buffers: string[]
}

const int = (x: number): string => {
  if (!Number.isSafeInteger(x)) throw new RangeError(`codegen: ${x} is not an integer`)
  return x < 0 ? `(${x})` : String(x)
}
const num = (x: number): string => {
  if (!Number.isFinite(x)) throw new RangeError(`codegen: ${x} is not a finite number`)
  return x < 0 || Object.is(x, -0) ? `(${x})` : String(x)
}

const HEADER = `"use strict";
const {tablePosition, wrap, whiteStep, pinkStep, trig, seqStep, adsrStep, setCoefficients, delayReadStep, delayWrite, polyRun, clip, SAW, TRI, SINE} = D;
const tanh = Math.tanh, abs = Math.abs;
`

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
  values: number
  controls: Map<string, number>

  constructor(readonly patch: CompiledPatch) {
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
    // Each voice's noise gets a seed of its own (from its full key), so voices do not sound alike.
    const init = u.fn === 'noise' ? [seedFor(prefix + u.key), ...spec.init.slice(1)] : spec.init
    const base = this.keys.length
    const inst = this.instances.length
    const delay = u.fn === 'delay' ? this.buffers.push(`${prefix}${u.key}.buffer`) - 1 : -1
    this.instances.push({ key: prefix + u.key, fn: u.fn, node, base, size: spec.names.length, delay })
    spec.names.forEach((name, i) => this.slot(`${prefix}${u.key}.${name}`, init[i], inst))
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
    this.voiceSources[entry.index] = new ScopeGen(this, t, true, (u) => `b+${int(offsets.get(u.id)!)}`).voiceFunction()
    return entry
  }
}

/// Code generation for one scope (main or a voice template).
class ScopeGen {
  lines: string[] = []
  endLines: string[] = []
  hoist: string[] = []
  emitted = new Set<number>()
  units: Map<number, Unit>
  nodes: Map<string, number>
  usedValues = new Set<number>()
  usedControls = new Set<number>()
  locals = new Map<number, string>()
  prologue: string[] = []
  /// Main nodes and units the code being generated reads (those of earlier segments are loaded from TB).
  reads = new Set<number>()
  unitReads = new Set<number>()
  /// Chunks taken so far (main scope).
  list: Chunk[] = []

  constructor(readonly b: Builder, readonly scope: Scope, readonly voice: boolean, public slotOf: (u: Unit) => string) {
    this.units = new Map(scope.units.map((u) => [u.id, u]))
    this.nodes = new Map(scope.nodes.map((n, i) => [n.name, i]))
  }

  expr(e: Expr, block = false): string {
    switch (e.k) {
      case 'value':
        if (!Number.isInteger(e.i) || e.i < 0 || e.i >= this.b.values) throw new RangeError(`codegen: value index ${e.i}`)
        this.usedValues.add(e.i)
        return `v${int(e.i)}`
      case 'node': {
        const i = this.nodes.get(e.name)
        if (i === undefined || block) throw new RangeError(`codegen: node ${JSON.stringify(e.name)} is not readable here`)
        this.reads.add(i)
        return `n${int(i)}`
      }
      case 'control': {
        const i = this.b.controls.get(e.name)
        if (i === undefined) throw new RangeError(`codegen: no knob or fader ${JSON.stringify(e.name)}`)
        this.usedControls.add(i)
        return block ? `c${int(i)}s` : `c${int(i)}`
      }
      case 'param':
        if (!this.voice || block) throw new RangeError(`codegen: voice parameter ${JSON.stringify(e.name)} outside a voice`)
        return e.name === 'freq' ? 'pf' : e.name === 'gate' ? 'pg' : 'pv'
      case 'beat':
        return 'beat'
      case 'op':
        if (!['+', '-', '*', '/'].includes(e.op)) throw new RangeError(`codegen: operator ${JSON.stringify(e.op)}`)
        return `(${this.expr(e.a, block)} ${e.op} ${this.expr(e.b, block)})`
      case 'neg':
        return `(-${this.expr(e.a, block)})`
      case 'helper': {
        const a = e.args.map((x) => this.expr(x, block))
        if (e.fn === 'mix' && a.length > 0) return `((${a.join(' + ')}) * ${num(1 / a.length)})`
        if (e.fn === 'clip' && a.length === 3) return `clip(${a.join(', ')})`
        if ((e.fn === 'tanh' || e.fn === 'abs') && a.length === 1) return `${e.fn === 'tanh' ? 'tanh' : 'abs'}(${a[0]})`
        throw new RangeError(`codegen: helper ${JSON.stringify(e.fn)} with ${a.length} arguments`)
      }
      case 'unit':
        if (block || !this.emitted.has(e.id)) throw new RangeError(`codegen: unit ${e.id} read before it is computed`)
        this.unitReads.add(e.id)
        return `u${int(e.id)}`
    }
  }

  /// Emits, in order, every unit an expression calls (arguments first).
  /// `late`: into the end-of-sample lines (a delay's input) instead of the sample's lines.
  unitsOf(e: Expr, late = false): void {
    switch (e.k) {
      case 'op': this.unitsOf(e.a, late); this.unitsOf(e.b, late); break
      case 'neg': this.unitsOf(e.a, late); break
      case 'helper': for (const a of e.args) this.unitsOf(a, late); break
      case 'unit': this.unit(e.id, late); break
      default: break
    }
  }

  /// The local a unit's resource (step table, delay buffer, poly runtime) is read through.
  local(u: Unit): string {
    const have = this.locals.get(u.id)
    if (have) return have
    const b = this.b
    let name: string
    if (u.fn === 'seq') {
      name = `t${int(b.tables.length)}`
      this.hoist.push(`const ${name} = T[${int(b.tables.length)}];`)
      b.tables.push({ k: 'steps', unit: u, poly: false })
    } else if (u.fn === 'delay') {
      // A voice's buffers are its template's delays in order; the main scope's are listed as met.
      const d = this.voice ? this.scope.units.filter((x) => x.fn === 'delay').indexOf(u) : this.mainDelays.push(`${u.key}.buffer`) - 1
      name = `d${int(u.id)}`
      this.hoist.push(`const ${name} = B[${int(d)}];`)
    } else if (u.fn === 'poly') {
      name = `p${int(b.polys.length)}`
      this.hoist.push(`const ${name} = PL[${int(b.polys.length)}], ${name}o = ${name}.out;`)
    } else throw new RangeError(`codegen: ${u.fn} has no resource`)
    this.locals.set(u.id, name)
    return name
  }

  mainDelays: string[] = []

  unit(id: number, inLate: boolean): void {
    if (this.emitted.has(id)) return
    const u = this.units.get(id)
    if (!u) throw new RangeError(`codegen: no unit ${id}`)
    const em = EMITTERS[u.fn]
    const late = em.late ?? []
    if (u.fn === 'poly') this.polyPrologue(u)
    else for (const [name, a] of Object.entries(u.args)) if (!late.includes(name)) this.unitsOf(a, inLate)
    const ctx: EmitContext = {
      arg: (name) => {
        const a = u.args[name]
        if (!a) throw new RangeError(`codegen: ${u.fn} at ${u.key} lacks argument ${name}`)
        return this.expr(a)
      },
      blockArg: (name) => {
        const a = u.args[name]
        if (!a) throw new RangeError(`codegen: ${u.fn} at ${u.key} lacks argument ${name}`)
        return this.expr(a, true)
      },
      slot: (i = 0) => (this.voice ? `${this.slotOf(u)}${i ? `+${int(i)}` : ''}` : int(Number(this.slotOf(u)) + i)),
      local: u.fn === 'seq' || u.fn === 'delay' || u.fn === 'poly' ? this.local(u) : '',
      id: int(id),
    }
    const code = em.sample(u, ctx)
    const out = inLate ? this.endLines : this.lines
    if (typeof code === 'string') out.push(`const u${int(id)} = ${code};`)
    else out.push(code.stmts, `const u${int(id)} = ${code.value};`)
    this.emitted.add(id)
    if (em.end) {
      for (const name of late) this.unitsOf(u.args[name], true)
      this.endLines.push(em.end(u, ctx))
    }
    // In the main scope each unit is a chunk of its own, so a segment may end between two units.
    if (!inLate && !this.voice) this.list.push(this.take({ unit: id }))
  }

  polyPrologue(u: Unit): void {
    if (this.voice) throw new RangeError('poly inside a voice is not supported')
    const b = this.b
    if (!u.voice) throw new RangeError(`codegen: poly at ${u.key} has no voice template`)
    const t = b.template(u.voice)
    const nv = u.voices
    if (!Number.isInteger(nv) || nv < 1 || nv > 64) throw new RangeError(`codegen: poly at ${u.key} with ${nv} voices`)
    const base = Number(this.slotOf(u))
    const local = this.local(u)
    let tableCode = 'null'
    if (u.steps && u.steps.k !== 'midi') {
      tableCode = `T[${int(b.tables.length)}]`
      b.tables.push({ k: 'steps', unit: u, poly: true })
    }
    const delays: string[][] = []
    for (let v = 0; v < nv; v++) delays.push(t.delays.map((d) => `${u.key}.voice${v}.${d.key}.buffer`))
    b.polys.push({ k: 'poly', unit: u, base, template: t.index, size: t.size, delays })
    const rate = u.args.rate ? this.expr(u.args.rate, true) : 'beat'
    const gate = u.args.gate ? this.expr(u.args.gate, true) : '0.5'
    this.prologue.push(`P[3] += polyRun(S, ${int(base)}, ${local}, (${rate}) * isr, ${gate}, ${tableCode}, VF[${int(t.index)}], V, CS, P, T, n);`)
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
      POLY_HEAD.forEach((name, i) => b.slot(`${u.key}.${name}`, POLY_HEAD_INIT[i], inst))
      for (let v = 0; v < nv; v++) VOICE_SLOTS.forEach((name, i) => b.slot(`${u.key}.voice${v}.${name}`, VOICE_SLOTS_INIT[i], inst))
      for (let v = 0; v < nv; v++) {
        if (b.keys.length !== voiceBase(base, nv, size, v)) throw new Error('codegen: voice layout mismatch')
        for (const x of tpl.units) b.unitState(`${u.key}.voice${v}.`, x, u.node)
      }
      bases.set(u.id, base)
    }
    return bases
  }

  /// Takes the code generated since the last call as one chunk.
  take(what: { unit?: number; node?: number } = {}): Chunk {
    const c: Chunk = {
      lines: this.lines, end: this.endLines, hoist: this.hoist, prologue: this.prologue,
      values: this.usedValues, controls: this.usedControls, reads: this.reads, unitReads: this.unitReads, size: 0, ...what,
    }
    c.size = [...c.lines, ...c.end].reduce((n, l) => n + l.length, 0)
    this.lines = []
    this.endLines = []
    this.hoist = []
    this.prologue = []
    this.usedValues = new Set()
    this.usedControls = new Set()
    this.reads = new Set()
    this.unitReads = new Set()
    return c
  }

  /// Chunks in order: each unit (main scope), each node, and a last one for `out`.
  chunks(): Chunk[] {
    this.scope.nodes.forEach((node, i) => {
      this.unitsOf(node.expr)
      this.lines.push(`const n${int(i)} = ${this.expr(node.expr)};`)
      if (!this.voice) this.lines.push(`TB[${int(i * BLOCK)} + i] = n${int(i)};`)
      this.list.push(this.take({ node: i }))
    })
    const [l, r] = this.scope.out
    this.unitsOf(l)
    this.unitsOf(r)
    const same = JSON.stringify(l) === JSON.stringify(r)
    const L = this.expr(l)
    const R = same ? 'l' : this.expr(r)
    if (this.voice) {
      // A non-finite voice sample is kept out of the sum; the NaN peak tells polyRun to reset the voice.
      this.lines.push(`const y = ${same ? L : `(${L} + ${R}) * 0.5`};`, 'if (y - y === 0) { out[i] += y; const a = y < 0 ? -y : y; if (a > peak) peak = a; } else peak = NaN;')
    } else {
      this.lines.push(`let l = ${L};`, `let r = ${R};`, 'if (l - l !== 0) { l = 0; bad++; }', 'if (r - r !== 0) { r = 0; bad++; }', 'L[i] = l;', 'R[i] = r;')
    }
    this.list.push(this.take({ node: this.scope.nodes.length }))
    return this.list
  }

  /// After which chunks the main loop may be cut: not between a delay and the nodes its input
  /// reads, whose values its end-of-sample write needs sample by sample.
  cuttable(chunks: Chunk[]): boolean[] {
    const ok = new Array<boolean>(chunks.length).fill(true)
    const nodeChunk = new Map<number, number>()
    const unitChunk = new Map<number, number>()
    chunks.forEach((c, k) => {
      if (c.node !== undefined) nodeChunk.set(c.node, k)
      if (c.unit !== undefined) unitChunk.set(c.unit, k)
    })
    const readsOf = (e: Expr, into: Set<string>): void => {
      switch (e.k) {
        case 'node': into.add(e.name); break
        case 'op': readsOf(e.a, into); readsOf(e.b, into); break
        case 'neg': readsOf(e.a, into); break
        case 'helper': for (const a of e.args) readsOf(a, into); break
        case 'unit': { const u = this.units.get(e.id); if (u) for (const a of Object.values(u.args)) readsOf(a, into); break }
        default: break
      }
    }
    for (const u of this.scope.units) {
      if (u.fn !== 'delay' || !u.args.input) continue
      const from = unitChunk.get(u.id)
      if (from === undefined) continue
      const names = new Set<string>()
      readsOf(u.args.input, names)
      const to = Math.max(from, ...[...names].map((name) => nodeChunk.get(this.nodes.get(name) ?? -1) ?? from))
      for (let k = from; k < to; k++) ok[k] = false
    }
    return ok
  }

  /// Locals read once per block: parameters, used values and controls, resources.
  head(c: Chunk): string {
    const h = ['const beat = P[0], sr = P[1], isr = P[2];']
    const nc = this.b.controls.size
    for (const i of [...c.values].sort((a, b) => a - b)) h.push(`const v${int(i)} = V[${int(i)}];`)
    for (const i of [...c.controls].sort((a, b) => a - b)) h.push(`const c${int(i)}s = CS[${int(i)}], c${int(i)}d = CS[${int(nc + i)}];`)
    return [...h, ...c.hoist].join('\n')
  }

  /// One function's text from consecutive chunks; `defined` are the nodes computed inside it.
  text(c: Chunk, defined: Set<number>, imports: [number, number][] = [], exports: [number, number][] = []): string {
    const loads = [...c.reads].filter((i) => !defined.has(i)).sort((a, b) => a - b).map((i) => `const n${int(i)} = TB[${int(i * BLOCK)} + i];`)
    for (const [u, row] of imports) loads.push(`const u${int(u)} = TB[${int(row * BLOCK)} + i];`)
    const stores = exports.map(([u, row]) => `TB[${int(row * BLOCK)} + i] = u${int(u)};`)
    const controls = [...c.controls].sort((a, b) => a - b).map((i) => `const c${int(i)} = c${int(i)}s + i * c${int(i)}d;`)
    const params = this.voice ? ['const pf = PB[po + i], pg = PB[po + 128 + i], pv = PB[po + 256 + i];'] : []
    const loop = [...controls, ...params, ...loads, ...c.lines, ...stores, ...c.end].join('\n    ')
    if (this.voice) {
      return `${HEADER}return function voice(S, b, V, CS, P, T, B, PB, po, out, n) {\n${this.head(c)}\n  let peak = 0;\n  for (let i = 0; i < n; i++) {\n    ${loop}\n  }\n  return peak;\n};`
    }
    return `${HEADER}return function segment(S, V, CS, P, T, B, PL, VF, TB, L, R, n) {\n${this.head(c)}\n  let bad = 0;\n  ${c.prologue.join('\n  ')}\n  for (let i = 0; i < n; i++) {\n    ${loop}\n  }\n  return bad;\n};`
  }

  /// The voice function: all of the template in one loop.
  voiceFunction(): string {
    const all = merge(this.chunks())
    return this.text(all, new Set(all.reads)) // a voice's nodes are all its own
  }

  /// The main scope as consecutive segment functions, each looping over the block in turn, cut
  /// where allowed once a segment holds about SEGMENT_CHARS of code: small functions are
  /// optimised sooner and faster, and each gets V8's whole inlining budget.
  segments(limit: number): { texts: string[]; rows: number } {
    const chunks = this.chunks()
    const ok = this.cuttable(chunks)
    const seg: number[] = []
    let s = 0
    let size = 0
    chunks.forEach((c, k) => {
      seg.push(s)
      size += c.size
      if (k < chunks.length - 1 && ok[k] && size >= limit) {
        s++
        size = 0
      }
    })
    // Units read in a later segment than their own pass through TB, after the nodes' rows.
    const defSeg = new Map<number, number>()
    chunks.forEach((c, k) => { if (c.unit !== undefined) defSeg.set(c.unit, seg[k]) })
    const row = new Map<number, number>()
    let rows = this.scope.nodes.length
    chunks.forEach((c, k) => {
      for (const u of c.unitReads) if ((defSeg.get(u) ?? seg[k]) < seg[k] && !row.has(u)) row.set(u, rows++)
    })
    const texts: string[] = []
    for (let j = 0; j <= s; j++) {
      const mine = chunks.filter((_, k) => seg[k] === j)
      const m = merge(mine)
      const defined = new Set(mine.filter((c) => c.node !== undefined).map((c) => c.node!))
      const own = new Set(mine.filter((c) => c.unit !== undefined).map((c) => c.unit!))
      const imports = [...m.unitReads].filter((u) => !own.has(u) && row.has(u)).map((u): [number, number] => [u, row.get(u)!])
      const exports = [...own].filter((u) => row.has(u)).map((u): [number, number] => [u, row.get(u)!])
      texts.push(this.text(m, defined, imports, exports))
    }
    return { texts, rows }
  }
}

/// Code for one node (or `out`): its lines, its delay writes, and what it reads.
interface Chunk {
  /// The unit or node (the node count for `out`) whose code this is; none in a voice's merged chunk.
  unit?: number
  node?: number
  unitReads: Set<number>
  lines: string[]
  end: string[]
  hoist: string[]
  prologue: string[]
  values: Set<number>
  controls: Set<number>
  reads: Set<number>
  size: number
}

/// About how much code goes into one main-loop segment.
export const SEGMENT_CHARS = 2500

function merge(chunks: Chunk[]): Chunk {
  const m: Chunk = { lines: [], end: [], hoist: [], prologue: [], values: new Set(), controls: new Set(), reads: new Set(), unitReads: new Set(), size: 0 }
  for (const c of chunks) {
    m.lines.push(...c.lines)
    m.end.push(...c.end)
    m.hoist.push(...c.hoist)
    m.prologue.push(...c.prologue)
    for (const v of c.values) m.values.add(v)
    for (const v of c.controls) m.controls.add(v)
    for (const v of c.reads) m.reads.add(v)
    for (const v of c.unitReads) m.unitReads.add(v)
    m.size += c.size
  }
  return m
}

/// `segmentChars`: about how much code goes into one main-loop segment (tests vary it).
export function generate(patch: CompiledPatch, segmentChars = SEGMENT_CHARS): Generated {
  const b = new Builder(patch)
  const g = new ScopeGen(b, patch.main, false, () => '0')
  const bases = g.layoutMain()
  g.slotOf = (u) => String(bases.get(u.id))
  const { texts: main, rows } = g.segments(segmentChars)
  return {
    size: b.keys.length,
    keys: b.keys,
    init: b.init,
    owner: b.owner,
    instances: b.instances,
    nodes: patch.main.nodes.map((n) => n.name),
    controls: [...b.controls.keys()],
    tables: b.tables,
    delays: g.mainDelays,
    polys: b.polys,
    main,
    rows,
    voices: b.voiceSources,
    buffers: b.buffers,
  }
}

export type { VoiceTemplate }
