/// The patch language for CodeMirror: the Lezer parser from `grammar/`, highlighting tags,
/// indentation and folding of voice bodies, and the comment token. Its parser is the one the whole
/// page parses with (src/language/parser.ts).

import { Language, LanguageSupport, defineLanguageFacet, languageDataProp, indentNodeProp, foldNodeProp, foldInside, delimitedIndent } from '@codemirror/language'
import { styleTags, tags as t } from '@lezer/highlight'
import type { LRParser } from '@lezer/lr'
import { parser } from '../../grammar/parser.js'
import { parseWith } from '../language/parser.ts'

/// The parser with the same fields as `p`, as an object V8 keeps in fast mode. Lezer's `configure`
/// copies a parser by Object.assign onto Object.create(its prototype): 22 keyed stores, after which
/// V8 keeps the copy's fields in a dictionary (`%HasFastProperties` false), so every read of a
/// field while parsing is a hash lookup. The editor's parses of the 200-line bench patch took 2.1-
/// 2.3 ms from nothing and 0.20-0.22 ms after an edit, against 1.4-1.5 and 0.12-0.13 ms with the
/// generated parser (Node, bench/parse-cost.ts); a spread into a literal parses as fast as it.
function fastCopy(p: LRParser): LRParser {
  return { __proto__: Object.getPrototypeOf(p), ...p } as unknown as LRParser
}

/// Built as LRLanguage.define builds a language, with its public parts: define() configures the
/// parser once more (to attach the language data), and that copy would be slow again (fastCopy).
class PatchLanguage extends Language {
  /// As LRLanguage answers for a parser without wrappers: no language nests inside a patch.
  get allowsNesting(): boolean {
    return false
  }
}

const data = defineLanguageFacet({
  commentTokens: { line: '#' },
  closeBrackets: { brackets: ['(', '[', '{'] },
  wordChars: '_#',
})

/// Highlighting, indentation and folding, and the language's data on the top node.
const props = [
  languageDataProp.add((type) => (type.isTop ? data : undefined)),
  styleTags({
    'bpm node out knob fader step_seq piano_roll voice': t.definitionKeyword,
    Comment: t.lineComment,
    Number: t.number,
    Note: t.atom,
    // Inside a list every bare word is a step: a note (`c4`), a hit (`x`) or a control name.
    'List/Name Chord/Name': t.atom,
    Rest: t.null,
    Tie: t.null,
    'Call/Name': t.function(t.variableName),
    'KeywordArg/Name': t.propertyName,
    // The first Name of a definition is the name it defines (an expression Name right after
    // `=` is rarer and gets the same colour, which the grammar cannot tell apart cheaply).
    'NodeDef/Name KnobDecl/Name FaderDecl/Name StepSeqDecl/Name PianoRollDecl/Name VoiceDef/Name':
      t.definition(t.variableName),
    'ParamList/Name': t.local(t.variableName),
    'Curve/Name MidiMap/Name': t.modifier,
    Name: t.variableName,
    ArithOp: t.arithmeticOperator,
    '= :': t.definitionOperator,
    '..': t.punctuation,
    '( )': t.paren,
    '[ ]': t.squareBracket,
    '{ }': t.brace,
    ', ;': t.separator,
  }),
  indentNodeProp.add({
    Body: delimitedIndent({ closing: '}' }),
    ArgList: delimitedIndent({ closing: ')', align: false }),
    List: delimitedIndent({ closing: ']', align: false }),
  }),
  foldNodeProp.add({ Body: foldInside, ArgList: foldInside, List: foldInside }),
]

const editorParser = fastCopy(parser.configure({ props }))

export const patchLanguage: Language = new PatchLanguage(data, editorParser, [], 'tapline')

// The compiler, its warm-up and the panel's rewrites parse with the editor's parser from here on
// (src/language/parser.ts says why).
parseWith(editorParser)

/// The language plus any extra language-scoped data (autocomplete sources register through
/// `patchLanguage.data.of`).
export function patchLanguageSupport(...support: import('@codemirror/state').Extension[]): LanguageSupport {
  return new LanguageSupport(patchLanguage, support)
}
