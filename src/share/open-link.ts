/// What the editor shows when the page opens: the patch of a share link if the URL has one,
/// otherwise the patch that was being edited last time, otherwise the default example.
/// A link never overwrites local work silently: the local patch moves to the recent list first,
/// and the result says so, so the page can offer it back in one click.

import type { PatchStore } from '../storage/store.ts'
import { decodeShare, hasFragment } from './codec.ts'

export type Opening =
  /// From a link. `previous` is the local patch it displaced (now first in the recent list).
  | { source: 'link'; text: string; previous: string | null }
  /// From local storage; `error` when a link was there but refused.
  | { source: 'saved'; text: string; error: string | null }
  /// Nothing saved: the default patch; `error` as above.
  | { source: 'default'; text: string; error: string | null }

export async function openingPatch(hash: string, store: PatchStore, fallback: string): Promise<Opening> {
  const saved = store.loadCurrent()
  let error: string | null = null
  if (hasFragment(hash)) {
    const link = await decodeShare(hash)
    if (link.ok) return adoptLink(link.text, saved, store)
    error = link.message
  }
  return saved !== null ? { source: 'saved', text: saved, error } : { source: 'default', text: fallback, error }
}

/// A link's text becomes the current patch; `current` (what the editor held) is kept in Recent.
export function adoptLink(text: string, current: string | null, store: PatchStore): Opening {
  let previous: string | null = null
  if (current !== null && current !== text && current.trim() !== '') {
    store.keep(current)
    previous = current
  }
  store.saveCurrent(text)
  return { source: 'link', text, previous }
}
