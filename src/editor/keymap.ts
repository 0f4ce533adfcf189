/// Transport keys, as in Strudel and Glicol: Ctrl/Cmd+Enter applies the patch now (and starts
/// the sound), Ctrl/Cmd+. stops it. Alt+Enter applies without starting.

import { Prec, type Extension } from '@codemirror/state'
import { EditorView, keymap } from '@codemirror/view'
import { applyNow } from './live-reload.ts'

export interface TransportKeys {
  play(): void
  stop(): void
}

/// A short glow over the text, so a forced apply is seen as well as heard.
function flash(view: EditorView): void {
  view.dom.classList.remove('tl-applied')
  void view.dom.offsetWidth
  view.dom.classList.add('tl-applied')
}

const flashTheme = EditorView.baseTheme({
  '&.tl-applied .cm-content': { animation: 'tl-applied 0.35s ease-out' },
  '@keyframes tl-applied': { from: { backgroundColor: '#4fd6be22' }, to: { backgroundColor: 'transparent' } },
})

export function transportKeymap(transport: TransportKeys): Extension {
  return [flashTheme, transportKeys(transport)]
}

function transportKeys(transport: TransportKeys): Extension {
  return Prec.highest(
    keymap.of([
      {
        key: 'Mod-Enter',
        run: (view) => {
          view.dispatch({ effects: applyNow.of(null) })
          flash(view)
          transport.play()
          return true
        },
      },
      {
        key: 'Alt-Enter',
        run: (view) => {
          view.dispatch({ effects: applyNow.of(null) })
          flash(view)
          return true
        },
      },
      { key: 'Mod-.', run: () => (transport.stop(), true) },
    ]),
  )
}
