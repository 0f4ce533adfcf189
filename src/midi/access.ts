/// The Web MIDI connection: asks for access once, listens to every input, picks up inputs
/// plugged in or out while playing (`statechange`), and releases the notes a vanished input
/// was holding so nothing hangs. Only the few members of the Web MIDI API used here are typed,
/// so a test can hand in a stand-in.

import { CC_SUSTAIN, controlChange, noteOff, parseMidi } from './messages.ts'

export interface MidiInputLike {
  readonly id: string
  readonly name?: string | null
  readonly state?: string
  onmidimessage: ((e: { data: Uint8Array | null }) => void) | null
}

export interface MidiAccessLike {
  readonly inputs: { forEach(fn: (input: MidiInputLike) => void): void }
  onstatechange: ((e: unknown) => void) | null
}

export interface NavigatorWithMidi {
  requestMIDIAccess?: (options?: { sysex?: boolean }) => Promise<MidiAccessLike>
}

export type MidiStatus =
  | { k: 'off' } // not asked yet
  | { k: 'asking' }
  | { k: 'unsupported' }
  | { k: 'denied'; reason: string }
  | { k: 'ready'; inputs: string[] }

/// What a status means to a musician, or null when there is nothing to say.
export function describeStatus(s: MidiStatus): string | null {
  switch (s.k) {
    case 'unsupported':
      return 'This browser has no Web MIDI: play with the computer keyboard, or use Chrome, Edge or Firefox for MIDI devices'
    case 'denied':
      return 'MIDI access was not allowed: play with the computer keyboard, or allow MIDI in the site settings and reload'
    case 'ready':
      return s.inputs.length ? `MIDI in: ${s.inputs.join(', ')}` : 'No MIDI device: play with the computer keyboard (click outside the editor)'
    default:
      return null
  }
}

export class MidiInputs {
  private access: MidiAccessLike | null = null
  private readonly bound = new Map<string, MidiInputLike>()
  /// Per input: the notes it holds (channel << 7 | note) and whether its sustain pedal is down.
  private readonly held = new Map<string, { notes: Set<number>; pedal: Set<number> }>()
  private _status: MidiStatus = { k: 'off' }

  constructor(
    private readonly nav: NavigatorWithMidi,
    /// Every channel message of every input, as bytes.
    private readonly onMessage: (data: number[], inputId: string) => void,
    private readonly onStatus: (status: MidiStatus) => void = () => {},
  ) {}

  get status(): MidiStatus {
    return this._status
  }

  /// Asks for MIDI access the first time; later calls do nothing. Never rejects.
  async start(): Promise<void> {
    if (this._status.k !== 'off') return
    if (typeof this.nav.requestMIDIAccess !== 'function') return this.setStatus({ k: 'unsupported' })
    this.setStatus({ k: 'asking' })
    try {
      this.access = await this.nav.requestMIDIAccess({ sysex: false })
    } catch (e) {
      return this.setStatus({ k: 'denied', reason: e instanceof Error ? `${e.name}: ${e.message}` : String(e) })
    }
    this.access.onstatechange = () => this.scan()
    this.scan()
  }

  stop(): void {
    if (this.access) this.access.onstatechange = null
    for (const id of [...this.bound.keys()]) this.unbind(id)
    this.access = null
  }

  /// Binds inputs that appeared, unbinds those that left (releasing their notes).
  private scan(): void {
    const access = this.access
    if (!access) return
    const seen = new Set<string>()
    access.inputs.forEach((input) => {
      if (input.state === 'disconnected') return
      seen.add(input.id)
      if (this.bound.get(input.id) === input) return
      this.bound.set(input.id, input)
      // Setting the handler also opens the port.
      input.onmidimessage = (e) => {
        if (e.data) this.receive(Array.from(e.data), input.id)
      }
    })
    for (const id of [...this.bound.keys()]) if (!seen.has(id)) this.unbind(id)
    const names: string[] = []
    for (const input of this.bound.values()) names.push(input.name || 'MIDI input')
    this.setStatus({ k: 'ready', inputs: names })
  }

  private unbind(id: string): void {
    const input = this.bound.get(id)
    this.bound.delete(id)
    if (input && input.onmidimessage) input.onmidimessage = null
    const h = this.held.get(id)
    this.held.delete(id)
    if (!h) return
    for (const ch of h.pedal) this.onMessage(controlChange(CC_SUSTAIN, 0, ch), id)
    for (const key of h.notes) this.onMessage(noteOff(key & 0x7f, key >> 7), id)
  }

  private receive(data: number[], id: string): void {
    const ev = parseMidi(data)
    if (!ev) return
    let h = this.held.get(id)
    if (!h) this.held.set(id, (h = { notes: new Set(), pedal: new Set() }))
    if (ev.k === 'on') h.notes.add((ev.channel << 7) | ev.note)
    else if (ev.k === 'off') h.notes.delete((ev.channel << 7) | ev.note)
    else if (ev.k === 'cc' && ev.cc === CC_SUSTAIN) {
      if (ev.value >= 64) h.pedal.add(ev.channel)
      else h.pedal.delete(ev.channel)
    }
    this.onMessage(data.slice(0, 3), id)
  }

  private setStatus(s: MidiStatus): void {
    this._status = s
    this.onStatus(s)
  }
}
