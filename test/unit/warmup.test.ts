// The compiler's warm-up (src/language/warmup.ts) must go through the paths it is meant to warm.
import { describe, expect, it } from 'vitest'
import { compile } from '../../src/language/compile.ts'
import { LONG_PATCH, VARIANTS } from '../../src/language/warmup.ts'
import { parser } from '../../grammar/parser.js'
import { generate } from '../../worklet/engine/codegen.ts'

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
    expect(generate(full.patch!).main).toMatch(/filterPair\(/)
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
    expect(generate(long.patch!).main.length).toBeGreaterThan(10000)
  })
})
