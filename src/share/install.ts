/// Sharing, saving, files, examples and WAV export, plugged into the IDE page through
/// `src/share/index.ts` (`installShare(app)`).
///
/// The page opens with the last autosaved patch (`initialText`); if the URL carries a share
/// link, its patch replaces it once decoded. From then on every change is saved locally.
/// Whenever the editor is about to let go of a patch (a link, a file, an example, New), that
/// patch goes to Recent first and a message offers it back in one click.

import { Prec, StateEffect } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { compile } from '../language/compile.ts'
import { createAutosave } from '../storage/autosave.ts'
import { fileNameFor, formatDate, patchName } from '../storage/patch-name.ts'
import type { PatchStore } from '../storage/store.ts'
import { ShareError, hasFragment, shareUrl } from './codec.ts'
import { EXAMPLES } from './examples.ts'
import { download, firstFile, readPatchFile } from './files.ts'
import { openLink } from './open-link.ts'
import { encodeWav } from '../render/wav.ts'
import { renderSeconds, type OfflineRenderer } from './render.ts'
import { menuButton } from './ui/menu.ts'
import { createNotice } from './ui/notice.ts'
import { createRenderControls } from './ui/render-controls.ts'
import { copyText, createShareDialog } from './ui/share-dialog.ts'
import './ui/share.css'

/// The part of the IDE's `TaplineApp` (src/app.ts) that sharing uses.
export interface ShareApp {
  readonly view: EditorView
  /// The tools group of the toolbar, where the buttons go.
  readonly toolbar: { readonly slot: HTMLElement }
  getText(): string
  /// Replaces the whole text as one undoable edit, compiled at once.
  setText(text: string): void
  /// The page's audio: renders use its sample rate.
  readonly audio?: { readonly context: BaseAudioContext | null; prepare?(): Promise<unknown> }
}

export interface ShareOptions {
  store: PatchStore
  /// Offline rendering with the page's engine; without it, Render explains that it cannot.
  render?: OfflineRenderer
  /// The sample rate of renders: the page's AudioContext rate when there is one.
  sampleRate?: () => number | Promise<number>
}

export interface Sharing {
  /// Replaces the patch in the editor, keeping the old one in Recent and offering it back.
  replacePatch(text: string, what: string): void
  /// Saves the editor's text now.
  flush(): void
  /// Settles once a link in the URL (if any) has been read and loaded or refused.
  readonly ready: Promise<void>
}

/// The text of New: something that sounds when Play is pressed, and nothing to delete first.
export const NEW_PATCH = 'bpm 120\n\nnode tone = osc(sine, a4) * 0.2\nout = tone\n'

export function installSharing(app: ShareApp, opts: ShareOptions): Sharing {
  const { view, toolbar } = app
  const { store } = opts
  const notice = createNotice()
  const dialog = createShareDialog()
  const overlay = document.createElement('div')
  overlay.className = 'tl-share-messages'
  overlay.append(dialog.root, notice.root)
  document.body.append(overlay)

  const text = () => app.getText()
  const setText = (next: string) => {
    if (next !== text()) app.setText(next)
  }

  const autosave = createAutosave(store, {
    page: { win: window, doc: document },
    onStatus: (r) => (r.ok ? notice.clear() : notice.show('error', r.message)),
  })

  /// Puts `next` in the editor; the current patch goes to Recent and can come back in one click.
  const replacePatch = (next: string, what: string) => {
    const previous = text()
    if (previous === next) {
      notice.show('info', `${what}: it is already in the editor.`)
      return
    }
    autosave.flush()
    store.keep(previous)
    setText(next)
    autosave.change(next)
    autosave.flush()
    offerBack(what, previous)
  }
  const offerBack = (what: string, previous: string | null) => {
    if (previous === null || previous.trim() === '') {
      notice.show('info', `${what}.`)
      return
    }
    const name = patchName(previous, new Date())
    notice.show('info', `${what}. Your previous patch “${name}” is kept in Recent.`, [
      { label: `Back to “${name}”`, run: () => replacePatch(previous, `Back to “${name}”`) },
    ])
  }

  // 1. A link in the URL replaces the opening patch once decoded. The fragment is removed once
  // read, so that a reload shows the latest edit rather than the link again.
  const openFromUrl = async () => {
    if (!hasFragment(location.hash)) return
    const hash = location.hash
    dropFragment()
    const opened = await openLink(
      hash,
      () => {
        autosave.flush()
        // With nothing ever saved, the editor holds only the page's default: not local work.
        return store.loadCurrent() === null ? null : text()
      },
      store,
    )
    if (!opened.ok) {
      notice.show('error', opened.message)
      return
    }
    setText(opened.text)
    offerBack('Opened a shared patch; press Play to hear it', opened.previous)
  }
  const ready = openFromUrl()
  if (!store.persistent) {
    notice.show('error', 'This browser does not let the page store anything: your edits last only as long as this tab. Use Save to keep a file.')
  }

  // 2. A link pasted into the address bar of an open page changes only the fragment.
  window.addEventListener('hashchange', () => void openFromUrl())

  // 3. Autosave and file drops, added to the running editor.
  view.dispatch({
    effects: StateEffect.appendConfig.of([
      EditorView.updateListener.of((u) => {
        if (u.docChanged) autosave.change(() => u.state.doc.toString())
      }),
      // Above CodeMirror's own drop handling, which would paste a file's text at the cursor.
      Prec.highest(
        EditorView.domEventHandlers({
          dragover: (e) => {
            if (!e.dataTransfer?.types.includes('Files')) return false
            e.preventDefault()
            e.dataTransfer.dropEffect = 'copy'
            return true
          },
          drop: (e) => {
            const file = firstFile(e.dataTransfer)
            if (!file) return false
            e.preventDefault()
            void openFile(file)
            return true
          },
        }),
      ),
    ]),
  })

  async function openFile(file: File) {
    const r = await readPatchFile(file)
    if (!r.ok) notice.show('error', r.message)
    else replacePatch(r.text, `Opened “${r.name}”`)
  }

  // 4. The buttons.
  const group = document.createElement('div')
  group.className = 'tl-share-tools'
  group.setAttribute('role', 'group')
  group.setAttribute('aria-label', 'Patch files and sharing')

  const button = (label: string, title: string, run: () => void) => {
    const b = document.createElement('button')
    b.type = 'button'
    b.className = 'tool'
    b.textContent = label
    b.title = title
    b.addEventListener('click', run)
    return b
  }

  const newButton = button('New', 'Start a new patch (the current one stays in Recent)', () =>
    replacePatch(NEW_PATCH, 'Started a new patch'),
  )

  const picker = document.createElement('input')
  picker.type = 'file'
  picker.accept = '.patch,.txt,text/plain'
  picker.hidden = true
  picker.addEventListener('change', () => {
    const file = picker.files?.[0]
    picker.value = ''
    if (file) void openFile(file)
  })
  const openButton = button('Open…', 'Open a .patch file (or drop one on the editor)', () => picker.click())
  const save = () => download(fileNameFor(text(), new Date(), 'patch'), new Blob([text()], { type: 'text/plain;charset=utf-8' }))
  const saveButton = button('Save', 'Download this patch as a .patch file', save)

  const examples = menuButton(
    'Examples',
    () =>
      EXAMPLES.map((ex) => ({
        label: ex.title,
        detail: ex.description,
        run: () => replacePatch(ex.text, `Opened the example “${ex.title}”`),
      })),
    'No examples',
  )
  const recent = menuButton(
    'Recent',
    () =>
      store.recent().map((e) => ({
        label: e.name,
        detail: `kept ${formatDate(new Date(e.savedAt))}`,
        run: () => {
          store.forget(e.id)
          replacePatch(e.text, `Back to “${e.name}”`)
        },
      })),
    'Nothing yet: patches you replace are kept here',
  )

  const shareButton = button('Share', 'Copy a link that carries this whole patch', async () => {
    let url: string
    try {
      url = await shareUrl(text(), location.href)
    } catch (e) {
      notice.show('error', e instanceof ShareError ? e.message : `Could not make a link: ${String(e)}`)
      return
    }
    dialog.show(url, await copyText(url), shareButton)
  })

  const render = createRenderControls()
  let rendering: AbortController | null = null
  render.onCancel(() => rendering?.abort())
  render.onRender(async () => {
    const source = text()
    const compiled = compile(source)
    if (!compiled.patch) {
      const first = compiled.diagnostics.find((d) => d.severity === 'error')
      notice.show('error', `Render needs a patch without errors; line ${first?.line}: ${first?.message}`)
      return
    }
    const seconds = renderSeconds(render.amount(), render.unit(), compiled.patch.bpm)
    if (typeof seconds === 'string') {
      notice.show('error', seconds)
      return
    }
    if (!opts.render) {
      notice.show('error', 'Rendering needs the audio engine, which this page has not loaded.')
      return
    }
    const controller = new AbortController()
    rendering = controller
    render.progress(0)
    notice.show('info', `Rendering ${formatSeconds(seconds)}…`)
    try {
      const audio = await opts.render(source, {
        seconds,
        sampleRate: (await opts.sampleRate?.()) ?? 48000,
        onProgress: (f) => render.progress(f),
        signal: controller.signal,
      })
      const name = fileNameFor(source, new Date(), 'wav')
      const [left, right] = audio.channels
      download(name, new Blob([encodeWav(left, right, audio.sampleRate) as Uint8Array<ArrayBuffer>], { type: 'audio/wav' }))
      const faults = audio.faults?.length ? ` The engine reset a node ${audio.faults.length} time(s): ${audio.faults[0]}` : ''
      notice.show(faults ? 'error' : 'info', `Rendered ${formatSeconds(seconds)} to “${name}”.${faults}`)
    } catch (e) {
      if (controller.signal.aborted) notice.show('info', 'Render cancelled.')
      else notice.show('error', `Render failed: ${e instanceof Error ? e.message : String(e)}`)
    } finally {
      rendering = null
      render.progress(null)
    }
  })

  group.append(newButton, openButton, picker, saveButton, examples.root, recent.root, shareButton, render.root)
  toolbar.slot.append(group)

  // Ctrl+S / Cmd+S saves the patch rather than the page; Ctrl+O opens a file.
  document.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return
    const key = e.key.toLowerCase()
    if (key === 's') {
      e.preventDefault()
      save()
    } else if (key === 'o') {
      e.preventDefault()
      picker.click()
    }
  })

  return { replacePatch, flush: () => void autosave.flush(), ready }
}

function dropFragment() {
  history.replaceState(history.state, '', location.pathname + location.search)
}

function formatSeconds(s: number): string {
  return s < 60 ? `${+s.toFixed(2)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`
}
