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
  /// Engine faults during the render (a node reset after a non-finite value).
  faults?: string[]
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
