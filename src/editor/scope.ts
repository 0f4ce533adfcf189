/// What the syntax tree says about names: the definitions of a patch, which of them are visible
/// at a position, and the call (function, argument slot) a position is inside. Autocomplete,
/// hover docs and the live taps read the patch through these functions only.

import type { EditorState } from '@codemirror/state'
import { syntaxTree, ensureSyntaxTree } from '@codemirror/language'
import type { SyntaxNode, Tree } from '@lezer/common'

export type DefKind = 'node' | 'knob' | 'fader' | 'step_seq' | 'piano_roll' | 'voice' | 'param'

export interface Definition {
  name: string
  kind: DefKind
  /// The defined name's range.
  from: number
  to: number
  /// The whole statement's range.
  stmtFrom: number
  stmtTo: number
  /// The voice template holding it, or null in the main patch.
  voice: string | null
}

const declKinds: Record<string, DefKind> = {
  NodeDef: 'node',
  KnobDecl: 'knob',
  FaderDecl: 'fader',
  StepSeqDecl: 'step_seq',
  PianoRollDecl: 'piano_roll',
  VoiceDef: 'voice',
}

/// The whole tree, parsed to the end. A new state's tree is parsed lazily, so what
/// `syntaxTree` returns may stop short of the end; patches are short, and the budget only guards
/// the worst case. For completion, hover and taps a tree cut short is still of use.
export function fullTree(state: EditorState): Tree {
  return wholeTree(state, 200) ?? syntaxTree(state)
}

/// The editor's parse of the whole text, or undefined when it has not reached the end and cannot
/// within `budgetMs`. For the compile after an edit (live-reload.ts) and the panel's and MIDI's
/// rewrites (src/language/declarations.ts), which need all of the text or none (the caller then
/// parses it itself): CodeMirror keeps this parse up to date edit by edit, so they read it instead
/// of parsing again (a knob's drag did, twice for every move).
export function wholeTree(state: EditorState, budgetMs = 20): Tree | undefined {
  return ensureSyntaxTree(state, state.doc.length, budgetMs) ?? undefined
}

/// Every definition in the patch, in text order.
export function definitions(state: EditorState): Definition[] {
  const out: Definition[] = []
  const text = (n: SyntaxNode) => state.sliceDoc(n.from, n.to)
  const collect = (stmt: SyntaxNode, voice: string | null) => {
    const kind = declKinds[stmt.name]
    if (!kind) return
    const name = stmt.getChild('Name')
    if (!name) return
    out.push({ name: text(name), kind, from: name.from, to: name.to, stmtFrom: stmt.from, stmtTo: stmt.to, voice })
    if (kind !== 'voice') return
    const voiceName = text(name)
    for (const p of stmt.getChild('ParamList')?.getChildren('Name') ?? [])
      out.push({ name: text(p), kind: 'param', from: p.from, to: p.to, stmtFrom: stmt.from, stmtTo: stmt.to, voice: voiceName })
    for (const inner of stmt.getChild('Body')?.getChildren('NodeDef') ?? []) collect(inner, voiceName)
  }
  for (let stmt = fullTree(state).topNode.firstChild; stmt; stmt = stmt.nextSibling) collect(stmt, null)
  return out
}

/// The voice template whose body holds `pos`, or null.
export function voiceAt(state: EditorState, pos: number): string | null {
  for (let n: SyntaxNode | null = fullTree(state).resolveInner(pos, -1); n; n = n.parent) {
    if (n.name === 'Body' && pos > n.from) {
      const v = n.parent?.getChild('Name')
      return v ? state.sliceDoc(v.from, v.to) : null
    }
  }
  return null
}

/// The names an expression at `pos` may use: controls and voices everywhere, the nodes of the
/// main patch outside voices, and a voice's own parameters and nodes inside it.
export function visibleDefinitions(state: EditorState, pos: number, defs = definitions(state)): Definition[] {
  const voice = voiceAt(state, pos)
  return defs.filter((d) => {
    if (d.kind === 'node' || d.kind === 'param') return d.voice === voice
    return true
  })
}

export interface CallContext {
  /// The called function's name.
  fn: string
  /// Index of the positional argument at `pos` (keyword arguments do not count).
  index: number
  /// The keyword at `pos` (`q` in `q: 2`), or null for a positional argument.
  keyword: string | null
  /// Whether `pos` may still start a keyword argument (no keyword typed in this slot yet).
  atArgStart: boolean
  /// Keywords already given in this call.
  given: string[]
}

/// The innermost call whose argument list holds `pos`.
export function callAt(state: EditorState, pos: number): CallContext | null {
  let list: SyntaxNode | null = fullTree(state).resolveInner(pos, -1)
  for (; list; list = list.parent) {
    if (list.name === 'ArgList' && pos > list.from && (pos < list.to || list.lastChild?.name !== ')')) break
  }
  const fnNode = list?.parent?.getChild('Name')
  if (!list || !fnNode) return null
  // Split the arguments at commas; the slot holding `pos` is the one being typed.
  const slots: { from: number; keyword: SyntaxNode | null }[] = [{ from: list.from + 1, keyword: null }]
  for (let c = list.firstChild; c; c = c.nextSibling) {
    if (c.name === ',') slots.push({ from: c.to, keyword: null })
    else if (c.name === 'KeywordArg') slots[slots.length - 1].keyword = c.getChild('Name')
  }
  let current = 0
  while (current + 1 < slots.length && slots[current + 1].from <= pos) current++
  const text = (n: SyntaxNode) => state.sliceDoc(n.from, n.to)
  const slot = slots[current]
  const keyword = slot.keyword && slot.keyword.to < pos ? text(slot.keyword) : null
  return {
    fn: text(fnNode),
    index: slots.slice(0, current).filter((s) => !s.keyword).length,
    keyword,
    atArgStart: keyword === null && /^\s*[A-Za-z_]*$/.test(state.sliceDoc(slot.from, pos)),
    given: slots.flatMap((s) => (s.keyword ? [text(s.keyword)] : [])),
  }
}
