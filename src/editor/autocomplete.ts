/// Autocomplete driven by the node-type table: statement keywords at a line's start, node
/// functions and helpers, the modes and keyword arguments of the call being typed, and the names
/// in scope (nodes, controls, voice parameters, `beat`).

import type { CompletionContext, CompletionResult, Completion } from '@codemirror/autocomplete'
import { snippetCompletion } from '@codemirror/autocomplete'
import { syntaxTree } from '@codemirror/language'
import { NODE_TYPES, NODE_FNS, HELPER_FNS, isNodeFn } from '../language/node-types.ts'
import { definitions, visibleDefinitions, callAt, voiceAt, type Definition } from './scope.ts'
import { fnDocElement, modeWords, signature } from './docs.ts'

const statementSnippets: Completion[] = [
  snippetCompletion('node ${name} = ${expr}', { label: 'node', type: 'keyword', detail: 'node NAME = EXPR', info: 'A named signal; its line gets a live tap.' }),
  snippetCompletion('out = ${expr}', { label: 'out', type: 'keyword', detail: 'out = EXPR', info: 'The output: one per patch and per voice; `out = L, R` for stereo.' }),
  snippetCompletion('knob ${name} = ${0.5} [${0}..${1}]', { label: 'knob', type: 'keyword', detail: 'knob NAME = V [MIN..MAX]', info: 'A knob in the side panel; add `exp` for an exponential curve, `cc N` for MIDI.' }),
  snippetCompletion('fader ${name} = ${0.5} [${0}..${1}]', { label: 'fader', type: 'keyword', detail: 'fader NAME = V [MIN..MAX]', info: 'A fader in the side panel.' }),
  snippetCompletion('step_seq ${name} = [${x . . . x . . .}]', { label: 'step_seq', type: 'keyword', detail: 'step_seq NAME = [x . ...]', info: 'A row of toggles for seq(clock, NAME).' }),
  snippetCompletion('piano_roll ${name} = [${c4 e4 g4 .}]', { label: 'piano_roll', type: 'keyword', detail: 'piano_roll NAME = [NOTE ...]', info: 'Notes per step for poly(voice, NAME).' }),
  snippetCompletion('voice ${name}(freq, gate) {\n\tnode env = adsr(gate, 5ms, 120ms, 0.6, 300ms)\n\tout = osc(${saw}, freq) * env\n}', { label: 'voice', type: 'keyword', detail: 'voice NAME(freq, gate) { ... }', info: 'A sub-patch that poly plays once per note.' }),
  snippetCompletion('bpm ${120}', { label: 'bpm', type: 'keyword', detail: 'bpm N', info: 'Tempo; `beat` is bpm/60 Hz.' }),
]

const voiceStatements = statementSnippets.filter((s) => s.label === 'node' || s.label === 'out')

/// `osc(${wave}, ${freq})`: required arguments become placeholders.
function fnCompletion(fn: string): Completion {
  const required = isNodeFn(fn) ? NODE_TYPES[fn].args.filter((a) => a.default === undefined).map((a) => a.name) : ['x']
  const template = `${fn}(${required.map((a) => '${' + a + '}').join(', ')})`
  return snippetCompletion(template, {
    label: fn,
    type: 'function',
    detail: signature(fn) ?? undefined,
    info: () => fnDocElement(fn) ?? document.createElement('div'),
    boost: isNodeFn(fn) ? 2 : 1,
  })
}

const fnCompletions = [...NODE_FNS, ...HELPER_FNS].map(fnCompletion)

const kindLabels: Record<Definition['kind'], string> = {
  node: 'node', knob: 'knob', fader: 'fader', step_seq: 'step_seq', piano_roll: 'piano_roll', voice: 'voice', param: 'voice parameter',
}

function nameCompletion(d: Definition): Completion {
  return { label: d.name, type: d.kind === 'node' || d.kind === 'param' ? 'variable' : 'constant', detail: kindLabels[d.kind], boost: 3 }
}

const beat: Completion = { label: 'beat', type: 'constant', detail: 'bpm / 60 Hz', boost: 1 }

/// Right after `osc(` or `filter(`, the modes are worth offering before a letter is typed.
function opensModeSlot(ctx: CompletionContext): boolean {
  if (ctx.state.sliceDoc(ctx.pos - 1, ctx.pos) !== '(') return false
  const call = callAt(ctx.state, ctx.pos)
  if (!call || !isNodeFn(call.fn)) return false
  const type = NODE_TYPES[call.fn]
  return call.index === 0 && modeWords(type, type.args[0]).length > 0
}

export function patchCompletions(ctx: CompletionContext): CompletionResult | null {
  const word = ctx.matchBefore(/[A-Za-z_][A-Za-z0-9_]*/)
  if (!word && !ctx.explicit && !opensModeSlot(ctx)) return null
  const from = word ? word.from : ctx.pos
  const state = ctx.state
  const inner = syntaxTree(state).resolveInner(ctx.pos, -1)
  if (inner.name === 'Comment') return null
  const line = state.doc.lineAt(ctx.pos)
  const before = state.sliceDoc(line.from, from)
  const validFor = /^[A-Za-z_][A-Za-z0-9_]*$/

  // A new statement.
  if (/^\s*$/.test(before)) {
    return { from, options: voiceAt(state, from) ? voiceStatements : statementSnippets, validFor }
  }
  // The name a statement defines, or a voice's parameters: free text.
  if (/^\s*(node|knob|fader|step_seq|piano_roll|voice)\s+$/.test(before) || /^\s*voice\s+\w+\s*\([^)]*$/.test(before)) {
    if (/\(/.test(before)) return { from, options: ['freq', 'gate', 'vel'].map((p) => ({ label: p, type: 'variable' })), validFor }
    return null
  }
  // After a control's range: its curve and MIDI mapping.
  if (/^\s*(knob|fader)\b.*\]\s*(\w+\s*)?$/.test(before)) {
    return {
      from,
      options: [
        { label: 'lin', type: 'keyword', detail: 'linear curve' },
        { label: 'exp', type: 'keyword', detail: 'exponential curve' },
        snippetCompletion('cc ${74}', { label: 'cc', type: 'keyword', detail: 'MIDI control change' }),
      ],
      validFor,
    }
  }

  const defs = definitions(state)
  const visible = visibleDefinitions(state, from, defs)
  const options: Completion[] = []
  const call = callAt(state, from)
  let expression = true
  if (call && isNodeFn(call.fn)) {
    const type = NODE_TYPES[call.fn]
    const arg = call.keyword ? type.args.find((a) => a.name === call.keyword) : type.args[call.index]
    if (arg) {
      const words = modeWords(type, arg)
      if (words.length) {
        options.push(...words.map((w) => ({ label: w, type: 'enum', detail: `${call.fn} ${arg.name}`, boost: 5 })))
        expression = false
      } else if (arg.kind === 'voice') {
        options.push(...defs.filter((d) => d.kind === 'voice').map(nameCompletion))
        expression = false
      } else if (arg.kind === 'notes' || arg.kind === 'steps') {
        const kinds = arg.kind === 'notes' ? ['piano_roll'] : ['step_seq', 'piano_roll']
        options.push(...defs.filter((d) => kinds.includes(d.kind)).map(nameCompletion))
        if (arg.kind === 'notes') options.push({ label: 'midi', type: 'keyword', detail: 'notes from MIDI input' })
        expression = false
      }
    }
    if (call.atArgStart && !call.keyword) {
      for (const a of type.args) {
        if (a.default === undefined || call.given.includes(a.name)) continue
        const keyword = snippetCompletion(`${a.name}: \${${a.default}}`, { label: `${a.name}:`, type: 'property', detail: a.doc, boost: 4 })
        options.push(keyword)
      }
    }
  }
  if (expression) {
    options.push(...fnCompletions)
    options.push(...visible.filter((d) => d.kind === 'node' || d.kind === 'knob' || d.kind === 'fader' || d.kind === 'param').map(nameCompletion))
    options.push(beat)
  }
  if (!options.length) return null
  return { from, options, validFor: /^[A-Za-z_][A-Za-z0-9_]*:?$/ }
}
