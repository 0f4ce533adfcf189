/// Rendering a patch to a WAV file: the length the musician asked for, in seconds or in bars at
/// the patch's tempo, rendered offline by the engine and downloaded as a stereo WAV named after the patch.

export type LengthUnit = 'seconds' | 'bars'

/// Beats in a bar: the language has no time signature, so bars are 4/4.
export const BEATS_PER_BAR = 4
/// Longer renders would hold too much audio in memory (10 min of stereo float at 48 kHz is 230 MB).
export const MAX_RENDER_SECONDS = 600

export interface RenderedAudio {
  sampleRate: number
  /// Left and right.
  channels: [Float32Array, Float32Array]
}

/// Renders `text` for `seconds` at `sampleRate`. Calls `onProgress` with 0..1 as it goes and
/// stops with an `AbortError` when `signal` aborts.
export type OfflineRenderer = (
  text: string,
  opts: { seconds: number; sampleRate: number; onProgress: (fraction: number) => void; signal: AbortSignal },
) => Promise<RenderedAudio>

/// Seconds for `amount` of `unit` at `bpm`, or a message when it is not a length worth rendering.
export function renderSeconds(amount: number, unit: LengthUnit, bpm: number): number | string {
  if (!Number.isFinite(amount) || amount <= 0) return 'Enter a length above zero.'
  const seconds = unit === 'bars' ? (amount * BEATS_PER_BAR * 60) / bpm : amount
  if (seconds > MAX_RENDER_SECONDS) {
    return `That is ${Math.round(seconds)} s; renders are limited to ${MAX_RENDER_SECONDS / 60} minutes.`
  }
  return seconds
}

/// A stereo 32-bit float WAV of `audio` (the engine's samples, unchanged).
/// Temporary until the engine's `src/render/wav.ts` is on main.
export function encodeWavFloat(audio: RenderedAudio): Uint8Array<ArrayBuffer> {
  const [l, r] = audio.channels
  const frames = l.length
  const out = new Uint8Array(44 + frames * 8)
  const v = new DataView(out.buffer)
  const ascii = (at: number, s: string) => [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)))
  ascii(0, 'RIFF')
  v.setUint32(4, 36 + frames * 8, true)
  ascii(8, 'WAVE')
  ascii(12, 'fmt ')
  v.setUint32(16, 16, true)
  v.setUint16(20, 3, true) // IEEE float
  v.setUint16(22, 2, true)
  v.setUint32(24, audio.sampleRate, true)
  v.setUint32(28, audio.sampleRate * 8, true)
  v.setUint16(32, 8, true)
  v.setUint16(34, 32, true)
  ascii(36, 'data')
  v.setUint32(40, frames * 8, true)
  for (let i = 0, o = 44; i < frames; i++, o += 8) {
    v.setFloat32(o, l[i], true)
    v.setFloat32(o + 4, r[i], true)
  }
  return out
}
