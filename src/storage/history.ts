/// The list of recent patches: every patch that the editor let go of (replaced by a shared link,
/// a file, an example or New) is kept here, newest first, so that nothing typed is lost for good.
/// Pure functions over plain data; `store.ts` persists the list.

import { patchName } from './patch-name.ts'

export interface RecentPatch {
  /// Unique within the list; stable for the entry's life.
  id: string
  name: string
  text: string
  /// Milliseconds since the epoch.
  savedAt: number
}

export const MAX_RECENT = 20

/// `list` with `text` added on top. An entry with the same text moves up instead of repeating;
/// whitespace-only text is not worth keeping; the oldest entries fall off past `max`.
export function remember(list: readonly RecentPatch[], text: string, now: number, max = MAX_RECENT): RecentPatch[] {
  if (text.trim() === '') return [...list]
  const rest = list.filter((e) => e.text !== text)
  const entry: RecentPatch = {
    id: `${now.toString(36)}-${hash(text)}`,
    name: patchName(text, new Date(now)),
    text,
    savedAt: now,
  }
  return [entry, ...rest].slice(0, max)
}

/// `list` without the entry `id`.
export function forget(list: readonly RecentPatch[], id: string): RecentPatch[] {
  return list.filter((e) => e.id !== id)
}

/// Entries read back from storage: anything malformed (an older format, a hand edit) is dropped
/// rather than trusted.
export function parseRecent(json: string | null): RecentPatch[] {
  if (!json) return []
  let data: unknown
  try {
    data = JSON.parse(json)
  } catch {
    return []
  }
  if (!Array.isArray(data)) return []
  return data.filter(
    (e): e is RecentPatch =>
      typeof e === 'object' && e !== null &&
      typeof e.id === 'string' && typeof e.name === 'string' &&
      typeof e.text === 'string' && typeof e.savedAt === 'number',
  )
}

function hash(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return (h >>> 0).toString(36)
}
