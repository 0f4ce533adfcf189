/// Sharing, saving, files, examples and WAV export, added to the page in one call:
///
///   const sharing = await installSharing({ view, toolbar, render })
///
/// It replaces the editor's text with the patch the page should open (a share link's, else the
/// last autosaved one, else the default example), adds its buttons to `toolbar`, and from then
/// on saves every change locally. Whenever the editor is about to let go of a patch (a link, a
/// file, an example, New), that patch goes to Recent first and a message offers it back.

import { Prec, StateEffect, Transaction } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { compile } from '../language/compile.ts'
import { createAutosave } from '../storage/autosave.ts'
import { fileNameFor, formatDate, patchName } from '../storage/patch-name.ts'
import { PatchStore, type KeyValue } from '../storage/store.ts'
import { ShareError, hasFragment, shareUrl } from './codec.ts'
import { DEFAULT_EXAMPLE, EXAMPLES } from './examples.ts'
import { download, firstFile, readPatchFile } from './files.ts'
import { adoptLink, openingPatch, type Opening } from './open-link.ts'
import { decodeShare } from './codec.ts'
import { encodeWavFloat, renderSeconds, type OfflineRenderer } from './render.ts'
import { menuButton } from './ui/menu.ts'
import { createNotice } from './ui/notice.ts'
import { createRenderControls } from './ui/render-controls.ts'
import { copyText, createShareDialog } from './ui/share-dialog.ts'
import './ui/share.css'

export interface ShareHost {
  view: EditorView
  /// The buttons are appended here.
  toolbar: HTMLElement
  /// Messages and the share dialog go here; by default, just before the editor.
  notices?: HTMLElement
  /// Offline rendering with the page's engine; without it, Render explains that it cannot.
  render?: OfflineRenderer
  /// The sample rate of renders: the page's AudioContext rate when there is one.
  sampleRate?: () => number
}

export interface Sharing {
  /// What the page opened with, and from where.
  readonly opening: Opening
  /// Replaces the patch in the editor, keeping the old one in Recent and offering it back.
  replacePatch(text: string, what: string): void
  /// Saves the editor's text now.
  flush(): void
}

/// The text of New: something that sounds when Play is pressed, and nothing to delete first.
export const NEW_PATCH = 'bpm 120\n\nnode tone = osc(sine, a4) * 0.2\nout = tone\n'

export async function installSharing(host: ShareHost): Promise<Sharing> {
  const { view, toolbar } = host
  const store = new PatchStore(localStorageOrNull())
  const notice = createNotice()
  const dialog = createShareDialog()
  const place = host.notices ?? view.dom.parentElement ?? document.body
  if (host.notices) place.append(notice.root, dialog.root)
  else place.insertBefore(dialogWrap(notice.root, dialog.root), view.dom)

  const text = () => view.state.doc.toString()
  const setText = (next: string, undoable: boolean) => {
    if (next === text()) return
    view.dispatch({
      changes: { from: 0, to: view.state.doc.length, insert: next },
      selection: { anchor: 0 },
      scrollIntoView: true,
      // A patch loaded over another can be undone (one more way back); the first one cannot.
      annotations: [Transaction.addToHistory.of(undoable), Transaction.userEvent.of('tapline.load')],
    })
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
    keepAndLoad(previous, next)
    offerBack(what, previous)
  }
  const keepAndLoad = (previous: string, next: string) => {
    autosave.flush()
    store.keep(previous)
    setText(next, true)
    autosave.change(next)
    autosave.flush()
  }
  const offerBack = (what: string, previous: string) => {
    if (previous.trim() === '') {
      notice.show('info', `${what}.`)
      return
    }
    const name = patchName(previous, new Date())
    notice.show('info', `${what}. Your previous patch “${name}” is kept in Recent.`, [
      { label: `Back to “${name}”`, run: () => replacePatch(previous, `Back to “${name}”`) },
    ])
  }

  // 1. What the page opens with. A link's fragment is removed once read, so that a reload
  // shows the latest edit rather than the link again.
  const opening = await openingPatch(location.hash, store, DEFAULT_EXAMPLE.text)
  if (hasFragment(location.hash)) dropFragment()
  setText(opening.text, false)
  if (opening.source === 'link') announceLink(opening.previous)
  else if (opening.error) notice.show('error', opening.error)
  else if (!store.persistent) {
    notice.show('error', 'This browser does not let the page store anything: your edits last only as long as this tab. Use Save to keep a file.')
  }

  function announceLink(previous: string | null) {
    const what = 'Opened a shared patch; press Play to hear it'
    if (previous) offerBack(what, previous)
    else notice.show('info', `${what}.`)
  }

  // 2. A link pasted into the address bar of an open page changes only the fragment.
  window.addEventListener('hashchange', async () => {
    if (!hasFragment(location.hash)) return
    const link = await decodeShare(location.hash)
    dropFragment()
    if (!link.ok) {
      notice.show('error', link.message)
      return
    }
    autosave.flush()
    const result = adoptLink(link.text, text(), store)
    setText(link.text, true)
    if (result.source === 'link') announceLink(result.previous)
  })

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
    dialog.show(url, await copyText(url))
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
    if (!host.render) {
      notice.show('error', 'Rendering needs the audio engine, which this page has not loaded.')
      return
    }
    const controller = new AbortController()
    rendering = controller
    render.progress(0)
    notice.show('info', `Rendering ${formatSeconds(seconds)}…`)
    try {
      const audio = await host.render(source, {
        seconds,
        sampleRate: host.sampleRate?.() ?? 48000,
        onProgress: (f) => render.progress(f),
        signal: controller.signal,
      })
      const name = fileNameFor(source, new Date(), 'wav')
      download(name, new Blob([encodeWavFloat(audio)], { type: 'audio/wav' }))
      notice.show('info', `Rendered ${formatSeconds(seconds)} to “${name}”.`)
    } catch (e) {
      if (controller.signal.aborted) notice.show('info', 'Render cancelled.')
      else notice.show('error', `Render failed: ${e instanceof Error ? e.message : String(e)}`)
    } finally {
      rendering = null
      render.progress(null)
      if (document.activeElement === document.body) render.button.focus()
    }
  })

  group.append(newButton, openButton, picker, saveButton, examples.root, recent.root, shareButton, render.root)
  toolbar.append(group)

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

  return { opening, replacePatch, flush: () => void autosave.flush() }
}

function dialogWrap(...children: HTMLElement[]): HTMLElement {
  const wrap = document.createElement('div')
  wrap.className = 'tl-share-messages'
  wrap.append(...children)
  return wrap
}

function dropFragment() {
  history.replaceState(history.state, '', location.pathname + location.search)
}

function formatSeconds(s: number): string {
  return s < 60 ? `${+s.toFixed(2)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`
}

function localStorageOrNull(): KeyValue | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}
