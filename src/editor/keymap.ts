/// Transport keys, as in Strudel and Glicol: Ctrl/Cmd+Enter applies the patch now (and starts
/// the sound), Ctrl/Cmd+. stops it. Alt+Enter applies without starting.

import { Prec, type Extension } from '@codemirror/state'
import { keymap } from '@codemirror/view'
import { applyNow } from './live-reload.ts'

export interface TransportKeys {
  play(): void
  stop(): void
}

export function transportKeymap(transport: TransportKeys): Extension {
  return Prec.highest(
    keymap.of([
      {
        key: 'Mod-Enter',
        run: (view) => {
          view.dispatch({ effects: applyNow.of(null) })
          transport.play()
          return true
        },
      },
      {
        key: 'Alt-Enter',
        run: (view) => {
          view.dispatch({ effects: applyNow.of(null) })
          return true
        },
      },
      { key: 'Mod-.', run: () => (transport.stop(), true) },
    ]),
  )
}
