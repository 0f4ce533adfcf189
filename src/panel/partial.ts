/// The panel's controls while the patch does not compile. The compiler gives no patch when any
/// line has an error; the panel should still show and move every control whose own declaration
/// is fine. Each declaration is compiled alone (with a stand-in `out`); one that fails keeps the
/// control compiled last time, if any, so a half-typed value does not make its knob vanish.

import { parser } from '../../grammar/parser.js'
import { compile } from '../language/compile.ts'
import type { Control } from '../language/patch-data.ts'

const DECLS = new Set(['KnobDecl', 'FaderDecl', 'StepSeqDecl', 'PianoRollDecl'])

export function controlsFromText(text: string, previous: readonly Control[]): Control[] {
  const prev = new Map(previous.map((c) => [`${c.kind}:${c.name}`, c]))
  const out: Control[] = []
  const seen = new Set<string>()
  for (let n = parser.parse(text).topNode.firstChild; n; n = n.nextSibling) {
    if (!DECLS.has(n.name)) continue
    const kind = n.name === 'KnobDecl' ? 'knob' : n.name === 'FaderDecl' ? 'fader' : n.name === 'StepSeqDecl' ? 'step_seq' : 'piano_roll'
    const nameNode = n.getChild('Name')
    if (!nameNode) continue
    const name = text.slice(nameNode.from, nameNode.to)
    const key = `${kind}:${name}`
    if (seen.has(key)) continue
    seen.add(key)
    const alone = compile(`${text.slice(n.from, n.to)}\nout = 0`).patch?.controls[0]
    if (alone && alone.kind === kind && alone.name === name) {
      const shift = (r: Control['range']) => ({ ...r, from: r.from + n.from, to: r.to + n.from, line: lineOf(text, r.from + n.from), col: r.col + (r.line === 1 ? colOf(text, n.from) - 1 : 0) })
      out.push({ ...alone, range: shift(alone.range), valueRange: shift(alone.valueRange) })
    } else {
      const last = prev.get(key)
      if (last) out.push(last)
    }
  }
  return out
}

function lineOf(text: string, pos: number): number {
  let line = 1
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) line++
  return line
}

function colOf(text: string, pos: number): number {
  return pos - (text.lastIndexOf('\n', pos - 1) + 1) + 1
}
