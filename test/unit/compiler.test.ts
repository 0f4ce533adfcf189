import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parser } from '../../grammar/parser.js'
import { compile } from '../../src/language/compile.ts'
import { NODE_FNS, NODE_TYPES } from '../../src/language/node-types.ts'
import { midiToHz } from '../../src/language/numbers.ts'
import { shapeKeyOf } from '../../src/language/shape.ts'
import type { CompiledPatch, Expr, Scope } from '../../src/language/patch-data.ts'
import { examplePatches } from './helpers/examples.ts'

const examples = examplePatches()
const read = (url: URL) => readFileSync(url, 'utf8')

function ok(text: string): CompiledPatch {
  const r = compile(text)
  expect(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual([])
  expect(r.patch).not.toBeNull()
  return r.patch!
}

/// The value an expression has when it is a literal (or folded literals).
function literal(p: CompiledPatch, e: Expr): number {
  if (e.k !== 'value') throw new Error(`not a literal: ${JSON.stringify(e)}`)
  return p.values[e.i]
}

describe('the LANGUAGE.md example', () => {
  const p = ok(read(new URL('../fixtures/language-example.patch', import.meta.url)))

  it('reads the tempo and the controls in text order', () => {
    expect(p.bpm).toBe(126)
    expect(p.controls.map((c) => [c.kind, c.name])).toEqual([
      ['knob', 'cutoff'], ['fader', 'level'], ['step_seq', 'hats'], ['piano_roll', 'lead'],
    ])
    const [cutoff, level, hats, lead] = p.controls
    expect([cutoff.value, cutoff.min, cutoff.max, cutoff.curve]).toEqual([1800, 80, 9000, 'exp'])
    expect([level.value, level.min, level.max, level.curve]).toEqual([0.7, 0, 1, 'lin'])
    expect(hats.steps.map((s) => s.k)).toEqual(['hit', 'rest', 'hit', 'hit', 'rest', 'hit', 'rest', 'hit'])
    expect(lead.steps.map((s) => (s.k === 'notes' ? s.midi.join('+') : s.k))).toEqual(['60', '64', '67', 'tie', '71', 'rest', '67', '64'])
    const c4 = lead.steps[0]
    expect(c4.k === 'notes' && c4.hz[0]).toBeCloseTo(261.6256, 3)
  })

  it('compiles the voice template with its units and converted units', () => {
    expect(p.voices.map((v) => [v.name, v.params])).toEqual([['pluck', ['freq', 'gate']]])
    const v = p.voices[0]
    expect(v.nodes.map((n) => n.name)).toEqual(['env', 'o'])
    expect(v.units.map((u) => [u.key, u.fn, u.mode])).toEqual([
      ['env.adsr', 'adsr', null], ['o.osc', 'osc', 'saw'], ['o.osc2', 'osc', 'saw'], ['out.filter', 'filter', 'lp'],
    ])
    const env = v.units[0]
    expect(env.args.gate).toEqual({ k: 'param', name: 'gate' })
    expect([env.args.a, env.args.d, env.args.s, env.args.r].map((e) => literal(p, e))).toEqual([0.003, 0.18, 0.25, 0.25])
    // Defaults from the node-type table fill the arguments not written.
    expect(literal(p, v.units[1].args.pw)).toBe(0.5)
    expect(v.units[3].args.cutoff).toEqual({
      k: 'op', op: '+', a: { k: 'value', i: expect.any(Number) },
      b: { k: 'op', op: '*', a: { k: 'node', name: 'env' }, b: { k: 'control', name: 'cutoff' } },
    })
  })

  it('sorts the main graph and compiles poly, seq and delay', () => {
    expect(p.main.nodes.map((n) => n.name)).toEqual(['clock', 'hat', 'keys', 'echo'])
    const byKey = Object.fromEntries(p.main.units.map((u) => [u.key, u]))
    expect(Object.keys(byKey)).toEqual(['clock.trig', 'hat.noise', 'hat.filter', 'hat.seq', 'hat.adsr', 'keys.poly', 'echo.delay'])
    expect(byKey['hat.noise'].mode).toBe('white')
    expect(byKey['hat.seq'].steps).toEqual({ k: 'control', name: 'hats' })
    const poly = byKey['keys.poly']
    expect([poly.voice, poly.voices, poly.steps]).toEqual(['pluck', 6, { k: 'control', name: 'lead' }])
    expect(poly.args.rate).toEqual({ k: 'op', op: '*', a: { k: 'beat' }, b: { k: 'value', i: expect.any(Number) } })
    expect(literal(p, poly.args.gate)).toBe(0.5)
    const d = byKey['echo.delay']
    expect([literal(p, d.args.time), literal(p, d.args.feedback)]).toEqual([0.357, 0.45])
    expect(p.main.out[0]).toBe(p.main.out[1])
  })
})

describe('every patch in patches/', () => {
  it.each([...examples])('%s compiles without a diagnostic and in dependency order', (_file, text) => {
    const p = ok(text)
    for (const scope of [p.main, ...p.voices]) expectDependencyOrder(scope)
    for (const scope of [p.main, ...p.voices]) {
      for (const u of scope.units) {
        const type = NODE_TYPES[u.fn]
        for (const a of type.args) {
          if (a.kind === 'signal' || a.kind === 'block') expect(u.args[a.name], `${u.key}.${a.name}`).toBeDefined()
        }
      }
    }
  })

  it('together use every node function, mode, statement and helper', () => {
    const used = new Set<string>()
    const statements = new Set<string>()
    for (const text of examples.values()) {
      const p = ok(text)
      for (const scope of [p.main, ...p.voices]) for (const u of scope.units) used.add(u.fn).add(`${u.fn}:${u.mode}`)
      for (const c of p.controls) statements.add(c.kind)
      if (p.voices.length) statements.add('voice')
      if (p.main.out[0] !== p.main.out[1]) statements.add('stereo out')
      if (/^bpm /m.test(text)) statements.add('bpm')
      for (const h of ['mix(', 'clip(', 'tanh(', 'abs(']) if (text.includes(h)) used.add(h)
    }
    for (const fn of NODE_FNS) expect(used, fn).toContain(fn)
    for (const [fn, t] of Object.entries(NODE_TYPES)) for (const m of t.modes ?? []) expect(used, `${fn}(${m})`).toContain(`${fn}:${m}`)
    expect(used).toContain('noise:pink')
    for (const s of ['knob', 'fader', 'step_seq', 'piano_roll', 'voice', 'stereo out', 'bpm']) expect(statements, s).toContain(s)
    for (const h of ['mix(', 'clip(', 'tanh(', 'abs(']) expect(used, h).toContain(h)
  })
})

function expectDependencyOrder(scope: Scope) {
  const seen = new Set<string>()
  const names = new Set(scope.nodes.map((n) => n.name))
  const reads = (e: Expr, late: boolean, out: Set<string>) => {
    switch (e.k) {
      case 'node': if (!late) out.add(e.name); break
      case 'op': reads(e.a, late, out); reads(e.b, late, out); break
      case 'neg': reads(e.a, late, out); break
      case 'helper': e.args.forEach((a) => reads(a, late, out)); break
      case 'unit': {
        const u = scope.units[e.id]
        for (const [name, a] of Object.entries(u.args)) reads(a, late || (u.fn === 'delay' && name === 'input'), out)
      }
    }
  }
  for (const n of scope.nodes) {
    const deps = new Set<string>()
    reads(n.expr, false, deps)
    for (const d of deps) if (names.has(d)) expect(seen, `${n.name} reads ${d}`).toContain(d)
    seen.add(n.name)
  }
}

describe('values', () => {
  it('converts units, notes and folds literal arithmetic', () => {
    const p = ok('node a = osc(sine, a4) * (5ms + 2s) + c#3 + eb2 + 1e3 + .5 + 440hz\nout = a')
    const vals = p.values
    expect(vals).toContain(440)
    expect(vals).toContain(2.005)
    const sum = midiToHz(49) + midiToHz(39) + 1000 + 0.5 + 440
    expect(vals.some((v) => Math.abs(v - sum) < 1e-9) || vals.some((v) => Math.abs(v - 2.005) < 1e-12)).toBe(true)
  })

  it('changing only numbers keeps the shape key; changing structure does not', () => {
    const a = ok('knob k = 100 [20..2000] exp\nnode o = filter(lp, osc(saw, 110), k * 2, 0.7)\nout = o * 0.5')
    const b = ok('# a comment above moves every range\nknob k = 300 [20..4000] exp\nnode o = filter(lp, osc(saw, 220), k * 3, 0.9)\nout = o * 0.25')
    const c = ok('knob k = 100 [20..2000] exp\nnode o = filter(hp, osc(saw, 110), k * 2, 0.7)\nout = o * 0.5')
    expect(b.shapeKey).toBe(a.shapeKey)
    expect(b.values).not.toEqual(a.values)
    expect(c.shapeKey).not.toBe(a.shapeKey)
    const seqA = ok('node s = seq(trig(4), [x . x])\nout = s')
    const seqB = ok('node s = seq(trig(4), [. x x])\nout = s')
    expect(seqB.shapeKey).toBe(seqA.shapeKey)
  })

  it('writes the shape key as the engine compares it, for patches of any length and any names', () => {
    const p = ok('knob k = 100 [20..2000]\nnode o = filter(lp, osc(saw, 110), k * 2, 0.7)\nout = o * 0.5, -o')
    expect(p.shapeKey).toBe('Cknob:k;M;U0:o.osc:osc:saw:null:0::o{freq=#0,pw=#1,};U1:o.filter:filter:lp:null:0::o{input=u0,cutoff=(c:k*#2),q=#3,};No=u1;O(n:o*#4)|-(n:o)')
    // Longer than the writer's first buffer (16 KB): it grows, and the key still tells the two apart.
    const lines = (f: number) => Array.from({ length: 600 }, (_, i) => `node n${i} = filter(lp, osc(saw, ${f + i}), 900, 0.5)`).join('\n')
    const a = ok(`${lines(100)}\nout = n599`), b = ok(`${lines(200)}\nout = n599`), c = ok(`${lines(100)}\nout = n598`)
    expect(a.shapeKey.length).toBeGreaterThan(1 << 15)
    expect(a.shapeKey.endsWith('Nn599=u1199;On:n599|=')).toBe(true)
    expect(b.shapeKey).toBe(a.shapeKey)
    expect(c.shapeKey).not.toBe(a.shapeKey)
    // The grammar's names are ASCII; a name that is not (a patch built by hand) stays exact and the key ASCII.
    const named = (name: string) => ({ ...p, main: { ...p.main, nodes: p.main.nodes.map((n) => ({ ...n, name })) } })
    const keys = ['oé', 'o~e9.', 'o~', 'o\u{1F3B9}'].map((n) => shapeKeyOf(named(n)))
    expect(new Set(keys).size).toBe(keys.length)
    for (const k of keys) expect(k).toMatch(/^[\x20-\x7e]*$/)
  })

  it('keys units by node and rank, so wrapping a call keeps its key', () => {
    const a = ok('node o = osc(saw, 110)\nout = o')
    const b = ok('node o = osc(saw, 110) * 0.5 + osc(sine, 55)\nout = o')
    expect(a.main.units.map((u) => u.key)).toEqual(['o.osc'])
    expect(b.main.units.map((u) => u.key)).toEqual(['o.osc', 'o.osc2'])
    // A call added inside another keeps the outer call's key: ranks follow the written order.
    const c = ok('node o = osc(saw, 110 + osc(sine, 3) * 5)\nout = o')
    expect(c.main.units.map((u) => [u.key, u.mode])).toEqual([['o.osc2', 'sine'], ['o.osc', 'saw']])
  })

  it('lets a delay close a loop and orders nodes across it', () => {
    const p = ok('node wet = delay(dry + wet * 0.5, 0.3)\nnode dry = osc(sine, 220)\nout = wet + dry')
    expect(p.main.nodes.map((n) => n.name)).toEqual(['wet', 'dry'])
  })
})

/// [patch, line, col, message]: one case per error class of LANGUAGE.md.
const ERRORS: [string, string, number, number, string][] = [
  ['syntax: unclosed call', 'node a = osc(saw, 440\nout = a', 1, 22, "the call is not closed: add ')' (a call must end on its line)"],
  ['syntax: missing operand', 'node a = 1 +\nout = a', 1, 13, 'an operator needs a value after it'],
  ['syntax: stray token', 'node a = 1 2\nout = a', 1, 12, "unexpected '2': write node NAME = EXPRESSION"],
  ['unknown name with a suggestion', 'knob cutoff = 800 [20..2000]\nout = osc(saw, 110) * cutof', 2, 23, "unknown name 'cutof': did you mean cutoff?"],
  ['unknown function with a suggestion', 'out = fitler(lp, noise(), 100)', 1, 7, "unknown function 'fitler': did you mean filter?"],
  ['name defined twice', 'node a = 1\nnode a = 2\nout = a', 2, 6, 'a is already defined as a node on line 1: rename one of them'],
  ['too many arguments', 'out = osc(saw, 440, 0.5, 3)', 1, 26, 'osc takes at most 3 arguments (wave, freq, pw); remove this one'],
  ['helper with too few arguments', 'out = clip(osc(saw, 110), -1)', 1, 7, 'clip takes 3 arguments, not 2: clip(x, lo, hi)'],
  ['mix without inputs', 'out = mix()', 1, 7, 'mix takes at least 1 argument: mix(a, b, ...)'],
  ['mix of more than 64', `out = mix(${Array(65).fill('1').join(', ')})`, 1, 7, 'mix takes at most 64 arguments, not 65: mix groups of equal size, as mix(mix(a, b), mix(c, d)), or add signals with +'],
  ['missing argument', 'out = osc(saw)', 1, 7, 'osc needs its freq (frequency in Hz), e.g. osc(saw, a3)'],
  ['unknown keyword argument', 'out = osc(saw, frq: 440)', 1, 16, "osc has no argument 'frq': did you mean freq?"],
  ['wrong kind of argument', 'out = seq(trig(2), 5)', 1, 20, "seq's steps must be a [...] list or a step_seq / piano_roll name"],
  ['unknown mode', 'out = osc(sawtooth, 440)', 1, 11, "unknown wave 'sawtooth' for osc: use sine, saw, square, tri"],
  ['unknown mode with a suggestion', 'out = filter(lpf, noise(), 500)', 1, 14, "unknown mode 'lpf' for filter: did you mean lp?"],
  ['range min not below max', 'knob k = 5 [10..1]\nout = k', 1, 12, "the range's min (10) must be below its max (1): write [1..10]"],
  ['value outside its range', 'fader f = 2 [0..1]\nout = f', 1, 11, "2 is outside f's range 0..1: pick a value inside it or widen the range"],
  ['missing out', 'node a = osc(sine, 220)', 1, 23, 'the patch has no out: add a line such as out = a'],
  ['doubled out', 'out = 1\nout = 2', 2, 1, 'the patch has out twice (first on line 1): keep one, and mix signals with + or mix(a, b)'],
  ['loop without a delay', 'node a = b * 0.5\nnode b = osc(sine, a)\nout = b', 1, 6, 'a loop without a delay: a -> b -> a; put a delay in the loop, e.g. delay(b, 0.01)'],
  ['node reading itself', 'node fb = fb * 0.9 + 1\nout = fb', 1, 6, 'fb reads itself without a delay: put a delay in the loop, e.g. delay(fb, 0.01)'],
  ['voice using itself', 'voice v(freq, gate) {\n  node x = poly(v, [c4])\n  out = x\n}\nout = poly(v, [c4])', 2, 12, 'voice v uses itself through poly: a voice cannot play itself'],
  ['voice without out', 'voice v(freq) {\n  node x = osc(saw, freq)\n}\nout = poly(v, [c4])', 1, 15, 'voice v has no out: add a line such as out = x'],
  ['unknown unit', 'out = osc(sine, 5sec)', 1, 17, "unknown unit 'sec' in 5sec: use ms, s or hz (or no unit)"],
  ['unknown step', 'out = seq(trig(2), [x y .])', 1, 23, "unknown step 'y': steps are x (hit), . (rest), _ (tie), a note such as c4 or e4+g4, or a number"],
  ['unknown voice', 'voice pluck(freq) {\n  out = osc(saw, freq)\n}\nout = poly(plukc, [c4])', 4, 12, "unknown voice 'plukc': did you mean pluck?"],
  ['voice reading a main node', 'node lfo = osc(sine, 1)\nvoice v(freq) {\n  out = osc(saw, freq) * lfo\n}\nout = poly(v, [c4]) + lfo', 3, 26, 'voice v cannot read the node lfo of the main patch: a voice uses its parameters (freq, gate, vel), controls and beat'],
  ['a note as a name', 'node e2 = 1\nout = e2', 1, 6, 'e2 reads as a note: choose another name, e.g. e2_'],
  ['poly rate reading a node', 'node r = osc(sine, 1)\nvoice v(freq) {\n  out = osc(saw, freq)\n}\nout = poly(v, [c4], rate: r) + r', 5, 27, "poly's rate is read once per block: it can use numbers, controls and beat, not the node r"],
]

describe('diagnostics', () => {
  it.each(ERRORS)('%s', (_name, text, line, col, message) => {
    const r = compile(text)
    expect(r.patch).toBeNull()
    expect(r.diagnostics.map((d) => ({ line: d.line, col: d.col, message: d.message }))).toContainEqual({ line, col, message })
    // The range points into the text at the reported line and column.
    const d = r.diagnostics.find((x) => x.message === message)!
    const lines = text.split('\n')
    expect(lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + col - 1).toBe(d.from)
  })

  it('reports three independent errors, each at its line', () => {
    const text = ['node a = osc(sawtooth, 440)', 'node b = fitler(lp, a, 100)', 'fader f = 3 [0..1]', 'out = a + b * f'].join('\n')
    const r = compile(text)
    expect(r.patch).toBeNull()
    expect(r.diagnostics.map((d) => d.line)).toEqual([1, 2, 3])
  })
})

describe('controls of a patch with errors', () => {
  const text = [
    'bpm 12O', // 1: an unknown name where a number belongs
    '  knob cutoff = 1800 [80..9000] exp cc 74', // 2
    'fader level = 1.5 [0..1]', // 3: value outside its range
    'node o = osc(saw, 110) * lvel', // 4: unknown name
    'step_seq hats = [x . x x', // 5: syntax error inside the declaration
    'fader gain = 0.5 [0..1]; piano_roll lead = [c4 e4+g4 _ .]', // 6: two on one line
    'knob cutoff = 1 [0..2]', // 7: defined twice
    'out = o * gain',
  ].join('\n')
  const r = compile(text)

  it('come back, with their ranges, when other lines have errors', () => {
    expect(r.patch).toBeNull()
    expect(r.controls.map((c) => c.name)).toEqual(['cutoff', 'gain', 'lead'])
    const [cutoff, gain, lead] = r.controls
    expect(cutoff).toMatchObject({ kind: 'knob', value: 1800, min: 80, max: 9000, curve: 'exp', cc: 74 })
    expect(cutoff.range).toEqual({ from: text.indexOf('knob'), to: text.indexOf(' 74') + 3, line: 2, col: 3 })
    expect(cutoff.valueRange).toEqual({ from: text.indexOf('1800'), to: text.indexOf('1800') + 4, line: 2, col: 17 })
    expect(gain.range).toMatchObject({ line: 6, col: 1 })
    expect(gain.valueRange).toMatchObject({ from: text.indexOf('0.5'), line: 6, col: 14 })
    expect(lead.kind).toBe('piano_roll')
    expect(lead.steps.map((s) => s.k)).toEqual(['notes', 'notes', 'tie', 'rest'])
    expect(lead.range).toMatchObject({ from: text.indexOf('piano_roll'), line: 6, col: 26 })
    expect(lead.valueRange).toMatchObject({ from: text.indexOf('[c4'), to: text.indexOf('.]') + 2, line: 6, col: 44 })
  })

  it('name the declarations that failed, in text order, with where they are now', () => {
    expect(r.failedControls.map((f) => `${f.kind}:${f.name}@${f.range.line}:${f.range.col}`)).toEqual([
      'fader:level@3:1',
      'step_seq:hats@5:1',
      'knob:cutoff@7:1',
    ])
  })

  it('are the same whether the text or the editor tree is compiled', () => {
    const fromTree = compile(text, parser.parse(text))
    expect(fromTree.controls).toEqual(r.controls)
    expect(fromTree.failedControls).toEqual(r.failedControls)
  })
})
