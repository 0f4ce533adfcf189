/// Finding a control's declaration again in a text, for the tools that rewrite it (the panel's
/// values and steps, MIDI learn's `cc N`). Reading the text given (its parse), rather than trusting
/// ranges from an older compile, keeps an edit on the right line after unrelated edits.

import type { SyntaxNode, Tree } from '@lezer/common'
import { patchParser } from './parser.ts'
import type { ControlKind } from './node-types.ts'

/// A CodeMirror-style change.
export interface TextChange {
  from: number
  to: number
  insert: string
}

const DECL: Record<ControlKind, string> = {
  knob: 'KnobDecl',
  fader: 'FaderDecl',
  step_seq: 'StepSeqDecl',
  piano_roll: 'PianoRollDecl',
}

/// The declaration of `kind name` in `text` that `accept` takes; with several, the one nearest
/// `near`. Null when there is none. `tree` is the text's parse when the caller has one: the
/// editor's, kept up to date as the text changes. Without it the text is parsed here, a whole parse
/// for every call (the 200-line bench patch: about 0.8 ms in Chromium), which a knob's drag paid
/// twice for every pointer move.
export function findDeclaration(
  text: string,
  kind: ControlKind,
  name: string,
  near: number,
  accept: (decl: SyntaxNode) => boolean,
  tree: Tree = patchParser().parse(text),
): SyntaxNode | null {
  let best: SyntaxNode | null = null
  for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
    if (n.name !== DECL[kind]) continue
    const nameNode = n.getChild('Name')
    if (!nameNode || text.slice(nameNode.from, nameNode.to) !== name || !accept(n)) continue
    if (!best || Math.abs(n.from - near) < Math.abs(best.from - near)) best = n
  }
  return best
}
