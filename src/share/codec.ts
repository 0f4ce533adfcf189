/// Share links: the whole patch text travels in the URL fragment, so a link needs no server and
/// the fragment never reaches one.
///
/// Format v1: `#v1.` then base64url (no padding) of
///   4 bytes  CRC-32 (big-endian) of the bytes that follow
///   ...      deflate-raw of the patch's UTF-8 bytes after `packWords` (see tokens.ts)
/// The checksum covers the compressed bytes, so a changed, missing or appended character is
/// refused before anything is decompressed. A new format gets a new prefix (`v2.`); `v1.` links
/// must keep opening.
///
/// A link is untrusted input. Decoding never evaluates anything: it yields text (which the page
/// puts in the editor and compiles like typed text) or a message, and it stops decompressing as
/// soon as the output passes `MAX_TEXT_BYTES`, so a zip bomb costs a few milliseconds.

import { fromBase64url, toBase64url } from './base64url.ts'
import { crc32 } from './crc32.ts'
import { packWords, unpackWords } from './tokens.ts'

export const SHARE_VERSION = 'v1'
export const SHARE_PREFIX = `${SHARE_VERSION}.`
/// The longest patch a link may carry, in UTF-8 bytes.
export const MAX_TEXT_BYTES = 256 * 1024
/// The longest fragment worth looking at: what the longest incompressible patch would need
/// (deflate adds 5 bytes per 64 KiB stored block), with room to spare.
export const MAX_FRAGMENT_CHARS = SHARE_PREFIX.length + Math.ceil(((MAX_TEXT_BYTES + 4096) * 4) / 3)

export type DecodeResult = { ok: true; text: string } | { ok: false; message: string }

/// Thrown by `encodeShare` for a text no link can carry; the message is for the musician.
export class ShareError extends Error {
  override name = 'ShareError'
}

const NOTHING_LOADED = 'Nothing was loaded.'

/// The fragment (without `#`) that carries `text`.
export async function encodeShare(text: string): Promise<string> {
  const problem = checkText(text)
  if (problem) throw new ShareError(`This patch cannot be shared: ${problem}`)
  const bytes = new TextEncoder().encode(text)
  if (bytes.length > MAX_TEXT_BYTES) {
    throw new ShareError(
      `This patch cannot be shared: it is ${formatKiB(bytes.length)} and a link carries at most ${formatKiB(MAX_TEXT_BYTES)}. Save it as a file instead.`,
    )
  }
  const deflated = await deflateRaw(packWords(bytes))
  const payload = new Uint8Array(4 + deflated.length)
  new DataView(payload.buffer).setUint32(0, crc32(deflated))
  payload.set(deflated, 4)
  return SHARE_PREFIX + toBase64url(payload)
}

/// A full link to `text` for a page at `base` (its fragment replaced).
export async function shareUrl(text: string, base: string): Promise<string> {
  const url = new URL(base)
  url.hash = await encodeShare(text)
  return url.href
}

/// True when `hash` (with or without `#`) is present at all, i.e. when the page was opened from a
/// link rather than fresh; an empty `#` counts as no fragment.
export function hasFragment(hash: string): boolean {
  return hash.replace(/^#/, '').length > 0
}

/// The patch text in a fragment (with or without `#`), or a message saying why there is none.
export async function decodeShare(hash: string): Promise<DecodeResult> {
  const fragment = hash.replace(/^#/, '')
  if (fragment.length > MAX_FRAGMENT_CHARS) {
    return fail(`This link is too long to be a Tapline patch (${fragment.length} characters; a patch link has at most ${MAX_FRAGMENT_CHARS}).`)
  }
  if (!fragment.startsWith(SHARE_PREFIX)) {
    const version = /^v(\d{1,6})\./.exec(fragment)
    if (version) {
      return fail(`This link was made by a newer version of Tapline (format v${version[1]}); this one reads ${SHARE_VERSION} links.`)
    }
    return fail('This link does not hold a Tapline patch: its part after "#" should start with "' + SHARE_PREFIX + '".')
  }
  const payload = fromBase64url(fragment.slice(SHARE_PREFIX.length))
  if (!payload) {
    return fail('This link is damaged: it holds characters or a length that a Tapline link never has (was it cut off or altered when copied?).')
  }
  if (payload.length < 5) return fail('This link is incomplete: it was probably cut off when copied.')
  const deflated = payload.subarray(4)
  const expected = new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0)
  if (crc32(deflated) !== expected) {
    return fail('This link is damaged or incomplete: its checksum does not match (was it cut off or altered when copied?).')
  }
  const inflated = await inflateRaw(deflated, MAX_TEXT_BYTES)
  if (inflated === 'size') return fail(tooBig())
  if (inflated === 'error') return fail('This link is damaged: its compressed data does not decompress.')
  const unpacked = unpackWords(inflated, MAX_TEXT_BYTES)
  if ('error' in unpacked) {
    return fail(unpacked.error === 'size' ? tooBig() : 'This link is damaged: it holds a word code that Tapline never writes.')
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(unpacked.bytes)
  } catch {
    return fail('This link is damaged: its patch is not valid UTF-8 text.')
  }
  const problem = checkText(text)
  if (problem) return fail(`This link's patch was refused: ${problem}`)
  return { ok: true, text }
}

/// Why `text` may not travel in a link, or null. Patches are plain text: control characters
/// (other than tab and line breaks) have no meaning in one, and direction overrides could make the
/// text shown differ from the text that runs.
export function checkText(text: string): string | null {
  const bad = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.exec(text)
  if (!bad) return null
  const before = text.slice(0, bad.index)
  const line = before.split('\n').length
  const col = bad.index - before.lastIndexOf('\n')
  const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')
  return `it contains the invisible control character U+${code} at line ${line}, column ${col}; delete it and try again.`
}

function fail(message: string): DecodeResult {
  return { ok: false, message: `${message} ${NOTHING_LOADED}` }
}

function tooBig(): string {
  return `This link's patch is larger than ${formatKiB(MAX_TEXT_BYTES)}, more than any patch needs.`
}

function formatKiB(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KiB`
}

async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

/// Slice of compressed input fed at a time. Deflate expands at most about 1032:1, so one slice
/// yields at most about 1 MiB even from a zip bomb, and the limit is checked after each.
const INFLATE_SLICE = 1024

/// Inflates `bytes`, giving up as soon as the output passes `maxBytes`.
async function inflateRaw(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array | 'size' | 'error'> {
  const stream = new DecompressionStream('deflate-raw')
  const writer = stream.writable.getWriter()
  const reader = stream.readable.getReader()
  // Writing and reading run side by side: each write waits for the reader to drain the output of
  // the previous slice (the stream's backpressure), so output never piles up unread.
  const writing = (async () => {
    for (let i = 0; i < bytes.length; i += INFLATE_SLICE) {
      await writer.write(bytes.subarray(i, i + INFLATE_SLICE) as Uint8Array<ArrayBuffer>)
    }
    await writer.close()
  })()
  writing.catch(() => {})
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.length
      if (size > maxBytes) {
        await reader.cancel().catch(() => {})
        await writing.catch(() => {})
        return 'size'
      }
      chunks.push(value)
    }
    await writing
  } catch {
    await reader.cancel().catch(() => {})
    return 'error'
  }
  const out = new Uint8Array(size)
  let o = 0
  for (const c of chunks) {
    out.set(c, o)
    o += c.length
  }
  return out
}
