/// A fast path for `compile(text)` when no parse tree is given (the command line, the renderer,
/// the benchmark): a recursive-descent reader that builds, for a patch without syntax errors, the
/// same `Syn` tree that `syntaxOf(parser.parse(text))` gives, in a fraction of Lezer's time and
/// allocation. It gives up (returns null) at anything it is not sure of: any syntax error, any
/// character outside the plain forms below, very long operator chains or deep nesting (where
/// Lezer's LR parser reshapes trees to bound their depth). The caller then parses with Lezer, so
/// the grammar (`grammar/patch.grammar`) stays the definition of the syntax and of every syntax
/// error; `test/unit/reader.test.ts` checks on thousands of mutated patches that whatever this
/// reads, Lezer reads the same way.

import { Syn } from './syntax.ts'

const KEYWORDS = new Set(['bpm', 'node', 'out', 'knob', 'fader', 'step_seq', 'piano_roll', 'voice'])
const NO_KIDS: readonly Syn[] = []
/// Limits well inside Lezer's own (300 reductions starting at one place, 8400 stack entries).
const MAX_DEPTH = 200
const MAX_CHAIN = 200

// Token kinds: a punctuation token is its own text.
const NAME = 'Name'
const NUMBER = 'Number'
const NOTE = 'Note'
const KEYWORD = 'kw'
const COMMENT = 'Comment'
const NEWLINE = 'nl'
const END = 'end'

class GiveUp extends Error {}
const giveUp = new GiveUp()

const NUMBER_RE = /(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[a-zA-Z]*/y
const NOTE_RE = /[a-gA-G](?:#-?[0-9]|b?-1)/y
const NAME_RE = /[a-zA-Z][a-zA-Z0-9_]*/y

/// The tree of `text` if it reads plainly, else null (then parse with Lezer).
export function readSyntax(text: string): Syn | null {
  try {
    return new Reader(text).patch()
  } catch (e) {
    if (e === giveUp) return null
    throw e
  }
}

class Reader {
  /// The current token: kind, start, end.
  kind = END
  from = 0
  to = 0
  /// Where the next token starts being looked for.
  private pos = 0
  private depth = 0

  constructor(private text: string) {
    this.next(false)
  }

  /// Reads the token at `pos`. In a list, `.` is a rest (or starts a number such as `.5`); in a
  /// range, `..` is the separator; elsewhere a `.` must start a number.
  next(inList: boolean, inRange = false): void {
    const t = this.text
    let i = this.pos
    while (i < t.length && (t.charCodeAt(i) === 32 || t.charCodeAt(i) === 9)) i++
    this.from = i
    if (i >= t.length) return this.token(END, i)
    const c = t.charCodeAt(i)
    if (c === 10) return this.token(NEWLINE, i + 1)
    if (c === 35) {
      // `#`: a comment runs to the end of the line. One right after a word (`c#x`) is left to Lezer.
      if (i > 0 && !isBlank(t.charCodeAt(i - 1))) throw giveUp
      const end = t.indexOf('\n', i)
      return this.token(COMMENT, end < 0 ? t.length : end)
    }
    if (isLetter(c)) {
      NOTE_RE.lastIndex = i
      if (NOTE_RE.test(t)) return this.token(NOTE, NOTE_RE.lastIndex)
      NAME_RE.lastIndex = i
      NAME_RE.test(t)
      const end = NAME_RE.lastIndex
      return this.token(KEYWORDS.has(t.slice(i, end)) ? KEYWORD : NAME, end)
    }
    const d = t.charCodeAt(i + 1)
    if ((c >= 48 && c <= 57) || (c === 46 && d >= 48 && d <= 57)) {
      NUMBER_RE.lastIndex = i
      NUMBER_RE.test(t)
      return this.token(NUMBER, NUMBER_RE.lastIndex)
    }
    if (c === 46) {
      if (inRange && d === 46) return this.token('..', i + 2)
      if (inList) return this.token('Rest', i + 1)
      throw giveUp
    }
    if (c === 95) {
      if (inList) return this.token('Tie', i + 1)
      throw giveUp
    }
    const ch = t[i]
    if ('()[]{},;:=+-*/'.includes(ch)) return this.token(ch, i + 1)
    throw giveUp
  }

  /// Whether the current token is of `kind` (a method, so that TypeScript does not narrow
  /// `kind` across the calls that move to the next token).
  private at(kind: string): boolean {
    return this.kind === kind
  }

  private token(kind: string, to: number): void {
    this.kind = kind
    this.to = to
    this.pos = to
  }

  private leaf(type: string): Syn {
    return new Syn(type, this.from, this.to, NO_KIDS)
  }

  /// Consumes a token of `kind` (or gives up); returns where it started.
  private expect(kind: string): number {
    if (this.kind !== kind) throw giveUp
    const from = this.from
    this.next(false)
    return from
  }

  private name(): Syn {
    if (!this.at(NAME)) throw giveUp
    const n = this.leaf(NAME)
    this.next(false)
    return n
  }

  patch(): Syn {
    const kids: Syn[] = []
    this.statements(kids, false)
    if (!this.at(END)) throw giveUp
    return new Syn('Patch', 0, this.text.length, kids)
  }

  /// Statements separated by newlines or `;`, with comments between them, up to the end of the
  /// text or (in a voice body) a `}`.
  private statements(kids: Syn[], body: boolean): void {
    let needSep = false
    for (;;) {
      const k = this.kind
      if (k === NEWLINE || k === ';') {
        needSep = false
        this.next(false)
      } else if (k === COMMENT) {
        kids.push(this.leaf(COMMENT))
        this.next(false)
      } else if (k === END || (body && k === '}')) {
        return
      } else if (k === KEYWORD && !needSep) {
        kids.push(this.statement(body))
        needSep = true
      } else throw giveUp
    }
  }

  private statement(body: boolean): Syn {
    const from = this.from
    const word = this.text.slice(this.from, this.to)
    if (body && word !== 'node' && word !== 'out') throw giveUp
    this.next(false)
    switch (word) {
      case 'bpm': {
        const e = this.expr()
        return new Syn('Bpm', from, e.to, [e])
      }
      case 'node': {
        const n = this.name()
        this.expect('=')
        const e = this.expr()
        return new Syn('NodeDef', from, e.to, [n, e])
      }
      case 'out': {
        this.expect('=')
        const l = this.expr()
        if (!this.at(',')) return new Syn('OutDef', from, l.to, [l])
        this.next(false)
        const r = this.expr()
        return new Syn('OutDef', from, r.to, [l, r])
      }
      case 'knob':
      case 'fader': {
        const kids = [this.name()]
        this.expect('=')
        kids.push(this.expr())
        kids.push(this.range())
        if (this.at(NAME)) {
          const word = this.leaf(NAME)
          this.next(false)
          if (this.at(NUMBER)) kids.push(this.midiMap(word))
          else {
            kids.push(new Syn('Curve', word.from, word.to, [word]))
            if (this.at(NAME)) {
              const cc = this.leaf(NAME)
              this.next(false)
              kids.push(this.midiMap(cc))
            }
          }
        }
        return new Syn(word === 'knob' ? 'KnobDecl' : 'FaderDecl', from, kids[kids.length - 1].to, kids)
      }
      case 'step_seq':
      case 'piano_roll': {
        const n = this.name()
        if (!this.at('=')) throw giveUp
        this.next(true)
        const list = this.list()
        return new Syn(word === 'step_seq' ? 'StepSeqDecl' : 'PianoRollDecl', from, list.to, [n, list])
      }
      case 'voice': {
        const n = this.name()
        const params = this.params()
        const bodyFrom = this.expect('{')
        const kids: Syn[] = []
        this.statements(kids, true)
        const to = this.to
        this.expect('}')
        return new Syn('VoiceDef', from, to, [n, params, new Syn('Body', bodyFrom, to, kids)])
      }
    }
    throw giveUp
  }

  private midiMap(word: Syn): Syn {
    if (!this.at(NUMBER)) throw giveUp
    const num = this.leaf(NUMBER)
    this.next(false)
    return new Syn('MidiMap', word.from, num.to, [word, num])
  }

  private range(): Syn {
    const from = this.expect('[')
    const min = this.expr(true)
    this.expect('..')
    const max = this.expr()
    const to = this.to
    this.expect(']')
    return new Syn('Range', from, to, [min, max])
  }

  private params(): Syn {
    const from = this.expect('(')
    const kids: Syn[] = []
    if (!this.at(')')) {
      kids.push(this.name())
      while (this.at(',')) {
        this.next(false)
        kids.push(this.name())
      }
    }
    const to = this.to
    this.expect(')')
    return new Syn('ParamList', from, to, kids)
  }

  /// `inRange`: the expression is a range's min, so a `..` may follow it.
  private expr(inRange = false): Syn {
    if (++this.depth > MAX_DEPTH) throw giveUp
    let left = this.term(inRange)
    let chain = 0
    while (this.at('+') || this.at('-')) {
      if (++chain > MAX_CHAIN) throw giveUp
      const op = this.leaf('ArithOp')
      this.next(false)
      const right = this.term(inRange)
      left = new Syn('BinaryExpr', left.from, right.to, [left, op, right])
    }
    this.depth--
    return left
  }

  private term(inRange: boolean): Syn {
    let left = this.unary(inRange)
    let chain = 0
    while (this.at('*') || this.at('/')) {
      if (++chain > MAX_CHAIN) throw giveUp
      const op = this.leaf('ArithOp')
      this.next(false)
      const right = this.unary(inRange)
      left = new Syn('BinaryExpr', left.from, right.to, [left, op, right])
    }
    return left
  }

  private unary(inRange: boolean): Syn {
    if (!this.at('-')) return this.primary(inRange)
    if (++this.depth > MAX_DEPTH) throw giveUp
    const op = this.leaf('ArithOp')
    this.next(false)
    const operand = this.unary(inRange)
    this.depth--
    return new Syn('UnaryExpr', op.from, operand.to, [op, operand])
  }

  private primary(inRange: boolean): Syn {
    switch (this.kind) {
      case NUMBER:
      case NOTE: {
        const n = this.leaf(this.kind)
        this.next(false, inRange)
        return n
      }
      case NAME: {
        const n = this.leaf(NAME)
        this.next(false, inRange)
        if (!this.at('(')) return n
        const args = this.args(inRange)
        return new Syn('Call', n.from, args.to, [n, args])
      }
      case '(': {
        if (++this.depth > MAX_DEPTH) throw giveUp
        const from = this.from
        this.next(false)
        const inner = this.expr()
        const to = this.to
        if (!this.at(')')) throw giveUp
        this.next(false, inRange)
        this.depth--
        return new Syn('ParenExpr', from, to, [inner])
      }
      case '[': {
        // A list as an expression (the compiler reports it unless it is seq's steps or poly's notes).
        const from = this.from
        this.next(true)
        return this.listRest(from, inRange)
      }
    }
    throw giveUp
  }

  private args(inRange: boolean): Syn {
    if (++this.depth > MAX_DEPTH) throw giveUp
    const from = this.expect('(')
    const kids: Syn[] = []
    if (!this.at(')')) {
      for (;;) {
        kids.push(this.arg())
        if (!this.at(',')) break
        this.next(false)
      }
    }
    const to = this.to
    if (!this.at(')')) throw giveUp
    this.next(false, inRange)
    this.depth--
    return new Syn('ArgList', from, to, kids)
  }

  private arg(): Syn {
    if (this.at(NAME)) {
      // `name: value` needs one token of lookahead past the name: read it, and if it is not
      // `:`, go back to the name.
      const n = this.leaf(NAME)
      this.next(false)
      if (this.at(':')) {
        this.next(false)
        const e = this.expr()
        return new Syn('KeywordArg', n.from, e.to, [n, e])
      }
      this.pos = n.from
      this.next(false)
    }
    return this.expr()
  }

  /// A list whose `[` is the current token, read in list mode.
  private list(): Syn {
    if (!this.at('[')) throw giveUp
    const from = this.from
    this.next(true)
    return this.listRest(from, false)
  }

  /// The items and `]` of a list whose `[` is at `from`; the current token is the first item.
  private listRest(from: number, inRange: boolean): Syn {
    const kids: Syn[] = []
    for (;;) {
      const k = this.kind
      if (k === ']') break
      if (k === 'Rest' || k === 'Tie' || k === NUMBER) {
        kids.push(this.leaf(k))
        this.next(true)
        continue
      }
      if (k !== NAME && k !== NOTE) throw giveUp
      const first = this.leaf(k)
      this.next(true)
      if (!this.at('+')) {
        kids.push(first)
        continue
      }
      const notes = [first]
      while (this.at('+')) {
        this.next(true)
        if (!this.at(NAME) && !this.at(NOTE)) throw giveUp
        notes.push(this.leaf(this.kind))
        this.next(true)
      }
      kids.push(new Syn('Chord', first.from, notes[notes.length - 1].to, notes))
    }
    const to = this.to
    this.next(false, inRange)
    return new Syn('List', from, to, kids)
  }
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10
}
