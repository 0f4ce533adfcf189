/// The editor: CodeMirror's usual setup (history, search, brackets, multiple cursors, the usual
/// keys) plus every Tapline extension, each from its own file.

import { basicSetup } from 'codemirror'
import type { Extension } from '@codemirror/state'
import { lintGutter } from '@codemirror/lint'
import { keymap } from '@codemirror/view'
import { indentWithTab } from '@codemirror/commands'
import { patchLanguage, patchLanguageSupport } from './language.ts'
import { patchCompletions } from './autocomplete.ts'
import { hoverDocs } from './hover.ts'
import { stage } from './theme.ts'
import { liveReload, type LiveReloadConfig } from './live-reload.ts'
import { liveTaps, type TapsConfig } from './taps.ts'
import { numberScrubbing } from './scrub.ts'
import { modeWordHighlight } from './mode-words.ts'
import { transportKeymap, type TransportKeys } from './keymap.ts'

export interface EditorConfig {
  reload: LiveReloadConfig
  taps: TapsConfig
  transport: TransportKeys
}

export function editorExtensions(config: EditorConfig): Extension {
  return [
    transportKeymap(config.transport),
    basicSetup,
    keymap.of([indentWithTab]),
    patchLanguageSupport(patchLanguage.data.of({ autocomplete: patchCompletions })),
    hoverDocs,
    modeWordHighlight,
    lintGutter(),
    stage,
    liveReload(config.reload),
    liveTaps(config.taps),
    numberScrubbing,
  ]
}
