/// Syntax errors from Lezer's error recovery, turned into messages that say what would fix them.
/// Lezer marks each recovery with an error node (`⚠`); an empty one means something is missing,
/// one with content means that content was not expected there.

import type { Diagnostics } from './diagnostics.ts'
import type { Syn, SyntaxErrorSite } from './syntax.ts'

const STATEMENT_FORMS =
  'a statement starts with node, out, bpm, knob, fader, step_seq, piano_roll or voice, e.g. `node lfo = osc(sine, 2)`'

export function collectSyntaxErrors(errors: readonly SyntaxErrorSite[], text: string, diags: Diagnostics): void {
  const reportedLines = new Set<number>()
  for (const e of errors) {
    // Only the first error of a line: later ones are nearly always consequences of it.
    const line = diags.lines.lineOf(e.from)
    if (reportedLines.has(line)) continue
    reportedLines.add(line)
    const { from, to, message } = describe(e, text)
    diags.error(from, to, message)
  }
}

function describe(node: SyntaxErrorSite, text: string): { from: number; to: number; message: string } {
  const got = text.slice(node.from, node.to).trim()
  const parent = node.parent
  const context = parent.type
  const lineEnd = text.indexOf('\n', node.from)
  const atLineEnd = text.slice(node.from, lineEnd < 0 ? text.length : lineEnd).trim() === ''

  if (got === '') {
    // Something is missing here: say what the enclosing construct still needs.
    const to = Math.min(text.length, node.from + 1)
    return { from: node.from, to, message: missing(context, parent, text, atLineEnd) }
  }
  const shown = got.length > 24 ? got.slice(0, 24) + '…' : got
  return { from: node.from, to: node.to, message: unexpected(shown, context) }
}

function missing(context: string, parent: Syn, text: string, atLineEnd: boolean): string {
  const opened = (open: string) => text.slice(parent.from, parent.from + 1) === open
  switch (context) {
    case 'ArgList':
      return atLineEnd && opened('(')
        ? "the call is not closed: add ')' (a call must end on its line)"
        : "expected an argument here: a value, or name: value, separated by ','"
    case 'ParenExpr':
      return "the parenthesis is not closed: add ')'"
    case 'List':
      return "the list is not closed: add ']'"
    case 'ParamList':
      return "the parameter list is not closed: write voice NAME(freq, gate) {"
    case 'Body':
      return "the voice is not closed: add '}' on a line of its own"
    case 'Range':
      return 'a range is written [MIN..MAX], e.g. [0..1]'
    case 'NodeDef':
      return 'write node NAME = EXPRESSION, e.g. node lfo = osc(sine, 2)'
    case 'OutDef':
      return 'write out = EXPRESSION, or out = LEFT, RIGHT'
    case 'KnobDecl':
    case 'FaderDecl':
      return 'write knob NAME = VALUE [MIN..MAX], e.g. knob cutoff = 1800 [80..9000] exp'
    case 'StepSeqDecl':
      return 'write step_seq NAME = [x . x .]'
    case 'PianoRollDecl':
      return 'write piano_roll NAME = [c4 e4 _ .]'
    case 'VoiceDef':
      return 'write voice NAME(freq, gate) { ... } with the body in braces'
    case 'Bpm':
      return 'write bpm and a number, e.g. bpm 120'
    case 'BinaryExpr':
    case 'UnaryExpr':
      return 'an operator needs a value after it'
    default:
      return atLineEnd ? 'this line ends too early: finish the statement' : 'something is missing here: ' + STATEMENT_FORMS
  }
}

function unexpected(got: string, context: string): string {
  if (got === ',' && (context === 'OutDef' || context === 'Patch')) {
    return "unexpected ',': only out takes two expressions (out = LEFT, RIGHT)"
  }
  if (got.startsWith('"') || got.startsWith("'")) {
    return `unexpected ${got}: the language has no strings; names and modes are bare words, e.g. osc(saw, 440)`
  }
  if (context === 'Patch' || context === 'Body') {
    return `unexpected '${got}': ${STATEMENT_FORMS}`
  }
  if (context === 'ArgList') {
    return `unexpected '${got}' in the call: separate arguments with ',' and close the call with ')'`
  }
  if (context === 'List') {
    return `unexpected '${got}' in the list: steps are x, ., _, notes such as c4 or e4+g4, or numbers`
  }
  if (context === 'Range') {
    return `unexpected '${got}': a range is written [MIN..MAX], e.g. [0..1]`
  }
  return `unexpected '${got}': ${context === 'NodeDef' ? 'write node NAME = EXPRESSION' : 'check the operators and parentheses here'}`
}
