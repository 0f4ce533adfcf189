/// Writes a MIDI mapping into the text: `knob cutoff = 1800 [80..9000] exp` becomes
/// `knob cutoff = 1800 [80..9000] exp cc 74`. An existing `cc N` is replaced in place, `null`
/// removes it; the value, the range, the curve, spacing and a trailing comment are kept.
///
/// The declaration is found again in the text given (the Lezer parser never throws), so a
/// control from an older compile still rewrites the right line after unrelated edits.

import type { SyntaxNode } from '@lezer/common'
import { findDeclaration, type TextChange } from '../language/declarations.ts'

export type { TextChange }

/// The `knob NAME` / `fader NAME` declaration in `text`; with several, the one nearest `near`.
export function findCcDeclaration(text: string, kind: 'knob' | 'fader', name: string, near = 0): SyntaxNode | null {
  // A declaration the parser had to repair is not rewritten: the edit could land anywhere.
  return findDeclaration(text, kind, name, near, (n) => n.getChild('Range') !== null && !hasError(n))
}

function hasError(n: SyntaxNode): boolean {
  let bad = false
  n.toTree().iterate({ enter: (c) => { if (c.type.isError) bad = true } })
  return bad
}

/// The change that maps `kind name` to control change `cc` (0..127), or removes its mapping
/// (`cc` null). Null when the declaration is not in the text or already says so.
export function rewriteCc(text: string, kind: 'knob' | 'fader', name: string, cc: number | null, near = 0): TextChange | null {
  if (cc !== null && !(Number.isInteger(cc) && cc >= 0 && cc <= 127)) throw new RangeError(`A MIDI control number is 0..127, not ${cc}`)
  const decl = findCcDeclaration(text, kind, name, near)
  if (!decl) return null
  const map = decl.getChild('MidiMap')
  if (map) {
    const num = map.getChild('Number')
    if (cc !== null) {
      if (num && text.slice(num.from, num.to) === String(cc)) return null
      return { from: map.from, to: map.to, insert: `cc ${cc}` }
    }
    // Removing: take the space before `cc` too.
    let from = map.from
    while (from > decl.from && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--
    return { from, to: map.to, insert: '' }
  }
  if (cc === null) return null
  const last = decl.getChild('Curve') ?? decl.getChild('Range')!
  return { from: last.to, to: last.to, insert: ` cc ${cc}` }
}

/// Applies a change to a string (for tests and previews).
export function applyChange(text: string, ch: TextChange): string {
  return text.slice(0, ch.from) + ch.insert + text.slice(ch.to)
}
