/// The shape key: a string equal for two patches exactly when they differ only in values (numbers,
/// control values and ranges, steps, bpm, source positions), so the engine can update a running
/// patch in place. Written out by hand rather than by JSON.stringify with a replacer: it runs on
/// every keystroke, and this is several times faster.

import { NODE_TYPES } from './node-types.ts'
import type { CompiledPatch, Expr, Scope, StepSource } from './patch-data.ts'

// Appending to one string is cheaper here than parts joined at the end: V8 concatenates lazily.
export function shapeKeyOf(patch: CompiledPatch): string {
  let key = ''
  for (const c of patch.controls) key += `C${c.kind}:${c.name};`
  for (const v of patch.voices) {
    key += `V${v.name}(${v.params.join(',')});`
    key += scope(v) + ';'
  }
  return key + 'M;' + scope(patch.main)
}

function scope(s: Scope): string {
  let key = ''
  for (const u of s.units) {
    key += `U${u.id}:${u.key}:${u.fn}:${u.mode}:${u.voice}:${u.voices}:${steps(u.steps)}:${u.node}{`
    // In the table's order, which is the order the compiler filled `args` in.
    for (const spec of NODE_TYPES[u.fn].args) {
      const a = u.args[spec.name]
      if (a !== undefined) key += `${spec.name}=${expr(a)},`
    }
    key += '};'
  }
  for (const n of s.nodes) key += `N${n.name}=${expr(n.expr)};`
  return key + `O${expr(s.out[0])}|${s.out[0] === s.out[1] ? '=' : expr(s.out[1])}`
}

// A literal list is data the engine swaps in place; only where steps come from is shape.
function steps(s: StepSource | null): string {
  return s === null ? '' : s.k === 'control' ? `c:${s.name}` : s.k
}

function expr(e: Expr): string {
  switch (e.k) {
    case 'value': return `#${e.i}`
    case 'node': return `n:${e.name}`
    case 'control': return `c:${e.name}`
    case 'param': return `p:${e.name}`
    case 'beat': return 'beat'
    case 'op': return `(${expr(e.a)}${e.op}${expr(e.b)})`
    case 'neg': return `-(${expr(e.a)})`
    case 'helper': {
      let args = ''
      for (let i = 0; i < e.args.length; i++) args += (i ? ',' : '') + expr(e.args[i])
      return `${e.fn}(${args})`
    }
    case 'unit': return `u${e.id}`
  }
}
