/// Saves the editor's text a moment after each change, and at once when the page is hidden or
/// closed, so that a reload, a crash of the tab or a closed laptop lid loses nothing.
/// (`pagehide` and `visibilitychange` rather than `beforeunload`/`unload`, which would keep the
/// page out of the back-forward cache and do not fire on mobile.)

import type { PatchStore, SaveResult } from './store.ts'

export interface Autosave {
  /// The text changed: save it after `delayMs` of quiet. A function is called only when the
  /// save happens, so a keystroke in a long patch does not copy the whole text.
  change(text: string | (() => string)): void
  /// Save any pending text now.
  flush(): SaveResult
  /// Stops listening to the page (tests, hot reload).
  dispose(): void
}

export interface AutosaveOptions {
  delayMs?: number
  /// Told about every failed save, and about the first success after a failure.
  onStatus?: (result: SaveResult) => void
  /// Where `pagehide` and `visibilitychange` are heard; none in unit tests.
  page?: { win: Pick<Window, 'addEventListener' | 'removeEventListener'>; doc: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'> }
}

export function createAutosave(store: PatchStore, opts: AutosaveOptions = {}): Autosave {
  const delayMs = opts.delayMs ?? 400
  let pending: string | (() => string) | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let failing = false

  const flush = (): SaveResult => {
    if (timer !== null) clearTimeout(timer)
    timer = null
    if (pending === null) return { ok: true }
    const text = typeof pending === 'function' ? pending() : pending
    pending = null
    const result = store.saveCurrent(text)
    if (!result.ok) {
      failing = true
      opts.onStatus?.(result)
    } else if (failing) {
      failing = false
      opts.onStatus?.(result)
    }
    return result
  }

  const onHide = () => {
    flush()
  }
  const onVisibility = () => {
    if (opts.page?.doc.visibilityState === 'hidden') flush()
  }
  opts.page?.win.addEventListener('pagehide', onHide)
  opts.page?.doc.addEventListener('visibilitychange', onVisibility)

  return {
    change(text) {
      pending = text
      if (timer !== null) clearTimeout(timer)
      timer = setTimeout(flush, delayMs)
    },
    flush,
    dispose() {
      flush()
      opts.page?.win.removeEventListener('pagehide', onHide)
      opts.page?.doc.removeEventListener('visibilitychange', onVisibility)
    },
  }
}
