/// Which unit a knob or fader's value is in, for showing `1.8 kHz` or `250 ms` beside it:
/// the unit written in its declaration (`5ms`, `440hz`), else the unit of the argument it drives
/// (a filter's cutoff is in Hz, an envelope's times in seconds). Unknown or conflicting: none.

import { NODE_TYPES } from '../language/node-types.ts'
import type { CompiledPatch, Expr } from '../language/patch-data.ts'
import type { Unit } from './scale.ts'

export function inferUnits(patch: CompiledPatch, text: string): Record<string, Unit> {
  const found = new Map<string, Set<Unit>>()
  const add = (name: string, u: Unit) => {
    if (!found.has(name)) found.set(name, new Set())
    found.get(name)!.add(u)
  }
  for (const scope of [patch.main, ...patch.voices]) {
    for (const unit of scope.units) {
      for (const spec of NODE_TYPES[unit.fn].args) {
        const expr = unit.args[spec.name]
        const u: Unit = spec.unit === 'Hz' ? 'Hz' : spec.unit === 's' ? 's' : null
        if (!expr || !u) continue
        for (const name of carriers(expr)) add(name, u)
      }
    }
  }
  const out: Record<string, Unit> = {}
  for (const c of patch.controls) {
    if (c.kind !== 'knob' && c.kind !== 'fader') continue
    const decl = text.slice(c.valueRange.from, c.valueRange.to)
    const written = /[0-9.](ms|s)$/i.test(decl) ? 's' : /[0-9.]hz$/i.test(decl) ? 'Hz' : null
    const used = found.get(c.name)
    out[c.name] = written ?? (used && used.size === 1 ? [...used][0] : null)
  }
  return out
}

/// Controls whose value an expression is measured in: reached through sums, and through products
/// whose other side is a number, a node or a unit's output (an envelope scaling a cutoff), not
/// `beat`, a voice's `freq` or another control (then the control is a ratio).
function carriers(e: Expr): string[] {
  switch (e.k) {
    case 'control':
      return [e.name]
    case 'neg':
      return carriers(e.a)
    case 'op':
      if (e.op === '+' || e.op === '-') return [...carriers(e.a), ...carriers(e.b)]
      if (e.op === '/') return plain(e.b) ? carriers(e.a) : []
      return [...(plain(e.b) ? carriers(e.a) : []), ...(plain(e.a) ? carriers(e.b) : [])]
    case 'helper':
      return e.fn === 'clip' || e.fn === 'mix' || e.fn === 'abs' ? e.args.flatMap(carriers) : []
    default:
      return []
  }
}

function plain(e: Expr): boolean {
  switch (e.k) {
    case 'value':
    case 'node':
    case 'unit':
      return true
    case 'neg':
      return plain(e.a)
    case 'op':
      return plain(e.a) && plain(e.b)
    case 'helper':
      return e.args.every(plain)
    default:
      return false
  }
}
