// The compiler's warm-up (src/language/warmup.ts) must go through the paths it is meant to warm.
import { describe, expect, it } from 'vitest'
import { compile } from '../../src/language/compile.ts'
import { EXAMPLES_PER_ROUND, LONG_GENERATES, LONG_PATCH, LONG_ROUNDS, MONO_MIX, PATCH, VARIANTS, WARM_ROUNDS, allLongRounds, allShortRounds, longRounds, reparse, shortRounds, warmLong } from '../../src/language/warmup.ts'
import { examplePatches } from './helpers/examples.ts'
import type { CompiledPatch } from '../../src/language/patch-data.ts'
import { Tree } from '@lezer/common'
import { parser } from '../../grammar/parser.js'
import { generate } from '../../worklet/engine/codegen.ts'
import { readableMain } from '../../worklet/engine/call-table.ts'

describe('compiler warm-up', () => {
  it('compiles a patch with every function, then values only, unknown names, a syntax error and a loop', () => {
    const [full, values, names, syntax, loop] = VARIANTS.map((t) => compile(t))
    expect(full.diagnostics).toEqual([])
    expect(values.patch!.shapeKey).toBe(full.patch!.shapeKey)
    expect(names.diagnostics.map((d) => d.message).join('\n')).toMatch(/unknown name 'mixd'.*\n.*unknown name 'levl'/)
    expect(syntax.patch).toBeNull()
    expect(loop.diagnostics.map((d) => d.message).join('\n')).toMatch(/outside q's range[\s\S]*loop without a delay/)
    const fns = new Set([...full.patch!.voices, full.patch!.main].flatMap((s) => s.units.map((u) => u.fn)))
    expect([...fns].sort()).toEqual(['adsr', 'delay', 'filter', 'noise', 'osc', 'poly', 'seq', 'trig'])
    // The page also generates its code (src/main.ts): two constant filters take the pairing schedule.
    expect(readableMain(generate(full.patch!))).toMatch(/filterPair\(/)
  })

  it('also compiles a patch of about 200 lines, past the size where Lezer splits its tree', () => {
    const long = compile(LONG_PATCH)
    expect(long.diagnostics).toEqual([])
    expect(LONG_PATCH.split('\n').length).toBeGreaterThanOrEqual(190)
    // Every copy of a node is its own node, each mixed into the out: nothing is left unused.
    expect(long.patch!.main.nodes.filter((n) => n.name.startsWith('mixed'))).toHaveLength(20)
    let nodes = 0
    const c = parser.parse(LONG_PATCH).cursor()
    do nodes++
    while (c.next())
    expect(nodes).toBeGreaterThan(2048)
    expect(readableMain(generate(long.patch!)).length).toBeGreaterThan(10000)
  })

  it('edits the long patch as the editor parses it: the tree reused around the edit gives the same patch as a whole parse', () => {
    const [whole, edited] = [warmLong(0)!, warmLong(1)!]
    expect(whole.shapeKey).toBe(compile(LONG_PATCH).patch!.shapeKey)
    const waves = (p: typeof whole) => p.main.units.filter((u) => u.fn === 'osc').map((u) => u.mode)
    const changed = waves(whole).flatMap((w, i) => (w === waves(edited)[i] ? [] : [`${w}->${waves(edited)[i]}`]))
    expect(changed).toEqual(['saw->square'])
    // The same text parsed whole compiles to the same tables, source ranges included.
    const at = LONG_PATCH.indexOf('osc(saw', LONG_PATCH.length >> 1)
    expect(edited).toEqual(compile(LONG_PATCH.slice(0, at) + 'osc(square' + LONG_PATCH.slice(at + 7)).patch)
  })

  it('takes the long rounds in steps: each of a round\'s compiles, then its patch generated LONG_GENERATES times', () => {
    const generated: string[] = []
    const steps: number[] = []
    let before = 0
    for (const done of longRounds((p) => generated.push(p.shapeKey))) {
      // A step compiles or generates once (the IDE takes a step at a time in idle periods): a
      // round's first steps are its compiles (one for the whole patch, three for an edit, back and
      // again), with nothing generated.
      expect(generated.length - before).toBeLessThanOrEqual(1)
      before = generated.length
      steps.push(done)
    }
    const compiles = (round: number) => (round % 2 === 0 ? 1 : 3)
    const perRound = Array.from({ length: LONG_ROUNDS }, (_, r) => compiles(r) + LONG_GENERATES)
    expect(steps).toHaveLength(perRound.reduce((a, b) => a + b))
    expect(LONG_GENERATES).toBeGreaterThan(1)
    // Rounds done after each step: a round counts once its last generate is through.
    expect(steps.slice(0, perRound[0] + 4)).toEqual([...Array(perRound[0] - 1).fill(0), 1, 1, 1, 1, 1])
    expect(steps.at(-1)).toBe(LONG_ROUNDS)
    // Round by round, the patch warmLong makes of it: the whole long patch, then its edit.
    const [whole, edited] = [warmLong(0)!.shapeKey, warmLong(1)!.shapeKey]
    expect(whole).not.toBe(edited)
    expect(generated.slice(0, 2 * LONG_GENERATES)).toEqual([...Array(LONG_GENERATES).fill(whole), ...Array(LONG_GENERATES).fill(edited)])
    // All at once, as the bench pages take them: the same generates.
    const all: string[] = []
    allLongRounds((p) => all.push(p.shapeKey))
    expect(all).toEqual(generated)
  })

  it('reparses as the editor does: the old tree reused around the edit, the same tree as a whole parse', () => {
    const at = LONG_PATCH.indexOf('0.357', LONG_PATCH.length >> 1)
    const next = LONG_PATCH.slice(0, at) + '0.25 + 0.1' + LONG_PATCH.slice(at + 5)
    const old = parser.parse(LONG_PATCH)
    const tree = reparse(LONG_PATCH, old, next)
    expect(tree.toString()).toBe(parser.parse(next).toString())
    // Lezer takes whole subtrees and node buffers of the old tree where the edit left them alone:
    // the path the warm-up is there to take (a change misplaced by a few characters reuses a third).
    const parts = (t: Tree): unknown[] => [t, ...t.children.flatMap((c) => (c instanceof Tree ? parts(c) : [c]))]
    const before = new Set(parts(old))
    const kept = parts(tree).filter((p) => before.has(p)).length
    expect(kept).toBeGreaterThan(before.size / 2)
  })

  it('takes every example patch in its short rounds, each compiled to a patch the page can generate', () => {
    const texts = [...examplePatches().values()]
    expect(texts.length).toBeGreaterThanOrEqual(10)
    // Each round generates the two warm-up patches' code, then its examples'.
    const generated: CompiledPatch[] = []
    allShortRounds(texts, (p) => generated.push(p))
    const seen = new Map<string, number>()
    for (let round = 0; round < WARM_ROUNDS; round++) {
      const patches = generated.slice(round * (2 + EXAMPLES_PER_ROUND) + 2, (round + 1) * (2 + EXAMPLES_PER_ROUND))
      expect(patches).toHaveLength(EXAMPLES_PER_ROUND)
      for (const p of patches) {
        seen.set(p.shapeKey, (seen.get(p.shapeKey) ?? 0) + 1)
        expect(readableMain(generate(p)).length).toBeGreaterThan(100)
      }
    }
    // Every example, at least twice over the rounds (its shape key is its own).
    expect(new Set(texts.map((t) => compile(t).patch!.shapeKey))).toEqual(new Set(seen.keys()))
    expect(Math.min(...seen.values())).toBeGreaterThanOrEqual(2)
  })

  it('takes the short rounds in steps: the compiler\'s, then the examples\' compiles, then the generates', () => {
    const texts = [...examplePatches().values()]
    const generated: string[] = []
    const steps: number[] = []
    let before = 0
    for (const done of shortRounds(texts, (p) => generated.push(p.shapeKey))) {
      expect(generated.length - before).toBeLessThanOrEqual(1)
      before = generated.length
      steps.push(done)
    }
    // A round: PATCH and each variant compiled, the round's examples compiled, then the code of
    // the warm-up patches' and the examples' patches generated, one a step.
    const generates = 2 + EXAMPLES_PER_ROUND
    const perRound = 1 + VARIANTS.length + EXAMPLES_PER_ROUND + generates
    expect(steps).toHaveLength(WARM_ROUNDS * perRound)
    expect(steps.slice(0, perRound + 1)).toEqual([...Array(perRound - 1).fill(0), 1, 1])
    expect(steps.at(-1)).toBe(WARM_ROUNDS)
    // Round by round, the warm-up patches, then that round's three examples, in turn.
    const warm = [compile(PATCH).patch!.shapeKey, compile(MONO_MIX).patch!.shapeKey]
    for (const round of [0, 5, WARM_ROUNDS - 1]) {
      const examples = [0, 1, 2].map((k) => compile(texts[(round * EXAMPLES_PER_ROUND + k) % texts.length]).patch!.shapeKey)
      expect(generated.slice(round * generates, (round + 1) * generates)).toEqual([...warm, ...examples])
    }
    // All at once, as the bench pages take them: the same generates.
    const all: string[] = []
    allShortRounds(texts, (p) => all.push(p.shapeKey))
    expect(all).toEqual(generated)
  })
})
