/// The compiler: patch text (or a tree CodeMirror already parsed) to the plain-data tables of
/// `patch-data.ts`, plus diagnostics. It never throws on user input: every problem becomes a
/// diagnostic with its line and column, and any error makes `patch` null so the engine keeps
/// playing the last good one. The controls come back either way: every control whose own
/// declaration compiles, and the names of those that do not, for the panel.

import type { Tree } from '@lezer/common'
import { patchParser } from './parser.ts'
import { Diagnostics } from './diagnostics.ts'
import { ExpressionCompiler, exprChildren, type Globals, type ScopeContext } from './expressions.ts'
import { CONTROL_KINDS, RESERVED, VOICE_PARAMS, isHelperFn, isNodeFn, type ControlKind, type VoiceParam } from './node-types.ts'
import { isNoteName } from './numbers.ts'
import { orderNodes } from './order.ts'
import type { CompileResult, CompiledPatch, Control, Expr, FailedControl, NodeEntry, Scope, VoiceTemplate } from './patch-data.ts'
import { shapeKeyOf } from './shape.ts'
import { compileList } from './steps.ts'
import { collectSyntaxErrors } from './syntax-errors.ts'
import { syntaxOf, type Syn, type SyntaxErrorSite } from './syntax.ts'

export const DEFAULT_BPM = 120

export function compile(text: string, tree?: Tree): CompileResult {
  const diags = new Diagnostics(text)
  const errors: SyntaxErrorSite[] = []
  const top = syntaxOf(tree ?? patchParser().parse(text), errors)
  collectSyntaxErrors(errors, text, diags)
  const compiler = new PatchCompiler(text, diags)
  const patch = compiler.run(top)
  const diagnostics = diags.sorted()
  const ok = !diags.hasErrors
  // A control declaration with a syntax error inside fails, like one the compiler rejects.
  const controls: Control[] = []
  const failedControls: FailedControl[] = []
  for (const d of compiler.declarations) {
    const broken = !d.control || errors.some((e) => e.parent !== top && e.from >= d.from && e.to <= d.to)
    if (!broken) controls.push(d.control!)
    else if (d.name !== null) failedControls.push({ kind: d.kind, name: d.name, range: diags.lines.range(d.from, d.to) })
  }
  return { patch: ok ? patch : null, diagnostics, controls: ok ? patch.controls : controls, failedControls }
}

/// A control declaration in text order, with what it compiled to (null when it has errors).
interface Declaration {
  kind: ControlKind
  name: string | null
  from: number
  to: number
  control: Control | null
}

interface Definition {
  name: string
  kind: 'node' | ControlKind | 'voice'
  at: Syn
}

interface RawScope {
  nodes: { name: string; nameNode: Syn; expr: Syn | null; stmt: Syn }[]
  outs: Syn[]
}

class PatchCompiler {
  private g: Globals
  private bpm = DEFAULT_BPM
  /// Every control declaration, in text order.
  readonly declarations: Declaration[] = []

  constructor(
    private text: string,
    private diags: Diagnostics,
  ) {
    this.g = { text, diags, values: [], controls: new Map(), voiceNames: new Set(), mainNodeNames: new Set(), broken: new Set() }
  }

  private t(n: Syn): string {
    return this.text.slice(n.from, n.to)
  }

  run(top: Syn): CompiledPatch {
    const main: RawScope = { nodes: [], outs: [] }
    const voices: Syn[] = []
    const defined = new Map<string, Definition>()
    let bpmAt: Syn | null = null

    // Pass 1: every declaration, so names can be used before the line that defines them.
    for (const s of top.kids) {
      switch (s.type) {
        case 'Bpm':
          if (bpmAt) this.diags.error(s.from, s.to, `bpm is set twice (first on line ${this.diags.lines.lineOf(bpmAt.from)}): keep one`)
          else bpmAt = s
          break
        case 'NodeDef':
          this.collectNode(s, main, defined)
          break
        case 'OutDef':
          main.outs.push(s)
          break
        case 'KnobDecl':
        case 'FaderDecl':
        case 'StepSeqDecl':
        case 'PianoRollDecl':
          this.collectControl(s, defined)
          break
        case 'VoiceDef': {
          const name = s.child('Name')
          if (name && this.define(name, 'voice', defined)) this.g.voiceNames.add(this.t(name))
          voices.push(s)
          break
        }
      }
    }
    if (bpmAt) this.compileBpm(bpmAt)
    for (const n of main.nodes) this.g.mainNodeNames.add(n.name)

    const voiceTemplates: VoiceTemplate[] = []
    for (const v of voices) {
      const t = this.compileVoice(v)
      if (t) voiceTemplates.push(t)
    }
    const mainScope = this.compileScope(main, null, new Set(), top)

    const patch: CompiledPatch = {
      bpm: this.bpm,
      values: this.g.values,
      controls: [...this.g.controls.values()],
      voices: voiceTemplates,
      main: mainScope ?? { nodes: [], units: [], out: [zero(this.g), zero(this.g)] },
      shapeKey: '',
    }
    patch.shapeKey = shapeKeyOf(patch)
    return patch
  }

  /// Records a name; reports a second definition in the same scope, reserved words and notes.
  private define(nameNode: Syn, kind: Definition['kind'], defined: Map<string, Definition>): boolean {
    const name = this.t(nameNode)
    const first = defined.get(name)
    if (first) {
      this.diags.error(nameNode.from, nameNode.to, `${name} is already defined as a ${first.kind} on line ${this.diags.lines.lineOf(first.at.from)}: rename one of them`)
      return false
    }
    if ((RESERVED as readonly string[]).includes(name) || isNodeFn(name) || isHelperFn(name)) {
      this.diags.error(nameNode.from, nameNode.to, `${name} is a word of the language: choose another name, e.g. my_${name}`)
      return false
    }
    if (isNoteName(name)) {
      this.diags.error(nameNode.from, nameNode.to, `${name} reads as a note: choose another name, e.g. ${name}_`)
      return false
    }
    defined.set(name, { name, kind, at: nameNode })
    return true
  }

  private collectNode(s: Syn, scope: RawScope, defined: Map<string, Definition>): void {
    const nameNode = s.child('Name')
    if (!nameNode) return
    let expr: Syn | null = null
    for (const c of s.kids) {
      if (c.from > nameNode.from && c.type !== 'ArithOp') {
        expr = c
        break
      }
    }
    const name = this.t(nameNode)
    if ((VOICE_PARAMS as readonly string[]).includes(name) && defined.has(name)) {
      this.diags.error(nameNode.from, nameNode.to, `${name} is a parameter of this voice: choose another name`)
      return
    }
    if (this.define(nameNode, 'node', defined)) scope.nodes.push({ name, nameNode, expr, stmt: s })
  }

  private compileBpm(s: Syn): void {
    const e = exprChildren(s)[0]
    const v = e ? this.constant(e) : null
    if (v === null) return
    if (!(v >= 1 && v <= 999)) this.diags.error(s.from, s.to, `bpm must be from 1 to 999; this is ${v}`)
    else this.bpm = v
  }

  /// A constant expression (numbers, notes, arithmetic) as a number, or null (reported).
  private constant(n: Syn): number | null {
    const scratch: ScopeContext = { voice: null, params: new Set(), nodeNames: new Set(), units: [], ordinals: new Map() }
    const before = this.g.values.length
    const controls = this.g.controls
    this.g.controls = new Map() // constants may not name controls
    const e = new ExpressionCompiler(this.g, scratch).compile(n, 'constant', new Set())
    this.g.controls = controls
    const value = e && e.k === 'value' ? this.g.values[e.i] : null
    this.g.values.length = before
    if (e && value === null) this.diags.error(n.from, n.to, `'${this.t(n)}' must be a number here, such as 0.5 or 440`)
    return value
  }

  private collectControl(s: Syn, defined: Map<string, Definition>): void {
    const kind = CONTROL_KINDS[['KnobDecl', 'FaderDecl', 'StepSeqDecl', 'PianoRollDecl'].indexOf(s.type)]
    const nameNode = s.child('Name')
    const declaration: Declaration = { kind, name: nameNode && this.t(nameNode), from: s.from, to: s.to, control: null }
    this.declarations.push(declaration)
    const size = this.g.controls.size
    this.compileControl(s, kind, nameNode, defined)
    if (this.g.controls.size > size) declaration.control = [...this.g.controls.values()][size]
  }

  private compileControl(s: Syn, kind: ControlKind, nameNode: Syn | null, defined: Map<string, Definition>): void {
    if (!nameNode || !this.define(nameNode, kind, defined)) return
    const name = this.t(nameNode)
    const range = this.diags.lines.range(s.from, s.to)
    if (kind === 'step_seq' || kind === 'piano_roll') {
      const list = s.child('List')
      if (!list) return
      const steps = compileList(list, this.text, kind === 'step_seq' ? 'step_seq' : 'notes', this.diags)
      if (!steps) return void this.g.broken.add(name)
      this.g.controls.set(name, {
        kind, name, value: 0, min: 0, max: steps.length, curve: 'lin', cc: null, steps, range,
        valueRange: this.diags.lines.range(list.from, list.to),
      })
      return
    }
    // knob / fader: NAME = VALUE [MIN..MAX] curve? (cc N)?
    const valueNode = exprChildren(s).find((c) => c.from > nameNode.to && c.type !== 'Range' && c.type !== 'Curve' && c.type !== 'MidiMap')
    const rangeNode = s.child('Range')
    if (!valueNode || !rangeNode) return
    const [minNode, maxNode] = exprChildren(rangeNode)
    const value = this.constant(valueNode)
    const min = minNode ? this.constant(minNode) : null
    const max = maxNode ? this.constant(maxNode) : null
    if (value === null || min === null || max === null) return void this.g.broken.add(name)
    let ok = true
    if (!(min < max)) {
      const fix = min > max ? `[${max}..${min}]` : `[${min}..${min + 1}]`
      this.diags.error(rangeNode.from, rangeNode.to, `the range's min (${min}) must be below its max (${max}): write ${fix}`)
      ok = false
    }
    let curve: 'lin' | 'exp' = 'lin'
    const curveNode = s.child('Curve')
    if (curveNode) {
      const word = this.t(curveNode)
      if (word === 'lin' || word === 'exp') curve = word
      else {
        this.diags.error(curveNode.from, curveNode.to, `unknown curve '${word}': use lin or exp`)
        ok = false
      }
    }
    if (curve === 'exp' && ok && min <= 0) {
      this.diags.error(rangeNode.from, rangeNode.to, `an exp ${kind} needs a range above 0, e.g. [20..20000]; use lin for ranges that reach 0`)
      ok = false
    }
    if (ok && (value < min || value > max)) {
      this.diags.error(valueNode.from, valueNode.to, `${value} is outside ${name}'s range ${min}..${max}: pick a value inside it or widen the range`)
      ok = false
    }
    let cc: number | null = null
    const midiNode = s.child('MidiMap')
    if (midiNode) {
      const word = midiNode.child('Name')
      const num = midiNode.child('Number')
      const n = num ? Number(this.t(num)) : NaN
      if (!word || this.t(word) !== 'cc') {
        this.diags.error(midiNode.from, midiNode.to, 'a MIDI mapping is written cc N, e.g. cc 74')
        ok = false
      } else if (!Number.isInteger(n) || n < 0 || n > 127) {
        this.diags.error(midiNode.from, midiNode.to, 'a MIDI control number is a whole number from 0 to 127')
        ok = false
      } else cc = n
    }
    if (!ok) return void this.g.broken.add(name)
    this.g.controls.set(name, {
      kind, name, value, min, max, curve, cc, steps: [], range,
      valueRange: this.diags.lines.range(valueNode.from, valueNode.to),
    })
  }

  private compileVoice(v: Syn): VoiceTemplate | null {
    const nameNode = v.child('Name')
    const paramList = v.child('ParamList')
    const body = v.child('Body')
    if (!nameNode || !paramList || !body) return null
    const name = this.t(nameNode)
    const defined = new Map<string, Definition>()
    const params = new Set<VoiceParam>()
    for (const p of paramList.kids.filter((k) => k.type === 'Name')) {
      const word = this.t(p)
      if (!(VOICE_PARAMS as readonly string[]).includes(word)) {
        this.diags.error(p.from, p.to, `unknown voice parameter '${word}': a voice takes freq, gate and vel`)
      } else if (params.has(word as VoiceParam)) {
        this.diags.error(p.from, p.to, `${word} is listed twice: remove one`)
      } else {
        params.add(word as VoiceParam)
        defined.set(word, { name: word, kind: 'node', at: p })
      }
    }
    const raw: RawScope = { nodes: [], outs: [] }
    for (const s of body.kids) {
      if (s.type === 'NodeDef') this.collectNode(s, raw, defined)
      else if (s.type === 'OutDef') raw.outs.push(s)
    }
    const scope = this.compileScope(raw, name, params, v)
    if (!scope) return null
    return { name, params: [...params], range: this.diags.lines.range(v.from, v.to), ...scope }
  }

  private compileScope(raw: RawScope, voice: string | null, params: Set<VoiceParam>, container: Syn): Scope | null {
    const ctx: ScopeContext = { voice, params, nodeNames: new Set(raw.nodes.map((n) => n.name)), units: [], ordinals: new Map() }
    const exprs = new ExpressionCompiler(this.g, ctx)
    const deps = new Map<string, Set<string>>()
    const compiled = new Map<string, NodeEntry>()
    let ok = true
    for (const n of raw.nodes) {
      const d = new Set<string>()
      deps.set(n.name, d)
      const e = n.expr ? exprs.compile(n.expr, n.name, d) : null
      if (e) compiled.set(n.name, { name: n.name, expr: e, range: this.diags.lines.range(n.stmt.from, n.stmt.to) })
      else ok = false
    }

    let out: [Expr, Expr] | null = null
    const where = voice ? `voice ${voice}` : 'the patch'
    if (raw.outs.length === 0) {
      const at = voice ? container.child('Body') ?? container : container
      const end = voice ? at.to : this.text.length
      this.diags.error(voice ? at.from : Math.max(0, end - 1), end, `${where} has no out: add a line such as out = ${raw.nodes.at(-1)?.name ?? 'osc(sine, 220)'}`)
      ok = false
    }
    for (const extra of raw.outs.slice(1)) {
      this.diags.error(extra.from, extra.to, `${where} has out twice (first on line ${this.diags.lines.lineOf(raw.outs[0].from)}): keep one, and mix signals with + or mix(a, b)`)
      ok = false
    }
    if (raw.outs.length >= 1) {
      const o = raw.outs[0]
      const sides = exprChildren(o)
      if (voice && sides.length > 1) {
        this.diags.error(o.from, o.to, `a voice's out is mono: write out = EXPRESSION (pan in the main patch)`)
        ok = false
      } else if (sides.length) {
        const d = new Set<string>()
        const l = exprs.compile(sides[0], 'out', d)
        const r = sides.length > 1 ? exprs.compile(sides[1], 'out', d) : l
        if (l && r) out = [l, r]
        else ok = false
      } else ok = false
    }

    const sorted = orderNodes({ names: raw.nodes.map((n) => n.name), deps })
    for (const loop of sorted.loops) {
      const first = raw.nodes.find((n) => n.name === loop[0])!
      const msg = loop.length === 2
        ? `${first.name} reads itself without a delay: put a delay in the loop, e.g. delay(${first.name}, 0.01)`
        : `a loop without a delay: ${loop.join(' -> ')}; put a delay in the loop, e.g. delay(${loop[1]}, 0.01)`
      this.diags.error(first.nameNode.from, first.nameNode.to, msg)
    }
    if (!ok || !out || sorted.loops.length) return null
    return { nodes: sorted.order.map((name) => compiled.get(name)!), units: ctx.units, out }
  }
}

function zero(g: Globals): Expr {
  g.values.push(0)
  return { k: 'value', i: g.values.length - 1 }
}
