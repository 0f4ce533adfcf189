/// The patch language for CodeMirror: the Lezer parser from `grammar/`, highlighting tags,
/// indentation and folding of voice bodies, and the comment token.

import { LRLanguage, LanguageSupport, indentNodeProp, foldNodeProp, foldInside, delimitedIndent } from '@codemirror/language'
import { styleTags, tags as t } from '@lezer/highlight'
import { parser } from '../../grammar/parser.js'

export const patchLanguage = LRLanguage.define({
  name: 'tapline',
  parser: parser.configure({
    props: [
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
    ],
  }),
  languageData: {
    commentTokens: { line: '#' },
    closeBrackets: { brackets: ['(', '[', '{'] },
    wordChars: '_#',
  },
})

/// The language plus any extra language-scoped data (autocomplete sources register through
/// `patchLanguage.data.of`).
export function patchLanguageSupport(...support: import('@codemirror/state').Extension[]): LanguageSupport {
  return new LanguageSupport(patchLanguage, support)
}
