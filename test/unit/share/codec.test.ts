import { describe, expect, it } from 'vitest'
import { crc32 } from '../../../src/share/crc32.ts'
import { fromBase64url, toBase64url } from '../../../src/share/base64url.ts'
import { packWords } from '../../../src/share/tokens.ts'
import {
  MAX_FRAGMENT_CHARS,
  MAX_TEXT_BYTES,
  SHARE_PREFIX,
  ShareError,
  checkText,
  decodeShare,
  encodeShare,
  hasFragment,
  shareUrl,
} from '../../../src/share/codec.ts'
import { examplePatches } from '../helpers/examples.ts'
import { exampleLines, randomPatch, randomUnicode, rng } from './fixtures.ts'

async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const s = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'))
  return new Uint8Array(await new Response(s).arrayBuffer())
}

/// A link built by hand, as a hostile site could: valid checksum around any deflated bytes.
async function forge(raw: Uint8Array, opts: { pack?: boolean } = {}): Promise<string> {
  const deflated = await deflateRaw(opts.pack ? packWords(raw) : raw)
  const payload = new Uint8Array(4 + deflated.length)
  new DataView(payload.buffer).setUint32(0, crc32(deflated))
  payload.set(deflated, 4)
  return '#' + SHARE_PREFIX + toBase64url(payload)
}

async function expectRejected(hash: string, pattern?: RegExp): Promise<string> {
  const r = await decodeShare(hash)
  expect(r.ok).toBe(false)
  if (r.ok) throw new Error('accepted')
  expect(r.message).toMatch(/Nothing was loaded\.$/)
  if (pattern) expect(r.message).toMatch(pattern)
  return r.message
}

describe('base64url', () => {
  it('round-trips every length and refuses what no encoder writes', () => {
    const rand = rng(7)
    for (let n = 0; n < 200; n++) {
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(rand() * 256))
      const text = toBase64url(bytes)
      expect(text).toBe(Buffer.from(bytes).toString('base64url'))
      expect(fromBase64url(text)).toEqual(bytes)
    }
    expect(fromBase64url('A')).toBeNull() // one char: 6 bits, no byte
    expect(fromBase64url('AB')).toBeNull() // leftover bits not zero
    expect(fromBase64url('AA==')).toBeNull()
    expect(fromBase64url('a+b/')).toBeNull()
    expect(fromBase64url('ab c')).toBeNull()
    expect(fromBase64url('abcé')).toBeNull()
  })
})

describe('share links', () => {
  it('carry 1,000 generated patches exactly (example lines, unicode comments, astral planes)', async () => {
    const rand = rng(2026)
    const lines = exampleLines()
    let astral = 0
    for (let i = 0; i < 1000; i++) {
      const text = randomPatch(rand, lines)
      if (/[\u{10000}-\u{10ffff}]/u.test(text)) astral++
      const fragment = await encodeShare(text)
      expect(fragment.startsWith(SHARE_PREFIX)).toBe(true)
      expect(fragment).toMatch(/^v1\.[A-Za-z0-9_-]+$/)
      const back = await decodeShare('#' + fragment)
      if (!back.ok || back.text !== text) {
        throw new Error(`patch ${i} changed in transit: ${JSON.stringify(text).slice(0, 200)}`)
      }
    }
    expect(astral).toBeGreaterThan(300)
  })

  it('carry the edge cases: empty, CRLF, a BOM, lone code words, the size limit', async () => {
    const cases = [
      '',
      '\n',
      'node a = osc(sine, 440)\r\nout = a\r\n',
      '\ufeffout = 0',
      'node node node  = = =    \n\n\n# # ',
      '\t# 🎹 𝄞 𠀀 \u{10fffd}',
      'é'.repeat(MAX_TEXT_BYTES / 2), // exactly at the limit in UTF-8 bytes
    ]
    for (const text of cases) {
      const back = await decodeShare(await encodeShare(text))
      expect(back).toEqual({ ok: true, text })
    }
  })

  it('build a URL that keeps the page and replaces the fragment', async () => {
    const url = await shareUrl('out = 0', 'https://example.org/tapline/?x=1#v1.old')
    expect(url).toMatch(/^https:\/\/example\.org\/tapline\/\?x=1#v1\.[A-Za-z0-9_-]+$/)
    expect(await decodeShare(new URL(url).hash)).toEqual({ ok: true, text: 'out = 0' })
    expect(hasFragment('')).toBe(false)
    expect(hasFragment('#')).toBe(false)
    expect(hasFragment('#v1.x')).toBe(true)
  })

  it('are at least 40% shorter than plain base64 for every example patch', async () => {
    const examples = examplePatches()
    expect(examples.size).toBeGreaterThanOrEqual(10)
    for (const [name, text] of examples) {
      const fragment = '#' + (await encodeShare(text))
      const plain = Buffer.from(text, 'utf8').toString('base64').length
      const saving = 1 - fragment.length / plain
      expect(saving, `${name}: ${fragment.length} vs ${plain}`).toBeGreaterThanOrEqual(0.4)
    }
  })

  it('refuse to encode a patch that no link could open', async () => {
    await expect(encodeShare('x'.repeat(MAX_TEXT_BYTES + 1))).rejects.toThrow(ShareError)
    await expect(encodeShare('out = 0 # \u0007')).rejects.toThrow(/U\+0007 at line 1, column 11/)
    await expect(encodeShare('# \u202e evil')).rejects.toThrow(ShareError)
  })
})

describe('untrusted links', () => {
  const sample = [...examplePatches().values()][0] ?? exampleLines().join('\n')

  it('refuse every truncation', async () => {
    const fragment = '#' + (await encodeShare(sample))
    for (let n = 1; n < fragment.length; n++) {
      await expectRejected(fragment.slice(0, n))
    }
  })

  it('refuse any changed or added character', async () => {
    const fragment = '#' + (await encodeShare(sample))
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const rand = rng(99)
    for (let i = 0; i < 500; i++) {
      const at = 4 + Math.floor(rand() * (fragment.length - 4))
      let c = fragment[at]
      while (c === fragment[at]) c = alphabet[Math.floor(rand() * 64)]
      await expectRejected(fragment.slice(0, at) + c + fragment.slice(at + 1), /damaged|incomplete/)
    }
    for (const extra of ['A', 'AA', 'AAAA', 'x_-9', '%20', ' ', '=', '/', '+', 'é', '\u0000']) {
      await expectRejected(fragment + extra)
    }
    await expectRejected(fragment.replace('v1.', 'v1.!'))
  })

  it('refuse foreign, future and empty fragments with a message that says so', async () => {
    await expectRejected('#', /does not hold a Tapline patch/)
    await expectRejected('#hello', /does not hold a Tapline patch/)
    await expectRejected('#javascript:alert(1)', /does not hold a Tapline patch/)
    await expectRejected('#<script>alert(1)</script>', /does not hold a Tapline patch/)
    await expectRejected('#v2.AAAA', /newer version of Tapline \(format v2\)/)
    await expectRejected('#v1.', /incomplete/)
    await expectRejected('#v1.AAAAAA', /incomplete/)
    await expectRejected('#' + SHARE_PREFIX + 'A'.repeat(MAX_FRAGMENT_CHARS), /too long/)
  })

  it('stop a zip bomb at 256 KiB of text, quickly', async () => {
    const bomb = await forge(new Uint8Array(64 * 1024 * 1024).fill(0x20))
    expect(bomb.length).toBeLessThan(MAX_FRAGMENT_CHARS)
    const t0 = performance.now()
    await expectRejected(bomb, /larger than 256 KiB/)
    expect(performance.now() - t0).toBeLessThan(2000)
    // Just over the limit, in plain bytes and through the word codes (each expands 5 bytes).
    await expectRejected(await forge(new Uint8Array(MAX_TEXT_BYTES + 1).fill(0x41)), /larger than 256 KiB/)
    await expectRejected(await forge(new Uint8Array(MAX_TEXT_BYTES / 4).fill(0xf5)), /larger than 256 KiB/)
    // And exactly at the limit is fine.
    const r = await decodeShare(await forge(new Uint8Array(MAX_TEXT_BYTES).fill(0x41)))
    expect(r.ok && r.text.length).toBe(MAX_TEXT_BYTES)
  })

  it('refuse hostile payloads behind a valid checksum', async () => {
    const enc = (s: string) => new TextEncoder().encode(s)
    await expectRejected(await forge(Uint8Array.of(0x6f, 0xff, 0xfe, 0x80)), /damaged|UTF-8/) // 0xff, 0xfe are word codes, then a stray continuation byte
    await expectRejected(await forge(Uint8Array.of(0x61, 0x80, 0x62)), /not valid UTF-8/)
    await expectRejected(await forge(Uint8Array.of(0xed, 0xa0, 0x80)), /not valid UTF-8/) // a surrogate
    await expectRejected(await forge(Uint8Array.of(0x61, 0xc1, 0xff)), /word code/)
    await expectRejected(await forge(Uint8Array.of(0x61, 0xc0)), /word code/)
    await expectRejected(await forge(enc('out = 0\u0000')), /U\+0000/)
    await expectRejected(await forge(enc('# \u001b[2J')), /U\+001B/)
    await expectRejected(await forge(enc('node a = 1 # \u202e } )1(trela')), /U\+202E/)
    // Not deflate at all, with a correct checksum.
    const junk = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
    const payload = new Uint8Array(4 + junk.length)
    new DataView(payload.buffer).setUint32(0, crc32(junk))
    payload.set(junk, 4)
    await expectRejected('#' + SHARE_PREFIX + toBase64url(payload), /does not decompress/)
  })

  it('treat injection attempts as inert text and never evaluate anything', async () => {
    const attempts = [
      'node x = 1 # </script><script>globalThis.pwned = 1</script>',
      'knob a"); globalThis.pwned = 1; ("b = 1 [0..2]',
      'node `${globalThis.pwned = 1}` = 1',
      'out = 1e3; globalThis.pwned = 1 //',
      '# \'; globalThis.pwned = 1; \'\nout = 0',
      'node __proto__ = constructor.constructor("globalThis.pwned = 1")()',
      '<img src=x onerror="globalThis.pwned = 1">',
    ]
    const g = globalThis as Record<string, unknown>
    const realEval = g.eval
    const RealFunction = g.Function
    const trap = () => {
      throw new Error('evaluated')
    }
    for (const text of attempts) {
      const fragment = await encodeShare(text)
      g.eval = trap
      g.Function = trap
      try {
        const r = await decodeShare('#' + fragment)
        expect(r).toEqual({ ok: true, text })
      } finally {
        g.eval = realEval
        g.Function = RealFunction
      }
      expect(g.pwned).toBeUndefined()
    }
  })

  it('say where a refused character is', () => {
    expect(checkText('a\nbc\u0001')).toMatch(/U\+0001 at line 2, column 3/)
    expect(checkText('fine\ttext\r\n' + randomUnicode(rng(1), 200))).toBeNull()
  })
})
