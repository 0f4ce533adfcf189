import { describe, expect, it } from 'vitest'
import { compile } from '../../../src/language/compile.ts'
import { CONTROL_KINDS, HELPER_FNS, NODE_FNS, NODE_TYPES } from '../../../src/language/node-types.ts'
import type { CompiledPatch, Expr, Scope } from '../../../src/language/patch-data.ts'
import { EXAMPLES } from '../../../src/share/examples.ts'
import { examplePatches } from '../helpers/examples.ts'

function helpersIn(e: Expr, out: Set<string>): void {
  if (e.k === 'helper') out.add(e.fn)
  if (e.k === 'helper') e.args.forEach((a) => helpersIn(a, out))
  if (e.k === 'op') (helpersIn(e.a, out), helpersIn(e.b, out))
  if (e.k === 'neg') helpersIn(e.a, out)
}

function scopes(p: CompiledPatch): Scope[] {
  return [p.main, ...p.voices]
}

describe('examples', () => {
  it('bundle every file of patches/, each with a title and a one-line description', () => {
    expect(EXAMPLES.length).toBe(examplePatches().size)
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(10)
    for (const ex of EXAMPLES) {
      expect(ex.text).toBe(examplePatches().get(ex.id + '.patch'))
      expect(ex.title.length, ex.id).toBeGreaterThan(2)
      expect(ex.description.length, ex.id).toBeGreaterThan(10)
      expect(ex.description).not.toMatch(/\n/)
    }
  })

  it('compile without a single diagnostic', () => {
    for (const ex of EXAMPLES) {
      const r = compile(ex.text)
      expect(r.diagnostics, ex.id).toEqual([])
      expect(r.patch, ex.id).not.toBeNull()
    }
  })

  it('together show every node function and mode, helper, control kind, voice templates, MIDI and stereo', () => {
    const seen = new Set<string>()
    for (const ex of EXAMPLES) {
      const p = compile(ex.text).patch!
      for (const s of scopes(p)) {
        for (const u of s.units) {
          seen.add(u.fn)
          if (u.mode) seen.add(`${u.fn}:${u.mode}`)
          if (u.steps?.k === 'midi') seen.add('midi')
          if (u.steps?.k === 'control') seen.add(`${u.fn}<-control`)
          if (u.steps?.k === 'list') seen.add(`${u.fn}<-list`)
        }
        const helpers = new Set<string>()
        for (const n of s.nodes) helpersIn(n.expr, helpers)
        s.out.forEach((e) => helpersIn(e, helpers))
        for (const u of s.units) Object.values(u.args).forEach((e) => helpersIn(e, helpers))
        helpers.forEach((h) => seen.add(h))
      }
      if (p.voices.length > 0) seen.add('voice')
      for (const v of p.voices) v.params.forEach((param) => seen.add(`param:${param}`))
      for (const c of p.controls) {
        seen.add(c.kind)
        if (c.cc !== null) seen.add('cc')
        if (c.curve === 'exp') seen.add('exp')
      }
      if (JSON.stringify(p.main.out[0]) !== JSON.stringify(p.main.out[1])) seen.add('stereo')
    }
    const wanted = [
      ...NODE_FNS,
      ...HELPER_FNS,
      ...CONTROL_KINDS,
      ...NODE_TYPES.osc.modes!.map((m) => `osc:${m}`),
      ...NODE_TYPES.filter.modes!.map((m) => `filter:${m}`),
      ...NODE_TYPES.noise.args[0].choices!.map((m) => `noise:${m}`),
      'voice', 'param:freq', 'param:gate', 'param:vel', 'midi', 'cc', 'exp', 'stereo',
      'seq<-control', 'seq<-list', 'poly<-control', 'poly<-list',
    ]
    expect(wanted.filter((w) => !seen.has(w))).toEqual([])
  })
})
