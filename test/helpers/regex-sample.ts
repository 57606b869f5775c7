/**
 * A string that a simple regular expression matches: for the media rules of osinfo-db (literals, escapes,
 * classes, groups with alternatives, quantifiers, anchors, one negative look-ahead). Each choice takes the
 * first alternative and the fewest repetitions allowed (one for '+'), classes their first member. The result
 * is checked against the pattern; undefined when the pattern uses something this does not know.
 */
const CLASS_ESCAPES: Record<string, string> = { d: '1', w: 'a', s: ' ', D: 'A', W: '-', S: 'x' };

class Sampler {
  i = 0;
  constructor(readonly p: string) {}

  alternatives(): string {
    const first = this.sequence();
    while (this.p[this.i] === '|') {
      this.i++;
      this.sequence();
    }
    return first;
  }

  sequence(): string {
    let out = '';
    while (this.i < this.p.length && this.p[this.i] !== '|' && this.p[this.i] !== ')') {
      const atom = this.atom();
      out += this.quantified(atom);
    }
    return out;
  }

  quantified(atom: string): string {
    const c = this.p[this.i];
    if (c === '?' || c === '*') {
      this.i++;
      if (this.p[this.i] === '?') this.i++;
      return '';
    }
    if (c === '+') {
      this.i++;
      return atom;
    }
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(this.i));
      if (m) {
        this.i += m[0].length;
        return atom.repeat(Number(m[1]));
      }
    }
    return atom;
  }

  atom(): string {
    const c = this.p[this.i++] as string;
    if (c === '^' || c === '$') return '';
    if (c === '.') return 'X';
    if (c === '\\') return this.escape();
    if (c === '[') return this.charClass();
    if (c === '(') {
      if (this.p.startsWith('?!', this.i)) {
        // A negative look-ahead: skip it; the final check catches a sample it would refuse.
        let depth = 1;
        while (this.i < this.p.length && depth > 0) {
          this.i++;
          if (this.p[this.i] === '\\') this.i++;
          else if (this.p[this.i] === '(') depth++;
          else if (this.p[this.i] === ')') depth--;
        }
        this.i++;
        return '';
      }
      if (this.p.startsWith('?:', this.i)) this.i += 2;
      const inner = this.alternatives();
      if (this.p[this.i] !== ')') throw new Error(`unbalanced group in ${this.p}`);
      this.i++;
      return inner;
    }
    return c;
  }

  escape(): string {
    const c = this.p[this.i++] as string;
    return CLASS_ESCAPES[c] ?? c;
  }

  charClass(): string {
    const negated = this.p[this.i] === '^';
    if (negated) this.i++;
    const members: string[] = [];
    let first = true;
    while (this.i < this.p.length && (this.p[this.i] !== ']' || first)) {
      first = false;
      let c = this.p[this.i++] as string;
      if (c === '\\') c = this.escape();
      if (this.p[this.i] === '-' && this.p[this.i + 1] !== ']' && this.i + 1 < this.p.length) {
        this.i++;
        let to = this.p[this.i++] as string;
        if (to === '\\') to = this.escape();
        for (let k = c.charCodeAt(0); k <= to.charCodeAt(0); k++) members.push(String.fromCharCode(k));
      } else members.push(c);
    }
    this.i++;
    if (!negated) return members[0] ?? 'X';
    for (const cand of 'XQZ0_ -') if (!members.includes(cand)) return cand;
    return '~';
  }
}

export function sampleMatching(pattern: string): string | undefined {
  try {
    const s = new Sampler(pattern).alternatives();
    return new RegExp(pattern).test(s) ? s : undefined;
  } catch {
    return undefined;
  }
}
