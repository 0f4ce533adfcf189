import { afterEach, describe, expect, it, vi } from 'vitest'
import { createAutosave } from '../../../src/storage/autosave.ts'
import { MAX_RECENT, parseRecent, remember } from '../../../src/storage/history.ts'
import { fileNameFor, patchDescription, patchName } from '../../../src/storage/patch-name.ts'
import { CURRENT_KEY, PatchStore, RECENT_KEY, memoryKeyValue, type KeyValue } from '../../../src/storage/store.ts'
import { openLink } from '../../../src/share/open-link.ts'
import { encodeShare } from '../../../src/share/codec.ts'

const when = new Date(2026, 10, 22, 5, 7)

describe('patch names', () => {
  it('come from the first-line comment, else the date', () => {
    expect(patchName('# Acid line: a squelchy 303\nbpm 130', when)).toBe('Acid line')
    expect(patchName('#   Night drive — pads and echoes', when)).toBe('Night drive')
    expect(patchName('## Plain title\n', when)).toBe('Plain title')
    expect(patchName('bpm 120\n# later comment', when)).toBe('Patch 2026-11-22 05:07')
    expect(patchName('#\nout = 0', when)).toBe('Patch 2026-11-22 05:07')
    expect(patchName('# ' + 'x'.repeat(80), when)).toHaveLength(48)
    expect(patchDescription('# Acid line: a squelchy 303')).toBe('a squelchy 303')
    expect(patchDescription('# Just words')).toBe('Just words')
  })

  it('give safe file names', () => {
    expect(fileNameFor('# Acid line: x', when, 'patch')).toBe('Acid-line.patch')
    expect(fileNameFor('# ../../etc/passwd', when, 'patch')).toBe('etc-passwd.patch')
    expect(fileNameFor('# a<b>c:d|e?f*g"h\\i', when, 'wav')).toBe('a-b-c-d-e-f-g-h-i.wav')
    expect(fileNameFor('# ...', when, 'patch')).toBe('patch.patch')
    expect(fileNameFor('out = 0', when, 'wav')).toBe('Patch-2026-11-22-05-07.wav')
    expect(fileNameFor('# 夜の🎹 ride', when, 'patch')).toBe('夜の🎹-ride.patch')
  })
})

describe('recent patches', () => {
  it('keep the newest first, move repeats up, skip blank text, cap the length', () => {
    let list = remember([], 'a', 1)
    list = remember(list, 'b', 2)
    list = remember(list, '  \n', 3)
    expect(list.map((e) => e.text)).toEqual(['b', 'a'])
    list = remember(list, 'a', 4)
    expect(list.map((e) => e.text)).toEqual(['a', 'b'])
    for (let i = 0; i < 50; i++) list = remember(list, `p${i}`, 10 + i)
    expect(list).toHaveLength(MAX_RECENT)
    expect(list[0].text).toBe('p49')
    expect(new Set(list.map((e) => e.id)).size).toBe(MAX_RECENT)
  })

  it('drop malformed stored entries', () => {
    expect(parseRecent('not json')).toEqual([])
    expect(parseRecent('{"a":1}')).toEqual([])
    const good = { id: 'x', name: 'n', text: 't', savedAt: 1 }
    expect(parseRecent(JSON.stringify([good, { id: 1 }, null, 'x']))).toEqual([good])
  })
})

describe('the store', () => {
  it('saves and restores the current patch', () => {
    const kv = memoryKeyValue()
    new PatchStore(kv).saveCurrent('out = 1')
    expect(new PatchStore(kv).loadCurrent()).toBe('out = 1')
    expect(new PatchStore(memoryKeyValue()).loadCurrent()).toBeNull()
  })

  it("keeps another tab's patch in Recent before overwriting it", () => {
    const kv = memoryKeyValue()
    const a = new PatchStore(kv)
    const b = new PatchStore(kv)
    a.saveCurrent('# from A\nout = 1')
    b.saveCurrent('# from B\nout = 2')
    expect(b.recent().map((e) => e.name)).toEqual(['from A'])
    b.saveCurrent('# from B\nout = 3') // its own patch: no new entry
    expect(b.recent()).toHaveLength(1)
  })

  it('falls back to memory when storage refuses access', () => {
    const blocked: KeyValue = {
      getItem: () => { throw new Error('SecurityError') },
      setItem: () => { throw new Error('SecurityError') },
      removeItem: () => { throw new Error('SecurityError') },
    }
    const s = new PatchStore(blocked)
    expect(s.persistent).toBe(false)
    expect(s.saveCurrent('x').ok).toBe(true)
    expect(s.loadCurrent()).toBe('x')
  })

  it('makes room by dropping old recent patches when storage is full, and says so when it cannot', () => {
    const m = new Map<string, string>()
    const cap = 3000
    const kv: KeyValue = {
      getItem: (k) => m.get(k) ?? null,
      setItem: (k, v) => {
        const used = [...m].reduce((n, [key, val]) => n + (key === k ? 0 : key.length + val.length), 0)
        if (used + k.length + v.length > cap) throw new DOMException('full', 'QuotaExceededError')
        m.set(k, v)
      },
      removeItem: (k) => void m.delete(k),
    }
    const s = new PatchStore(kv)
    for (let i = 0; i < 10; i++) s.keep(`# p${i}\n` + 'x'.repeat(200))
    expect(s.recent().length).toBeGreaterThan(5)
    expect(s.saveCurrent('y'.repeat(1500)).ok).toBe(true)
    expect(s.loadCurrent()).toHaveLength(1500)
    expect(JSON.parse(m.get(RECENT_KEY)!).length).toBeLessThan(10)
    const r = s.saveCurrent('z'.repeat(5000))
    expect(r.ok).toBe(false)
    expect(!r.ok && r.message).toMatch(/not saved/)
    expect(JSON.parse(m.get(CURRENT_KEY)!).text).toHaveLength(1500) // the last good save stays
  })
})

describe('autosave', () => {
  afterEach(() => vi.useRealTimers())

  it('saves after a quiet moment, and at once when the page hides', () => {
    vi.useFakeTimers()
    const kv = memoryKeyValue()
    const store = new PatchStore(kv)
    const win = new EventTarget()
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState })
    const save = createAutosave(store, { delayMs: 300, page: { win, doc } })
    save.change('a')
    save.change('ab')
    expect(store.loadCurrent()).toBeNull()
    vi.advanceTimersByTime(299)
    expect(store.loadCurrent()).toBeNull()
    vi.advanceTimersByTime(1)
    expect(store.loadCurrent()).toBe('ab')
    save.change('abc')
    win.dispatchEvent(new Event('pagehide'))
    expect(store.loadCurrent()).toBe('abc')
    save.change('abcd')
    doc.visibilityState = 'hidden'
    doc.dispatchEvent(new Event('visibilitychange'))
    expect(store.loadCurrent()).toBe('abcd')
    save.dispose()
  })
})

describe('opening a link', () => {
  it('keeps the local patch one step away in Recent', async () => {
    const store = new PatchStore(memoryKeyValue())
    store.saveCurrent('# mine\nout = 1')
    const hash = '#' + (await encodeShare('# theirs\nout = 2'))
    const o = await openLink(hash, () => store.loadCurrent(), store)
    expect(o).toEqual({ ok: true, text: '# theirs\nout = 2', previous: '# mine\nout = 1' })
    expect(store.recent()[0].text).toBe('# mine\nout = 1')
    expect(store.loadCurrent()).toBe('# theirs\nout = 2')
  })

  it('changes nothing for a bad link, and does not even look at the editor', async () => {
    const store = new PatchStore(memoryKeyValue())
    store.saveCurrent('# mine\nout = 1')
    const hash = '#' + (await encodeShare('# theirs\nout = 2')).slice(0, -3)
    const o = await openLink(hash, () => { throw new Error('asked for the editor text') }, store)
    expect(o.ok).toBe(false)
    expect(!o.ok && o.message).toMatch(/damaged|incomplete/)
    expect(store.recent()).toEqual([])
    expect(store.loadCurrent()).toBe('# mine\nout = 1')
  })

  it('files nothing in Recent when there is no local work or it is the same text', async () => {
    const store = new PatchStore(memoryKeyValue())
    const hash = '#' + (await encodeShare('out = 5'))
    expect(await openLink(hash, () => null, store)).toEqual({ ok: true, text: 'out = 5', previous: null })
    expect(await openLink(hash, () => 'out = 5', store)).toEqual({ ok: true, text: 'out = 5', previous: null })
    expect(await openLink(hash, () => '  \n', store)).toEqual({ ok: true, text: 'out = 5', previous: null })
    expect(store.recent()).toEqual([])
    expect(store.loadCurrent()).toBe('out = 5')
  })
})

describe('patch files', async () => {
  const { readPatchFile } = await import('../../../src/share/files.ts')
  const file = (name: string, bytes: Uint8Array | string) => {
    const b = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes
    return { name, size: b.length, arrayBuffer: async () => b.slice().buffer }
  }

  it('open plain UTF-8 text exactly', async () => {
    const text = '# 夜 🎹\r\nout = osc(sine, a4) * 0.1\n'
    expect(await readPatchFile(file('x.patch', text))).toEqual({ ok: true, text, name: 'x.patch' })
  })

  it('refuse binary, non-UTF-8, control characters and oversized files', async () => {
    const cases: [ReturnType<typeof file>, RegExp][] = [
      [file('a.png', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff)), /not a text file/],
      [file('b.bin', Uint8Array.of(0x61, 0, 0x62)), /binary/],
      [file('c.patch', '# \u001b[31m\nout = 0'), /U\+001B at line 1/],
      [file('d.patch', 'x'.repeat(256 * 1024 + 1)), /257 KiB/],
    ]
    for (const [f, msg] of cases) {
      const r = await readPatchFile(f)
      expect(r.ok).toBe(false)
      expect(!r.ok && r.message).toMatch(msg)
    }
  })
})

describe('render length', async () => {
  const { renderSeconds } = await import('../../../src/share/render.ts')
  it('counts seconds or 4/4 bars at the tempo, and refuses nonsense', () => {
    expect(renderSeconds(2, 'seconds', 120)).toBe(2)
    expect(renderSeconds(4, 'bars', 120)).toBe(8)
    expect(renderSeconds(1, 'bars', 90)).toBeCloseTo(8 / 3)
    expect(renderSeconds(0, 'seconds', 120)).toMatch(/above zero/)
    expect(renderSeconds(NaN, 'bars', 120)).toMatch(/above zero/)
    expect(renderSeconds(1000, 'seconds', 120)).toMatch(/limited to 10 minutes/)
  })
})
