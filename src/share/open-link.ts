/// Opening a share link: its text becomes the current patch, and the local patch it displaces
/// goes to Recent first, so a link never overwrites local work silently.

import type { PatchStore } from '../storage/store.ts'
import { decodeShare } from './codec.ts'

export type LinkOpened =
  /// `previous` is the local patch the link displaced (now first in Recent), or null.
  | { ok: true; text: string; previous: string | null }
  | { ok: false; message: string }

/// Decodes `hash`; when it holds a patch, saves it as current, keeping `current()` (what the
/// editor holds, asked only once the link is known to be good; null when it is not local work)
/// in Recent. A bad link changes nothing.
export async function openLink(hash: string, current: () => string | null, store: PatchStore): Promise<LinkOpened> {
  const link = await decodeShare(hash)
  if (!link.ok) return link
  const local = current()
  let previous: string | null = null
  if (local !== null && local !== link.text && local.trim() !== '') {
    store.keep(local)
    previous = local
  }
  store.saveCurrent(link.text)
  return { ok: true, text: link.text, previous }
}
