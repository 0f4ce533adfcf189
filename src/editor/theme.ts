/// The dark stage theme: high-contrast text, a calm background and colours that tell apart
/// definitions, functions, numbers and notes at a glance from a few metres away.

import { EditorView } from '@codemirror/view'
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language'
import { tags as t } from '@lezer/highlight'

export const palette = {
  bg: '#101216',
  panel: '#15181e',
  gutter: '#0d0f12',
  text: '#d8dee9',
  dim: '#6b7385',
  line: '#1a1e26',
  selection: '#2a3550',
  cursor: '#ffcc66',
  keyword: '#c792ea',
  fn: '#82aaff',
  def: '#ffcb6b',
  number: '#f78c6c',
  note: '#c3e88d',
  prop: '#89ddff',
  mode: '#f5a8c8',
  comment: '#5c6773',
  op: '#89ddff',
  tap: '#4fd6be',
  error: '#ff5370',
} as const

export const stageTheme = EditorView.theme(
  {
    '&': { color: palette.text, backgroundColor: palette.bg, height: '100%', fontSize: '15px' },
    '.cm-scroller': {
      fontFamily: '"JetBrains Mono", "Fira Code", "DejaVu Sans Mono", Menlo, Consolas, monospace',
      lineHeight: '1.55',
    },
    '.cm-content': { caretColor: palette.cursor, padding: '10px 0 40vh' },
    '.cm-cursor, .cm-dropCursor': { borderLeftColor: palette.cursor, borderLeftWidth: '2px' },
    '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection':
      { backgroundColor: palette.selection },
    '.cm-activeLine': { backgroundColor: '#ffffff08' },
    '.cm-gutters': { backgroundColor: palette.gutter, color: palette.dim, border: 'none', paddingRight: '4px' },
    '.cm-activeLineGutter': { backgroundColor: '#ffffff0a', color: palette.text },
    '.cm-matchingBracket, .cm-nonmatchingBracket': { backgroundColor: '#ffffff1a', outline: 'none' },
    '.cm-searchMatch': { backgroundColor: '#ffcb6b33', outline: '1px solid #ffcb6b66' },
    '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: '#ffcb6b66' },
    '.cm-panels': { backgroundColor: palette.panel, color: palette.text },
    '.cm-panels.cm-panels-bottom': { borderTop: `1px solid ${palette.line}` },
    '.cm-tooltip': {
      backgroundColor: '#1b1f27',
      color: palette.text,
      border: `1px solid #2b3140`,
      borderRadius: '6px',
      boxShadow: '0 6px 24px #0008',
    },
    '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: palette.selection, color: palette.text },
    '.cm-completionDetail': { color: palette.dim, fontStyle: 'normal', marginLeft: '1em' },
    '.cm-completionInfo': { maxWidth: '26em', padding: '6px 10px' },
    '.cm-diagnostic-error': { borderLeft: `4px solid ${palette.error}` },
    '.cm-lintRange-error': {
      backgroundImage: 'none',
      textDecoration: `wavy underline ${palette.error}`,
      textUnderlineOffset: '3px',
    },
    '.cm-foldPlaceholder': { backgroundColor: palette.line, border: 'none', color: palette.dim },
  },
  { dark: true },
)

export const stageHighlight = HighlightStyle.define([
  { tag: t.definitionKeyword, color: palette.keyword, fontWeight: '600' },
  { tag: t.lineComment, color: palette.comment, fontStyle: 'italic' },
  { tag: t.number, color: palette.number },
  { tag: t.atom, color: palette.note },
  { tag: t.null, color: palette.dim },
  { tag: t.function(t.variableName), color: palette.fn },
  { tag: t.propertyName, color: palette.prop },
  { tag: t.definition(t.variableName), color: palette.def, fontWeight: '600' },
  { tag: t.local(t.variableName), color: palette.def },
  { tag: t.modifier, color: palette.keyword },
  { tag: t.variableName, color: palette.text },
  { tag: [t.arithmeticOperator, t.definitionOperator], color: palette.op },
  { tag: [t.paren, t.squareBracket, t.brace, t.separator, t.punctuation], color: '#8f98ab' },
])

export const stage = [stageTheme, syntaxHighlighting(stageHighlight)]
