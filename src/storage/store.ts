/// Local persistence of the patch being edited and of the recent-patch list, in localStorage.
/// localStorage rather than IndexedDB because it is synchronous: a save made from `pagehide` is
/// complete before the page goes away.
///
/// Several tabs share one store. A tab that is about to overwrite the current patch another tab
/// saved first moves that patch to the recent list, so neither tab's work is lost.

import { MAX_RECENT, forget, parseRecent, remember, type RecentPatch } from './history.ts'

/// The part of the Web Storage API used here (tests pass a Map-backed one).
export interface KeyValue {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export const CURRENT_KEY = 'tapline.current'
export const RECENT_KEY = 'tapline.recent'

interface CurrentRecord {
  text: string
  savedAt: number
  tab: string
}

export type SaveResult = { ok: true } | { ok: false; message: string }

export class PatchStore {
  /// Falls back to memory when storage is missing or refuses access (private modes, blocked
  /// cookies); `persistent` then tells the page to warn that nothing outlives the tab.
  readonly persistent: boolean
  private kv: KeyValue
  private readonly tab: string

  constructor(
    kv: KeyValue | null,
    private readonly now: () => number = Date.now,
  ) {
    this.tab = Math.random().toString(36).slice(2) + now().toString(36)
    let usable = kv !== null
    if (kv) {
      try {
        kv.setItem('tapline.probe', '1')
        kv.removeItem('tapline.probe')
      } catch {
        usable = false
      }
    }
    this.persistent = usable
    this.kv = usable && kv ? kv : memoryKeyValue()
  }

  /// The patch that was being edited when the page last closed, or null.
  loadCurrent(): string | null {
    return this.readCurrent()?.text ?? null
  }

  saveCurrent(text: string): SaveResult {
    const stored = this.readCurrent()
    if (stored && stored.tab !== this.tab && stored.text !== text) {
      const kept = this.keep(stored.text)
      if (!kept.ok) return kept
    }
    const record: CurrentRecord = { text, savedAt: this.now(), tab: this.tab }
    return this.write(CURRENT_KEY, JSON.stringify(record))
  }

  recent(): RecentPatch[] {
    return parseRecent(this.read(RECENT_KEY))
  }

  /// Puts `text` on top of the recent list (the editor is about to let go of it).
  keep(text: string): SaveResult {
    return this.writeRecent(remember(this.recent(), text, this.now(), MAX_RECENT))
  }

  forget(id: string): SaveResult {
    return this.writeRecent(forget(this.recent(), id))
  }

  private readCurrent(): CurrentRecord | null {
    const raw = this.read(CURRENT_KEY)
    if (!raw) return null
    try {
      const r = JSON.parse(raw)
      if (typeof r?.text === 'string') {
        return { text: r.text, savedAt: Number(r.savedAt) || 0, tab: String(r.tab ?? '') }
      }
    } catch {
      // unreadable: treated as absent
    }
    return null
  }

  /// Writes the list; when storage is full, drops the oldest entries until it fits.
  private writeRecent(list: RecentPatch[]): SaveResult {
    for (let n = list.length; n >= 0; n--) {
      const r = this.write(RECENT_KEY, JSON.stringify(list.slice(0, n)))
      if (r.ok) return r
    }
    return { ok: false, message: 'Local storage is full: the recent-patch list could not be saved.' }
  }

  private read(key: string): string | null {
    try {
      return this.kv.getItem(key)
    } catch {
      return null
    }
  }

  private write(key: string, value: string): SaveResult {
    try {
      this.kv.setItem(key, value)
      return { ok: true }
    } catch {
      // Quota first: the recent list is the only thing that can grow, so make room there.
      if (key === CURRENT_KEY) {
        const list = this.recent()
        while (list.length > 0) {
          list.pop()
          try {
            this.kv.setItem(RECENT_KEY, JSON.stringify(list))
            this.kv.setItem(key, value)
            return { ok: true }
          } catch {
            // still full
          }
        }
      }
      return { ok: false, message: 'Local storage is full or blocked: your patch was not saved in this browser. Use Save to keep a copy as a file.' }
    }
  }
}

export function memoryKeyValue(): KeyValue {
  const m = new Map<string, string>()
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
  }
}
