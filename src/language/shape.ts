/// The shape key: a string equal for two patches exactly when they differ only in values (numbers,
/// control values and ranges, steps, bpm, source positions), so the engine can update a running
/// patch in place. Written out by hand rather than by JSON.stringify with a replacer: it runs on
/// every keystroke, and this is several times faster.

import type { CompiledPatch, Expr, Scope, StepSource } from './patch-data.ts'

export function shapeKeyOf(patch: CompiledPatch): string {
  const parts: string[] = []
  for (const c of patch.controls) parts.push(`C${c.kind}:${c.name}`)
  for (const v of patch.voices) {
    parts.push(`V${v.name}(${v.params.join(',')})`)
    scope(v, parts)
  }
  parts.push('M')
  scope(patch.main, parts)
  return parts.join(';')
}

function scope(s: Scope, parts: string[]): void {
  for (const u of s.units) {
    let args = ''
    for (const name in u.args) args += `${name}=${expr(u.args[name])},`
    parts.push(`U${u.id}:${u.key}:${u.fn}:${u.mode}:${u.voice}:${u.voices}:${steps(u.steps)}:${u.node}{${args}}`)
  }
  for (const n of s.nodes) parts.push(`N${n.name}=${expr(n.expr)}`)
  parts.push(`O${expr(s.out[0])}|${s.out[0] === s.out[1] ? '=' : expr(s.out[1])}`)
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
    case 'helper': return `${e.fn}(${e.args.map(expr).join(',')})`
    case 'unit': return `u${e.id}`
  }
}
