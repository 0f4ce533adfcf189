import { describe, expect, it } from 'vitest'
import { MidiInputs, describeStatus, type MidiAccessLike, type MidiInputLike, type MidiStatus } from '../../../src/midi/access.ts'

class FakeInput implements MidiInputLike {
  onmidimessage: ((e: { data: Uint8Array | null }) => void) | null = null
  state = 'connected'
  constructor(readonly id: string, readonly name: string) {}
  send(...bytes: number[]) {
    this.onmidimessage?.({ data: new Uint8Array(bytes) })
  }
}

class FakeAccess implements MidiAccessLike {
  onstatechange: ((e: unknown) => void) | null = null
  map = new Map<string, FakeInput>()
  get inputs() {
    return this.map
  }
  plug(i: FakeInput) {
    this.map.set(i.id, i)
    this.onstatechange?.({ port: i })
  }
  unplug(id: string) {
    const i = this.map.get(id)!
    i.state = 'disconnected'
    this.onstatechange?.({ port: i })
  }
}

function setup(nav: ConstructorParameters<typeof MidiInputs>[0]) {
  const got: [number[], string][] = []
  const statuses: MidiStatus[] = []
  const m = new MidiInputs(nav, (d, id) => got.push([d, id]), (s) => statuses.push(s))
  return { m, got, statuses }
}

describe('MidiInputs', () => {
  it('explains a browser without Web MIDI and a refusal', async () => {
    const a = setup({})
    await a.m.start()
    expect(a.statuses.map((s) => s.k)).toEqual(['unsupported'])
    expect(describeStatus(a.statuses[0])).toMatch(/computer keyboard/)
    const b = setup({ requestMIDIAccess: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) })
    await b.m.start()
    expect(b.statuses.map((s) => s.k)).toEqual(['asking', 'denied'])
    expect(describeStatus(b.statuses[1])).toMatch(/not allowed/)
    await b.m.start() // asks once only
    expect(b.statuses).toHaveLength(2)
  })
  it('listens to every input, and to inputs plugged in later', async () => {
    const access = new FakeAccess()
    const k1 = new FakeInput('1', 'Keys')
    access.map.set('1', k1)
    const { m, got, statuses } = setup({ requestMIDIAccess: async () => access })
    await m.start()
    expect(statuses.at(-1)).toEqual({ k: 'ready', inputs: ['Keys'] })
    k1.send(0x90, 69, 100)
    const k2 = new FakeInput('2', 'Pads')
    access.plug(k2)
    expect(statuses.at(-1)).toEqual({ k: 'ready', inputs: ['Keys', 'Pads'] })
    k2.send(0xb0, 74, 5)
    k2.send(0xf8) // clock: ignored
    expect(got).toEqual([[[0x90, 69, 100], '1'], [[0xb0, 74, 5], '2']])
  })
  it('releases the notes and pedal of an input that is unplugged', async () => {
    const access = new FakeAccess()
    const k1 = new FakeInput('1', 'Keys')
    access.map.set('1', k1)
    const { m, got, statuses } = setup({ requestMIDIAccess: async () => access })
    await m.start()
    k1.send(0x90, 60, 100)
    k1.send(0x91, 64, 100)
    k1.send(0x80, 60, 0)
    k1.send(0xb0, 64, 127)
    got.length = 0
    access.unplug('1')
    expect(got).toEqual([[[0xb0, 64, 0], '1'], [[0x81, 64, 0], '1']])
    expect(k1.onmidimessage).toBeNull()
    expect(statuses.at(-1)).toEqual({ k: 'ready', inputs: [] })
    // Plugged back in: heard again.
    k1.state = 'connected'
    access.plug(k1)
    k1.send(0x90, 62, 10)
    expect(got.at(-1)).toEqual([[0x90, 62, 10], '1'])
  })
})
