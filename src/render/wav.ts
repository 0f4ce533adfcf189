/// WAV encoding of stereo samples: 32-bit float (format 3, the default) or 16-bit PCM. Plain
/// typed arrays only, no DOM or Node APIs, so the CLI and the page's Render button share it.

export interface WavOptions {
  /// 16-bit PCM instead of 32-bit float.
  pcm16?: boolean
}

export function encodeWav(left: Float32Array, right: Float32Array, sampleRate: number, options: WavOptions = {}): Uint8Array {
  if (left.length !== right.length) throw new RangeError(`encodeWav: channel lengths differ (${left.length} and ${right.length})`)
  if (!(Number.isInteger(sampleRate) && sampleRate > 0)) throw new RangeError(`encodeWav: sample rate ${sampleRate} is not a positive whole number`)
  const pcm = options.pcm16 === true
  const bytesPerSample = pcm ? 2 : 4
  const channels = 2
  const frames = left.length
  const dataBytes = frames * channels * bytesPerSample
  // Formats other than PCM need an 18-byte fmt chunk (with cbSize) and a fact chunk holding the
  // frame count; without them strict readers (sox, some DAWs) warn or refuse the file.
  const fmtBytes = pcm ? 16 : 18
  const factBytes = pcm ? 0 : 12
  const header = 12 + 8 + fmtBytes + factBytes + 8
  const buf = new ArrayBuffer(header + dataBytes)
  const v = new DataView(buf)
  const ascii = (off: number, s: string) => { for (let i = 0; i < s.length; i++) v.setUint8(off + i, s.charCodeAt(i)) }
  ascii(0, 'RIFF')
  v.setUint32(4, header - 8 + dataBytes, true)
  ascii(8, 'WAVE')
  ascii(12, 'fmt ')
  v.setUint32(16, fmtBytes, true)
  v.setUint16(20, pcm ? 1 : 3, true)
  v.setUint16(22, channels, true)
  v.setUint32(24, sampleRate, true)
  v.setUint32(28, sampleRate * channels * bytesPerSample, true)
  v.setUint16(32, channels * bytesPerSample, true)
  v.setUint16(34, bytesPerSample * 8, true)
  let at = 20 + fmtBytes
  if (!pcm) {
    v.setUint16(36, 0, true) // cbSize: no extension
    ascii(at, 'fact')
    v.setUint32(at + 4, 4, true)
    v.setUint32(at + 8, frames, true)
    at += factBytes
  }
  ascii(at, 'data')
  v.setUint32(at + 4, dataBytes, true)
  const int16 = (x: number) => Math.round((x > 1 ? 1 : x < -1 ? -1 : x || 0) * 32767)
  for (let i = 0, o = header; i < frames; i++) {
    if (pcm) {
      v.setInt16(o, int16(left[i]), true)
      v.setInt16(o + 2, int16(right[i]), true)
    } else {
      v.setFloat32(o, left[i], true)
      v.setFloat32(o + 4, right[i], true)
    }
    o += 2 * bytesPerSample
  }
  return new Uint8Array(buf)
}

export interface DecodedWav {
  sampleRate: number
  channels: number
  bits: number
  format: number
  samples: Float32Array[]
}

/// Reads back what `encodeWav` writes (for tests and tools): PCM 16 or float 32, any channel count.
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const tag = (off: number) => String.fromCharCode(...bytes.subarray(off, off + 4))
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new RangeError('decodeWav: not a RIFF/WAVE file')
  let off = 12
  let format = 0, channels = 0, sampleRate = 0, bits = 0
  while (off + 8 <= bytes.length) {
    const id = tag(off), size = v.getUint32(off + 4, true)
    if (id === 'fmt ') {
      format = v.getUint16(off + 8, true)
      channels = v.getUint16(off + 10, true)
      sampleRate = v.getUint32(off + 12, true)
      bits = v.getUint16(off + 22, true)
    } else if (id === 'data') {
      const bps = bits / 8
      const frames = Math.floor(size / (bps * channels))
      const samples = Array.from({ length: channels }, () => new Float32Array(frames))
      for (let i = 0; i < frames; i++) {
        for (let c = 0; c < channels; c++) {
          const p = off + 8 + (i * channels + c) * bps
          samples[c][i] = format === 3 ? v.getFloat32(p, true) : v.getInt16(p, true) / 32768
        }
      }
      return { sampleRate, channels, bits, format, samples }
    }
    off += 8 + size + (size & 1)
  }
  throw new RangeError('decodeWav: no data chunk')
}
