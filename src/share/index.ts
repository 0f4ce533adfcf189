/// Sharing's entry point for the IDE page (see the IDE's src/app.ts): the page asks
/// `initialText()` for the patch to open with, then calls `installShare(app)`.

import { PatchStore, type KeyValue } from '../storage/store.ts'
import { installSharing, type ShareApp, type Sharing } from './install.ts'
import { renderInWorker } from './render-in-worker.ts'

let store: PatchStore | null = null
function theStore(): PatchStore {
  store ??= new PatchStore(localStorageOrNull())
  return store
}

/// The patch that was being edited when the page last closed, or null (the page then opens its
/// default). A share link in the URL is read afterwards, by `installShare`, and replaces it.
export function initialText(): string | null {
  return theStore().loadCurrent()
}

export function installShare(app: ShareApp): Sharing {
  return installSharing(app, {
    store: theStore(),
    render: renderInWorker,
    // Renders match what Play sounds like: the rate of the page's AudioContext.
    sampleRate: async () => {
      await app.audio?.prepare?.().catch(() => {})
      return app.audio?.context?.sampleRate ?? 48000
    },
  })
}

function localStorageOrNull(): KeyValue | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}
