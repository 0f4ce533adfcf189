/// Expressions: syntax nodes to `Expr` trees. Calls of node functions become units of the scope,
/// literal numbers become entries of the patch's value table (subtrees of literals are folded into
/// one entry), and every name is resolved or reported with the closest known name.

import type { Diagnostics } from './diagnostics.ts'
import {
  HELPERS,
  HELPER_FNS,
  NODE_FNS,
  NODE_TYPES,
  VOICE_PARAMS,
  isHelperFn,
  isNodeFn,
  type ArgSpec,
  type NodeFn,
  type VoiceParam,
} from './node-types.ts'
import { midiToHz, noteToMidi, parseNumber } from './numbers.ts'
import type { Control, Expr, StepSource, Unit } from './patch-data.ts'
import { compileList } from './steps.ts'
import { didYouMean } from './suggest.ts'
import { Syn } from './syntax.ts'

/// What the whole patch declares, shared by every scope.
export interface Globals {
  text: string
  diags: Diagnostics
  values: number[]
  controls: Map<string, Control>
  voiceNames: Set<string>
  mainNodeNames: Set<string>
  /// Names whose declaration has errors (already reported): reading them reports nothing more.
  broken: Set<string>
}

/// One scope being compiled: the main patch or a voice template.
export interface ScopeContext {
  voice: string | null
  params: Set<VoiceParam>
  nodeNames: Set<string>
  units: Unit[]
  ordinals: Map<string, number>
}

/// Where an expression sits: which node owns its calls, and where its node reads are recorded.
interface Site {
  owner: string
  /// Null inside a delay's `input`: its reads do not order the graph.
  deps: Set<string> | null
  /// Inside a `block` argument: only numbers, controls and beat are allowed.
  block: string | null
}

export class ExpressionCompiler {
  constructor(
    private g: Globals,
    private scope: ScopeContext,
  ) {}

  /// Compiles the expression of node `owner`; returns null when it has errors (already reported).
  compile(node: Syn, owner: string, deps: Set<string>): Expr | null {
    return this.expr(node, { owner, deps, block: null })
  }

  private text(n: Syn): string {
    return this.g.text.slice(n.from, n.to)
  }

  private error(n: Syn, message: string): null {
    this.g.diags.error(n.from, n.to, message)
    return null
  }

  private value(v: number): Expr {
    this.g.values.push(v)
    return { k: 'value', i: this.g.values.length - 1 }
  }

  /// Folding keeps the value table free of orphans: operands that are literals were the last
  /// entries pushed, so they are popped and replaced by the result.
  private fold(result: number, count: number): Expr {
    this.g.values.length -= count
    return this.value(result)
  }

  private expr(n: Syn, site: Site): Expr | null {
    if (n.isError) return null
    switch (n.type) {
      case 'Number': {
        const parsed = parseNumber(this.text(n))
        return 'error' in parsed ? this.error(n, parsed.error) : this.value(parsed.value)
      }
      case 'Note': {
        const midi = noteToMidi(this.text(n))
        return midi === null ? this.error(n, `'${this.text(n)}' is not a note`) : this.value(midiToHz(midi))
      }
      case 'Name':
        return this.name(n, site)
      case 'ParenExpr': {
        const inner = n.child('ParenExpr') ?? childExpr(n)
        return inner ? this.expr(inner, site) : null
      }
      case 'UnaryExpr': {
        const operand = childExpr(n)
        const a = operand ? this.expr(operand, site) : null
        if (!a) return null
        if (a.k === 'value') return this.fold(-this.g.values[a.i], 1)
        return { k: 'neg', a }
      }
      case 'BinaryExpr':
        return this.binary(n, site)
      case 'Call':
        return this.call(n, site)
      case 'List':
        return this.error(n, 'a [...] list is only the steps of seq or the notes of poly, e.g. seq(clock, [x . x x])')
      default:
        return this.error(n, `unexpected '${this.text(n)}' in an expression`)
    }
  }

  private binary(n: Syn, site: Site): Expr | null {
    const operands = exprChildren(n)
    const opNode = n.child('ArithOp')
    if (operands.length !== 2 || !opNode) return null
    const a = this.expr(operands[0], site)
    const b = this.expr(operands[1], site)
    if (!a || !b) return null
    const op = this.text(opNode) as '+' | '-' | '*' | '/'
    if (a.k === 'value' && b.k === 'value') {
      const x = this.g.values[a.i]
      const y = this.g.values[b.i]
      if (op === '/' && y === 0) return this.error(n, 'division by zero: divide by a number other than 0')
      return this.fold(op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : x / y, 2)
    }
    return { k: 'op', op, a, b }
  }

  private name(n: Syn, site: Site): Expr | null {
    const name = this.text(n)
    const s = this.scope
    if (s.voice !== null && s.params.has(name as VoiceParam)) {
      if (site.block) return this.error(n, `${site.block} is read once per block: it cannot use ${name}`)
      return { k: 'param', name: name as VoiceParam }
    }
    if (s.nodeNames.has(name)) {
      if (site.block) return this.error(n, `${site.block} is read once per block: it can use numbers, controls and beat, not the node ${name}`)
      site.deps?.add(name)
      return { k: 'node', name }
    }
    const control = this.g.controls.get(name)
    if (control) {
      if (control.kind === 'knob' || control.kind === 'fader') return { k: 'control', name }
      const use = control.kind === 'step_seq' ? `seq(clock, ${name})` : `poly(VOICE, ${name})`
      return this.error(n, `${name} is a ${control.kind}: use it as steps or notes, e.g. ${use}`)
    }
    if (name === 'beat') return { k: 'beat' }
    if (this.g.broken.has(name)) return null
    const midi = noteToMidi(name)
    if (midi !== null) return this.value(midiToHz(midi))
    if (s.voice !== null && this.g.mainNodeNames.has(name)) {
      return this.error(n, `voice ${s.voice} cannot read the node ${name} of the main patch: a voice uses its parameters (freq, gate, vel), controls and beat`)
    }
    if (this.g.voiceNames.has(name)) return this.error(n, `${name} is a voice template: play it with poly(${name}, NOTES)`)
    if (isNodeFn(name) || isHelperFn(name)) return this.error(n, `${name} is a function: call it, e.g. ${isNodeFn(name) ? NODE_TYPES[name].example : HELPERS[name].signature}`)
    if (name === 'midi') return this.error(n, 'midi is only the notes of poly: poly(VOICE, midi)')
    if ((VOICE_PARAMS as readonly string[]).includes(name)) {
      return this.error(n, `${name} is a voice parameter: use it inside voice NAME(${name}) { ... }`)
    }
    return this.error(n, `unknown name '${name}': ${didYouMean(name, this.knownNames(), 'define it with node NAME = ... or a control')}`)
  }

  private knownNames(): string[] {
    return [
      ...this.scope.nodeNames,
      ...this.scope.params,
      ...[...this.g.controls.values()].filter((c) => c.kind === 'knob' || c.kind === 'fader').map((c) => c.name),
      ...this.g.broken,
      'beat',
      ...NODE_FNS,
      ...HELPER_FNS,
    ]
  }

  private call(n: Syn, site: Site): Expr | null {
    const callee = n.child('Name')
    const argList = n.child('ArgList')
    if (!callee || !argList) return null
    const fn = this.text(callee)
    const args = splitArgs(argList, this.g.text, this.g.diags)
    if (!args) return null
    if (isHelperFn(fn)) return this.helper(n, fn, args, site)
    if (!isNodeFn(fn)) {
      const known = [...NODE_FNS, ...HELPER_FNS]
      const what = this.g.voiceNames.has(fn) ? `${fn} is a voice template: play it with poly(${fn}, NOTES)` : `unknown function '${fn}': ${didYouMean(fn, known, `the functions are ${known.join(', ')}`)}`
      return this.error(callee, what)
    }
    if (site.block) return this.error(n, `${site.block} is read once per block: it cannot call ${fn}`)
    return this.unit(n, fn, args, site)
  }

  private helper(n: Syn, fn: keyof typeof HELPERS, args: ParsedArgs, site: Site): Expr | null {
    const spec = HELPERS[fn]
    if (args.keyword.length) return this.error(args.keyword[0].node, `${fn} takes no keyword arguments: ${spec.signature}`)
    const count = args.positional.length
    if (count < spec.minArgs || count > spec.maxArgs) return this.error(n, helperArity(spec, count))
    const compiled: Expr[] = []
    for (const a of args.positional) {
      const e = this.expr(a, site)
      if (!e) return null
      compiled.push(e)
    }
    return { k: 'helper', fn, args: compiled }
  }

  /// A node-function call: match arguments to the table, compile each by its kind, add a unit.
  private unit(n: Syn, fn: NodeFn, args: ParsedArgs, site: Site): Expr | null {
    const type = NODE_TYPES[fn]
    const specs = type.args
    // The argument given for each spec, by the spec's index.
    const given: (Syn | undefined)[] = new Array(specs.length)
    if (args.positional.length > specs.length) {
      return this.error(args.positional[specs.length], `${fn} takes at most ${specs.length} arguments (${argNames(fn)}); remove this one`)
    }
    for (let i = 0; i < args.positional.length; i++) given[i] = args.positional[i]
    for (const { name, nameNode, node } of args.keyword) {
      let i = 0
      while (i < specs.length && specs[i].name !== name) i++
      if (i === specs.length) return this.error(nameNode, `${fn} has no argument '${name}': ${didYouMean(name, specs.map((s) => s.name), `its arguments are ${argNames(fn)}`)}`)
      if (given[i]) return this.error(nameNode, `${name} is given twice in this call of ${fn}: remove one`)
      given[i] = node
    }

    if (fn === 'poly' && this.scope.voice !== null) {
      const voiceArg = given[specs.findIndex((s) => s.kind === 'voice')]
      if (voiceArg && this.text(voiceArg) === this.scope.voice) {
        return this.error(n, `voice ${this.scope.voice} uses itself through poly: a voice cannot play itself`)
      }
      return this.error(n, 'poly cannot be used inside a voice: play voices from the main patch')
    }

    // Keys name the call by its node and its rank among calls of the same function there, in
    // the order they are written, so edits around a call (wrapping it in arithmetic, adding a
    // call inside it, changing numbers) keep its state.
    const base = `${site.owner}.${fn}`
    const rank = (this.scope.ordinals.get(base) ?? 0) + 1
    this.scope.ordinals.set(base, rank)
    const unit: Unit = {
      id: -1, // set when pushed: calls in the arguments are pushed first
      key: rank === 1 ? base : `${base}${rank}`,
      fn,
      node: site.owner,
      mode: null,
      args: {},
      steps: null,
      voice: null,
      voices: 0,
      range: this.g.diags.lines.range(n.from, n.to),
    }
    let ok = true
    for (let i = 0; i < specs.length; i++) {
      const spec = specs[i]
      const a = given[i]
      if (!a && spec.default === undefined) {
        this.error(n, `${fn} needs its ${spec.name} (${spec.doc}), e.g. ${type.example}`)
        ok = false
        continue
      }
      if (!this.argument(unit, spec, a ?? null, site)) ok = false
    }
    if (!ok) return null
    unit.id = this.scope.units.length
    this.scope.units.push(unit)
    return { k: 'unit', id: unit.id }
  }

  private argument(unit: Unit, spec: ArgSpec, a: Syn | null, site: Site): boolean {
    const fn = unit.fn
    switch (spec.kind) {
      case 'signal': {
        // A delay's input may read nodes that depend on the delay: that is a feedback loop.
        const inner: Site = fn === 'delay' && spec.name === 'input' ? { owner: site.owner, deps: null, block: site.block } : site
        const e = a ? this.expr(a, inner) : this.value(Number(spec.default))
        if (!e) return false
        unit.args[spec.name] = e
        return true
      }
      case 'block': {
        if (!a) {
          unit.args[spec.name] = spec.default === 'beat' ? { k: 'beat' } : this.value(Number(spec.default))
          return true
        }
        const e = this.expr(a, { owner: site.owner, deps: site.deps, block: `${fn}'s ${spec.name}` })
        if (!e) return false
        unit.args[spec.name] = e
        return true
      }
      case 'mode': {
        const modes = NODE_TYPES[fn].modes ?? spec.choices ?? []
        if (!a) {
          unit.mode = String(spec.default)
          return true
        }
        const word = this.text(a)
        if (a.type !== 'Name' || !modes.includes(word)) {
          this.error(a, `unknown ${spec.name} '${word}' for ${fn}: ${didYouMean(word, modes, `use ${modes.join(', ')}`)}`)
          return false
        }
        unit.mode = word
        return true
      }
      case 'count': {
        const e = a ? this.expr(a, { owner: site.owner, deps: site.deps, block: `${fn}'s ${spec.name}` }) : this.value(Number(spec.default))
        if (!e) return false
        const v = e.k === 'value' ? this.g.values[e.i] : NaN
        if (e.k === 'value') this.g.values.length -= 1 // a count is shape, not a value
        if (!Number.isInteger(v) || v < (spec.min ?? 0) || v > (spec.max ?? Infinity)) {
          this.error(a ?? argAnchor(unit), `${fn}'s ${spec.name} must be a whole number from ${spec.min} to ${spec.max}`)
          return false
        }
        unit.voices = v
        return true
      }
      case 'voice': {
        const word = a ? this.text(a) : ''
        if (!a || a.type !== 'Name' || !this.g.voiceNames.has(word)) {
          const hint = didYouMean(word, this.g.voiceNames, this.g.voiceNames.size ? `the voices are ${[...this.g.voiceNames].join(', ')}` : 'define one with voice NAME(freq, gate) { ... }')
          this.error(a ?? argAnchor(unit), `unknown voice '${word}': ${hint}`)
          return false
        }
        unit.voice = word
        return true
      }
      case 'steps':
      case 'notes': {
        const source = a ? this.stepSource(a, spec.kind, fn) : null
        if (!source) return false
        unit.steps = source
        return true
      }
    }
  }

  private stepSource(a: Syn, kind: 'steps' | 'notes', fn: NodeFn): StepSource | null {
    if (a.type === 'List') {
      const steps = compileList(a, this.g.text, kind === 'steps' ? 'seq' : 'notes', this.g.diags)
      return steps ? { k: 'list', steps } : null
    }
    const word = this.text(a)
    if (a.type === 'Name') {
      if (kind === 'notes' && word === 'midi') return { k: 'midi' }
      const control = this.g.controls.get(word)
      const allowed = kind === 'steps' ? ['step_seq', 'piano_roll'] : ['piano_roll']
      if (control && allowed.includes(control.kind)) return { k: 'control', name: word }
      if (control) return this.error(a, `${word} is a ${control.kind}; ${fn} takes ${kind === 'steps' ? 'a step_seq or piano_roll' : 'a piano_roll'} here, or a [...] list`)
      const candidates = [...this.g.controls.values()].filter((c) => allowed.includes(c.kind)).map((c) => c.name)
      return this.error(a, `unknown ${kind === 'steps' ? 'steps' : 'notes'} '${word}': ${didYouMean(word, candidates, `write a [...] list${kind === 'notes' ? ', a piano_roll name or midi' : ' or a step_seq name'}`)}`)
    }
    return this.error(a, `${fn}'s ${kind} must be a [...] list${kind === 'notes' ? ', a piano_roll name or midi' : ' or a step_seq / piano_roll name'}`)
  }
}

/// A node function's argument names, for messages.
function argNames(fn: NodeFn): string {
  return NODE_TYPES[fn].args.map((a) => a.name).join(', ')
}

function argAnchor(unit: Unit): Syn {
  // A stand-in node for errors about a missing argument: the whole call.
  return new Syn('Call', unit.range.from, unit.range.to, [])
}

interface ParsedArgs {
  positional: Syn[]
  keyword: { name: string; nameNode: Syn; node: Syn }[]
}

/// The arguments of a call; keyword arguments must follow positional ones.
function splitArgs(argList: Syn, text: string, diags: Diagnostics): ParsedArgs | null {
  const out: ParsedArgs = { positional: [], keyword: [] }
  for (const c of argList.kids) {
    if (c.isError) return null
    if (c.type === 'KeywordArg') {
      const nameNode = c.child('Name')
      const value = childExpr(c, nameNode)
      if (!nameNode || !value) return null
      out.keyword.push({ name: text.slice(nameNode.from, nameNode.to), nameNode, node: value })
    } else {
      if (out.keyword.length) {
        diags.error(c.from, c.to, 'a positional argument cannot follow a keyword argument: move it before them, or name it')
        return null
      }
      out.positional.push(c)
    }
  }
  return out
}

/// The expression children of a node (skipping operators; `Syn` has no punctuation).
export function exprChildren(n: Syn): Syn[] {
  const out: Syn[] = []
  for (const c of n.kids) if (c.type !== 'ArithOp') out.push(c)
  return out
}

/// The first expression child of `n`, or the first after `after`.
function childExpr(n: Syn, after: Syn | null = null): Syn | null {
  let i = after ? n.kids.indexOf(after) + 1 : 0
  for (; i < n.kids.length; i++) if (n.kids[i].type !== 'ArithOp') return n.kids[i]
  return null
}

/// What is wrong with a helper's argument count, and what would fix it.
function helperArity(spec: (typeof HELPERS)[keyof typeof HELPERS], count: number): string {
  const { name, minArgs: min, maxArgs: max, signature } = spec
  const plural = (k: number) => `${k} argument${k === 1 ? '' : 's'}`
  if (min === max) return `${name} takes ${plural(min)}, not ${count}: ${signature}`
  if (count < min) return `${name} takes at least ${plural(min)}: ${signature}`
  // A mix of mixes of equal size is the mix of them all: mix(mix(a, b), mix(c, d)) = mix(a, b, c, d).
  const fix = name === 'mix' ? 'mix groups of equal size, as mix(mix(a, b), mix(c, d)), or add signals with +' : `remove ${count - max}`
  return `${name} takes at most ${plural(max)}, not ${count}: ${fix}`
}
