/// The output level meter: the peak of what reaches the speakers, on a -60..0 dBFS scale, with
/// a held peak mark and a clip light that stays on for a second after any sample reaches full
/// scale. It reads an AnalyserNode once per animation frame (nothing runs on the audio thread).

export const METER_FLOOR_DB = -60

/// Peak magnitude in dBFS, floored at `METER_FLOOR_DB`.
export function peakDb(samples: Float32Array): number {
  let peak = 0
  for (let i = 0; i < samples.length; i++) {
    const a = Math.abs(samples[i])
    if (a > peak) peak = a
  }
  return peak > 0 ? Math.max(METER_FLOOR_DB, 20 * Math.log10(peak)) : METER_FLOOR_DB
}

/// Where `db` falls on the meter, 0..1.
export function meterPosition(db: number): number {
  return Math.min(1, Math.max(0, (db - METER_FLOOR_DB) / -METER_FLOOR_DB))
}

export interface LevelElements {
  bar: HTMLElement
  hold: HTMLElement
  clip: HTMLElement
}

export class LevelMeter {
  private analyser: AnalyserNode | null = null
  private buf = new Float32Array(2048)
  private frame = 0
  private shown = METER_FLOOR_DB
  private held = METER_FLOOR_DB
  private heldAt = 0
  private clipAt = -Infinity

  constructor(private readonly els: LevelElements) {}

  /// Starts metering `source` (once; later calls with the same context do nothing).
  attach(ctx: AudioContext, source: AudioNode): void {
    if (this.analyser) return
    const a = ctx.createAnalyser()
    a.fftSize = this.buf.length
    source.connect(a)
    this.analyser = a
    this.frame = requestAnimationFrame(this.tick)
  }

  private tick = (now: number) => {
    this.frame = requestAnimationFrame(this.tick)
    const a = this.analyser!
    a.getFloatTimeDomainData(this.buf)
    const db = peakDb(this.buf)
    if (db >= -0.01) this.clipAt = now
    // Fast rise, a falling ballistic of about 20 dB per second.
    this.shown = db > this.shown ? db : Math.max(db, this.shown - 0.33)
    if (db >= this.held || now - this.heldAt > 1500) {
      this.held = db
      this.heldAt = now
    }
    const { bar, hold, clip } = this.els
    // Clipped rather than scaled, so the colours stay at their places on the scale.
    bar.style.clipPath = `inset(0 ${((1 - meterPosition(this.shown)) * 100).toFixed(1)}% 0 0)`
    hold.style.left = `${(meterPosition(this.held) * 100).toFixed(1)}%`
    clip.dataset.on = String(now - this.clipAt < 1000)
    bar.parentElement!.title = `output peak ${this.held <= METER_FLOOR_DB ? '-∞' : this.held.toFixed(1)} dBFS`
  }

  destroy(): void {
    cancelAnimationFrame(this.frame)
    this.analyser?.disconnect()
  }
}
