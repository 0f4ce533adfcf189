/// The shape key: a string equal for two patches exactly when they differ only in values (numbers,
/// control values and ranges, steps, bpm, source positions), so the engine can update a running
/// patch in place. It runs on every keystroke, so it is written character by character into one
/// reused buffer and made a string once at the end. Built from template strings and `+=`, the
/// 200-line bench patch's 15 KB key left about 190 KB of intermediate strings each compile, garbage
/// that brings the next young-generation collection closer (bench/PROFILE.md, Session 18); written
/// here it takes a little longer (Node: 77 against 57 us for that key, 18 against 14 for P1's).

import { NODE_TYPES } from './node-types.ts'
import type { CompiledPatch, Expr, Scope, StepSource } from './patch-data.ts'

let buf = new Uint8Array(1 << 14)
let at = 0
const ascii = new TextDecoder('latin1')

export function shapeKeyOf(patch: CompiledPatch): string {
  at = 0
  for (const c of patch.controls) { put('C'); put(c.kind); put(':'); put(c.name); put(';') }
  for (const v of patch.voices) {
    put('V'); put(v.name); put('(')
    for (let i = 0; i < v.params.length; i++) { if (i) put(','); put(v.params[i]) }
    put(');')
    scope(v)
    put(';')
  }
  put('M;')
  scope(patch.main)
  return ascii.decode(buf.subarray(0, at))
}

function scope(s: Scope): void {
  for (const u of s.units) {
    put('U'); int(u.id); put(':'); put(u.key); put(':'); put(u.fn); put(':'); put(String(u.mode)); put(':')
    put(String(u.voice)); put(':'); int(u.voices); put(':'); steps(u.steps); put(':'); put(u.node); put('{')
    // In the table's order, which is the order the compiler filled `args` in.
    for (const spec of NODE_TYPES[u.fn].args) {
      const a = u.args[spec.name]
      if (a !== undefined) { put(spec.name); put('='); expr(a); put(',') }
    }
    put('};')
  }
  for (const n of s.nodes) { put('N'); put(n.name); put('='); expr(n.expr); put(';') }
  put('O')
  expr(s.out[0])
  put('|')
  if (s.out[0] === s.out[1]) put('=')
  else expr(s.out[1])
}

// A literal list is data the engine swaps in place; only where steps come from is shape.
function steps(s: StepSource | null): void {
  if (s === null) return
  if (s.k === 'control') { put('c:'); put(s.name) } else put(s.k)
}

function expr(e: Expr): void {
  switch (e.k) {
    case 'value': put('#'); int(e.i); return
    case 'node': put('n:'); put(e.name); return
    case 'control': put('c:'); put(e.name); return
    case 'param': put('p:'); put(e.name); return
    case 'beat': put('beat'); return
    case 'op': put('('); expr(e.a); put(e.op); expr(e.b); put(')'); return
    case 'neg': put('-('); expr(e.a); put(')'); return
    case 'helper':
      put(e.fn); put('(')
      for (let i = 0; i < e.args.length; i++) { if (i) put(','); expr(e.args[i]) }
      put(')')
      return
    case 'unit': put('u'); int(e.id); return
  }
}

function room(n: number): void {
  if (at + n <= buf.length) return
  const grown = new Uint8Array(Math.max(buf.length * 2, at + n))
  grown.set(buf.subarray(0, at))
  buf = grown
}

/// Names are ASCII by the grammar (`[a-zA-Z][a-zA-Z0-9_]*`); any other character is written as
/// `~` and its code in hex, a form no name can take, so the key stays ASCII and exact. Most parts
/// are one character of punctuation, written without the loop; in the loop the buffer and the
/// position are locals (as module bindings they were loaded and stored at every character).
function put(s: string): void {
  const n = s.length
  if (at + n > buf.length) room(n)
  if (n === 1) {
    const c = s.charCodeAt(0)
    if (c < 128 && c !== 126) {
      buf[at++] = c
      return
    }
  }
  let b = buf, j = at
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c < 128 && c !== 126) b[j++] = c
    else {
      at = j
      escaped(c)
      room(n - i)
      b = buf
      j = at
    }
  }
  at = j
}

function escaped(c: number): void {
  const hex = c.toString(16)
  room(hex.length + 2)
  buf[at++] = 126 // ~
  for (let i = 0; i < hex.length; i++) buf[at++] = hex.charCodeAt(i)
  buf[at++] = 46 // . ends the code
}

/// A non-negative integer (ids, indices, voice counts) in decimal, as `${i}` writes it.
function int(i: number): void {
  if (!Number.isInteger(i) || i < 0) return put(String(i))
  room(16)
  if (i < 10) { buf[at++] = 48 + i; return }
  let digits = 0
  for (let x = i; x > 0; x = Math.floor(x / 10)) digits++
  for (let k = digits - 1, x = i; k >= 0; k--, x = Math.floor(x / 10)) buf[at + k] = 48 + (x % 10)
  at += digits
}
