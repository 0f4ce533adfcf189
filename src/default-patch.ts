/// The patch a first visit opens with: short, musical, and touching each feature (controls for the
/// panel, a voice played by poly, sequencer rows, a delay, taps on every node line).

export const DEFAULT_PATCH = `# Tapline: every edit you make is heard at once. Ctrl+Enter plays, Ctrl+. stops.
# Alt-drag a number to sweep it; hover a function for its reference.
bpm 112

knob       cutoff = 1400 [100..8000] exp
knob       reso   = 3 [0.7..12]
fader      level  = 0.8 [0..1]
step_seq   kicks  = [x . . . x . . . x . . . x . x .]
step_seq   hats   = [. . x . . . x x . . x . . . x .]
piano_roll chords = [a3+c4+e4 _ . . f3+a3+c4 _ . . c4+e4+g4 _ . . g3+b3+d4 _ . e4]

voice pad(freq, gate) {
  node env = adsr(gate, 8ms, 250ms, 0.5, 400ms)
  out = filter(lp, osc(saw, freq) + osc(saw, freq * 1.005), 200 + env * cutoff, reso) * env
}

node clock = trig(beat * 4, duty: 0.25)
node kenv  = adsr(seq(clock, kicks), 1ms, 200ms, 0, 40ms)
node kick  = osc(sine, 45 + kenv * kenv * 160) * kenv
node hat   = filter(hp, noise(), 8000) * adsr(seq(clock, hats), 1ms, 35ms, 0, 10ms)
node keys  = poly(pad, chords, rate: beat * 2, voices: 8)
node echo  = delay(keys, 0.402, 0.35)
out = tanh(kick + (keys + echo * 0.4) * 0.35 + hat * 0.2) * level
`
