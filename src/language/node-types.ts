/// The one table of node functions. It drives the compiler's argument checks, autocomplete,
/// hover docs, the README's reference and (through the engine's emitters, keyed by the same
/// names) code generation. Add a node function here first; the type checker then points at every
/// place that must learn about it.

/// What an argument accepts.
/// - `signal`: any expression, evaluated per sample.
/// - `mode`: a bare word from the node type's `modes` (first argument) or the arg's `choices`.
/// - `steps`: a `[...]` list or the name of a step_seq / piano_roll.
/// - `notes`: a `[...]` list, a piano_roll name, or `midi`.
/// - `voice`: the name of a voice template.
/// - `count`: a whole number fixed when the patch compiles (changing it rebuilds the graph).
/// - `block`: an expression of numbers, controls and `beat` only, read once per 128-sample block.
export type ArgKind = 'signal' | 'mode' | 'steps' | 'notes' | 'voice' | 'count' | 'block'

export interface ArgSpec {
  readonly name: string
  readonly kind: ArgKind
  /// Default when omitted; an argument without one is required.
  readonly default?: number | string
  /// For `mode` arguments given by keyword (such as noise's `color`): the words allowed.
  readonly choices?: readonly string[]
  /// For `count` arguments: the allowed whole numbers.
  readonly min?: number
  readonly max?: number
  readonly unit?: string
  readonly doc: string
}

export interface NodeType {
  readonly name: NodeFn
  /// For functions whose first argument is a mode word (`osc(saw, ...)`).
  readonly modes?: readonly string[]
  readonly args: readonly ArgSpec[]
  /// Names of the state a unit keeps across reloads (documentation; the engine lays them out).
  readonly state: readonly string[]
  readonly output: string
  readonly doc: string
  readonly example: string
}

export const NODE_FNS = ['osc', 'noise', 'trig', 'seq', 'adsr', 'filter', 'delay', 'poly'] as const
export type NodeFn = (typeof NODE_FNS)[number]

/// The longest delay line; `delay` buffers are allocated at this length so that `time` can move freely.
export const MAX_DELAY_SECONDS = 4
export const MAX_STEPS = 64
export const MAX_VOICES = 64

export const NODE_TYPES: Record<NodeFn, NodeType> = {
  osc: {
    name: 'osc',
    modes: ['sine', 'saw', 'square', 'tri'],
    args: [
      { name: 'wave', kind: 'mode', doc: 'waveform: sine, saw, square or tri' },
      { name: 'freq', kind: 'signal', unit: 'Hz', doc: 'frequency in Hz' },
      { name: 'pw', kind: 'signal', default: 0.5, doc: 'pulse width of square, 0..1' },
    ],
    state: ['phase'],
    output: '-1..1; saw and square band-limited',
    doc: 'Oscillator. Saw and square are band-limited, so high notes stay clean.',
    example: 'osc(saw, a3)',
  },
  noise: {
    name: 'noise',
    args: [{ name: 'color', kind: 'mode', default: 'white', choices: ['white', 'pink'], doc: 'white or pink' }],
    state: ['generator state'],
    output: '-1..1',
    doc: 'Noise generator: white (flat spectrum) or pink (-3 dB per octave).',
    example: 'noise(color: pink)',
  },
  trig: {
    name: 'trig',
    args: [
      { name: 'rate', kind: 'signal', unit: 'Hz', doc: 'pulses per second' },
      { name: 'duty', kind: 'signal', default: 0.5, doc: 'share of each period spent high, 0..1' },
    ],
    state: ['time in period'],
    output: '1 for duty of each period, else 0; the first period starts high at time 0',
    doc: 'Pulse train, the clock of sequencers and envelopes.',
    example: 'trig(beat * 4)',
  },
  seq: {
    name: 'seq',
    args: [
      { name: 'clock', kind: 'signal', doc: 'each rising edge advances one step' },
      { name: 'steps', kind: 'steps', doc: 'a [...] list, or a step_seq or piano_roll name' },
    ],
    state: ['step index', 'last clock'],
    output: 'x passes the clock pulse, . is 0, a number or note is held for its step',
    doc: 'Step sequencer: the first rising clock edge plays the first step, each later one the next.',
    example: 'seq(trig(beat * 4), [x . x x])',
  },
  adsr: {
    name: 'adsr',
    args: [
      { name: 'gate', kind: 'signal', doc: 'attack starts on each rising edge, release on each falling one' },
      { name: 'a', kind: 'signal', default: 0.005, unit: 's', doc: 'attack time in seconds' },
      { name: 'd', kind: 'signal', default: 0.1, unit: 's', doc: 'decay time in seconds' },
      { name: 's', kind: 'signal', default: 0.7, doc: 'sustain level 0..1' },
      { name: 'r', kind: 'signal', default: 0.2, unit: 's', doc: 'release time in seconds' },
    ],
    state: ['stage', 'value', 'last gate'],
    output: '0..1',
    doc: 'Envelope: attack, decay, sustain, release.',
    example: 'adsr(gate, 3ms, 180ms, 0.25, 250ms)',
  },
  filter: {
    name: 'filter',
    modes: ['lp', 'hp', 'bp', 'notch'],
    args: [
      { name: 'mode', kind: 'mode', doc: 'lp, hp, bp or notch' },
      { name: 'input', kind: 'signal', doc: 'the signal to filter' },
      { name: 'cutoff', kind: 'signal', unit: 'Hz', doc: 'cutoff (or centre) frequency in Hz' },
      { name: 'q', kind: 'signal', default: 0.707, doc: 'resonance; 0.707 is flat' },
    ],
    state: ['filter memory'],
    output: 'the filtered signal',
    doc: '2-pole biquad filter; cutoff and q may move every sample and stay stable.',
    example: 'filter(lp, osc(saw, 110), 800, 2)',
  },
  delay: {
    name: 'delay',
    args: [
      { name: 'input', kind: 'signal', doc: 'the signal to delay; may name a node defined through this delay (a feedback loop)' },
      { name: 'time', kind: 'signal', unit: 's', doc: `delay time in seconds, up to ${MAX_DELAY_SECONDS}` },
      { name: 'feedback', kind: 'signal', default: 0, doc: 'share of the output fed back into the line' },
    ],
    state: ['buffer contents', 'write position'],
    output: 'the delayed signal',
    doc: 'Delay line with feedback; the only way to close a loop in the graph.',
    example: 'delay(keys, 0.375, 0.4)',
  },
  poly: {
    name: 'poly',
    args: [
      { name: 'voice', kind: 'voice', doc: 'the voice template to play' },
      { name: 'notes', kind: 'notes', doc: 'a [...] list, a piano_roll name, or midi' },
      { name: 'rate', kind: 'block', default: 'beat', unit: 'Hz', doc: 'steps per second' },
      { name: 'voices', kind: 'count', default: 8, min: 1, max: MAX_VOICES, doc: 'how many voices may sound at once' },
      { name: 'gate', kind: 'block', default: 0.5, doc: 'share of each step a note is held' },
    ],
    state: ['step time', 'step index', "each voice's state"],
    output: 'the sum of the voices',
    doc: 'Polyphony: plays a voice template once per note, stealing the oldest voice when all are busy.',
    example: 'poly(pluck, [c4 e4 g4 _], rate: beat * 2, voices: 6)',
  },
}

/// Stateless helpers usable anywhere in an expression.
export interface HelperType {
  readonly name: HelperFn
  readonly minArgs: number
  readonly maxArgs: number
  readonly signature: string
  readonly doc: string
}

export const HELPER_FNS = ['mix', 'clip', 'tanh', 'abs'] as const
export type HelperFn = (typeof HELPER_FNS)[number]

export const HELPERS: Record<HelperFn, HelperType> = {
  mix: { name: 'mix', minArgs: 1, maxArgs: 64, signature: 'mix(a, b, ...)', doc: 'sum of the inputs (1 to 64) scaled by 1/n' },
  clip: { name: 'clip', minArgs: 3, maxArgs: 3, signature: 'clip(x, lo, hi)', doc: 'x limited to lo..hi' },
  tanh: { name: 'tanh', minArgs: 1, maxArgs: 1, signature: 'tanh(x)', doc: 'soft saturation' },
  abs: { name: 'abs', minArgs: 1, maxArgs: 1, signature: 'abs(x)', doc: 'absolute value' },
}

export const VOICE_PARAMS = ['freq', 'gate', 'vel'] as const
export type VoiceParam = (typeof VOICE_PARAMS)[number]

export const CONTROL_KINDS = ['knob', 'fader', 'step_seq', 'piano_roll'] as const
export type ControlKind = (typeof CONTROL_KINDS)[number]

/// Words with a meaning of their own, which cannot name a node or control.
export const RESERVED = ['bpm', 'node', 'out', 'knob', 'fader', 'step_seq', 'piano_roll', 'voice', 'beat', 'midi'] as const

const NODE_FN_SET: ReadonlySet<string> = new Set(NODE_FNS)
const HELPER_FN_SET: ReadonlySet<string> = new Set(HELPER_FNS)

export function isNodeFn(name: string): name is NodeFn {
  return NODE_FN_SET.has(name)
}

export function isHelperFn(name: string): name is HelperFn {
  return HELPER_FN_SET.has(name)
}
