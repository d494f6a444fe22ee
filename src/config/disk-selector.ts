// Disk selectors as Talos writes them (`provisioning.diskSelector.match`, a CEL expression over `disk`
// and `system_disk`): the part of CEL these use, parsed and evaluated here. Literals (numbers with an
// optional `u`, strings, booleans), the size units (`10u * GiB`, `120u * GB`), field access
// (`disk.transport`), `!`, `-`, `* / %`, `+ -`, comparisons, `in` over lists, `&&`, `||`, `? :`, and
// the functions `glob(pattern, s)`, `s.startsWith(x)`, `s.endsWith(x)`, `s.contains(x)`, `size(x)`.
// A malformed expression is a DiskSelectorError when it is parsed (a config is refused then).

export class DiskSelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiskSelectorError';
  }
}

const UNITS: Record<string, number> = {
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
  PiB: 2 ** 50,
  EiB: 2 ** 60,
  kB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  PB: 1e15,
  EB: 1e18,
};

type Token =
  { k: 'num'; v: number } | { k: 'str'; v: string } | { k: 'id'; v: string } | { k: 'op'; v: string };

const OPS = [
  '&&',
  '||',
  '==',
  '!=',
  '<=',
  '>=',
  '<',
  '>',
  '!',
  '-',
  '+',
  '*',
  '/',
  '%',
  '(',
  ')',
  '[',
  ']',
  ',',
  '.',
  '?',
  ':',
];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(\d+(?:\.\d+)?)u?/.exec(src.slice(i));
    if (num) {
      out.push({ k: 'num', v: Number(num[1]) });
      i += num[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        s += src[j];
        j++;
      }
      if (j >= src.length) throw new DiskSelectorError(`unterminated string in ${JSON.stringify(src)}`);
      out.push({ k: 'str', v: s });
      i = j + 1;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      out.push({ k: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new DiskSelectorError(`unexpected ${JSON.stringify(c)} in ${JSON.stringify(src)}`);
    out.push({ k: 'op', v: op });
    i += op.length;
  }
  return out;
}

type Node =
  | { t: 'lit'; v: unknown }
  | { t: 'var'; name: string }
  | { t: 'list'; items: Node[] }
  | { t: 'member'; obj: Node; name: string }
  | { t: 'call'; name: string; target?: Node; args: Node[] }
  | { t: 'unary'; op: string; arg: Node }
  | { t: 'binary'; op: string; a: Node; b: Node }
  | { t: 'cond'; test: Node; yes: Node; no: Node };

const BINARY: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 3,
  '<=': 3,
  '>': 3,
  '>=': 3,
  in: 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
};

class Parser {
  private i = 0;
  constructor(
    private readonly toks: Token[],
    private readonly src: string,
  ) {}

  fail(msg: string): never {
    throw new DiskSelectorError(`${msg} in ${JSON.stringify(this.src)}`);
  }

  peek(): Token | undefined {
    return this.toks[this.i];
  }

  isOp(v: string): boolean {
    const t = this.peek();
    return t !== undefined && (t.k === 'op' || t.k === 'id') && t.v === v;
  }

  expect(v: string): void {
    if (!this.isOp(v)) this.fail(`expected ${v}`);
    this.i++;
  }

  parse(): Node {
    const n = this.expr();
    if (this.i < this.toks.length) this.fail('unexpected trailing input');
    return n;
  }

  expr(): Node {
    const test = this.binary(1);
    if (!this.isOp('?')) return test;
    this.i++;
    const yes = this.expr();
    this.expect(':');
    return { t: 'cond', test, yes, no: this.expr() };
  }

  binary(min: number): Node {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      const prec = t && (t.k === 'op' || t.k === 'id') ? BINARY[t.v] : undefined;
      if (!t || prec === undefined || prec < min) return left;
      this.i++;
      left = { t: 'binary', op: String(t.v), a: left, b: this.binary(prec + 1) };
    }
  }

  unary(): Node {
    if (this.isOp('!') || this.isOp('-')) {
      const op = this.toks[this.i++]!.v as string;
      return { t: 'unary', op, arg: this.unary() };
    }
    return this.postfix(this.primary());
  }

  args(): Node[] {
    const out: Node[] = [];
    this.expect('(');
    while (!this.isOp(')')) {
      out.push(this.expr());
      if (!this.isOp(')')) this.expect(',');
    }
    this.expect(')');
    return out;
  }

  postfix(n: Node): Node {
    while (this.isOp('.')) {
      this.i++;
      const t = this.toks[this.i++];
      if (t?.k !== 'id') this.fail('expected a field name');
      n = this.isOp('(')
        ? { t: 'call', name: t.v, target: n, args: this.args() }
        : { t: 'member', obj: n, name: t.v };
    }
    return n;
  }

  primary(): Node {
    const t = this.toks[this.i++];
    if (!t) return this.fail('unexpected end');
    if (t.k === 'num' || t.k === 'str') return { t: 'lit', v: t.v };
    if (t.k === 'id') {
      if (t.v === 'true' || t.v === 'false') return { t: 'lit', v: t.v === 'true' };
      if (this.isOp('(')) return { t: 'call', name: t.v, args: this.args() };
      return { t: 'var', name: t.v };
    }
    if (t.v === '(') {
      const n = this.expr();
      this.expect(')');
      return n;
    }
    if (t.v === '[') {
      const items: Node[] = [];
      while (!this.isOp(']')) {
        items.push(this.expr());
        if (!this.isOp(']')) this.expect(',');
      }
      this.expect(']');
      return { t: 'list', items };
    }
    return this.fail(`unexpected ${t.v}`);
  }
}

/** A glob with `*` and `?`, as go-glob matches. */
function glob(pattern: string, s: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 's').test(s);
}

type Env = Readonly<Record<string, unknown>>;

function evaluate(n: Node, env: Env): unknown {
  switch (n.t) {
    case 'lit':
      return n.v;
    case 'var':
      if (n.name in UNITS) return UNITS[n.name];
      if (!(n.name in env)) throw new DiskSelectorError(`undeclared reference to ${n.name}`);
      return env[n.name];
    case 'list':
      return n.items.map((x) => evaluate(x, env));
    case 'member': {
      const o = evaluate(n.obj, env);
      if (typeof o !== 'object' || o === null) throw new DiskSelectorError(`no field ${n.name}`);
      const v = (o as Record<string, unknown>)[n.name];
      return v ?? defaultFor(n.name);
    }
    case 'call':
      return call(n, env);
    case 'unary': {
      const v = evaluate(n.arg, env);
      return n.op === '!' ? !truthy(v) : -(v as number);
    }
    case 'cond':
      return truthy(evaluate(n.test, env)) ? evaluate(n.yes, env) : evaluate(n.no, env);
    case 'binary':
      return binaryOp(n.op, n.a, n.b, env);
  }
}

/** Protobuf defaults: an unset string field is '', a number 0, a bool false, a list empty. */
function defaultFor(name: string): unknown {
  if (['size', 'io_size', 'sector_size'].includes(name)) return 0;
  if (['readonly', 'cdrom', 'rotational'].includes(name)) return false;
  if (['secondary_disks', 'symlinks'].includes(name)) return [];
  return '';
}

const truthy = (v: unknown): boolean => {
  if (typeof v !== 'boolean') throw new DiskSelectorError('expected a boolean');
  return v;
};

function call(n: Extract<Node, { t: 'call' }>, env: Env): unknown {
  const args = n.args.map((a) => evaluate(a, env));
  const target = n.target && evaluate(n.target, env);
  const s = typeof target === 'string' ? target : '';
  switch (n.name) {
    case 'glob':
      return glob(String(args[0]), String(args[1]));
    case 'startsWith':
      return s.startsWith(String(args[0]));
    case 'endsWith':
      return s.endsWith(String(args[0]));
    case 'contains':
      return s.includes(String(args[0]));
    case 'matches':
      return new RegExp(String(args[0])).test(s);
    case 'size': {
      const v = n.target ? target : args[0];
      return Array.isArray(v) || typeof v === 'string' ? v.length : 0;
    }
    default:
      throw new DiskSelectorError(`unknown function ${n.name}`);
  }
}

function binaryOp(op: string, an: Node, bn: Node, env: Env): unknown {
  if (op === '&&') return truthy(evaluate(an, env)) && truthy(evaluate(bn, env));
  if (op === '||') return truthy(evaluate(an, env)) || truthy(evaluate(bn, env));
  const a = evaluate(an, env);
  const b = evaluate(bn, env);
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case 'in':
      return Array.isArray(b) && b.includes(a);
    case '<':
      return (a as number) < (b as number);
    case '<=':
      return (a as number) <= (b as number);
    case '>':
      return (a as number) > (b as number);
    case '>=':
      return (a as number) >= (b as number);
    case '+':
      return typeof a === 'string' ? a + String(b) : (a as number) + (b as number);
    case '-':
      return (a as number) - (b as number);
    case '*':
      return (a as number) * (b as number);
    case '/':
      return Math.trunc((a as number) / (b as number));
    case '%':
      return (a as number) % (b as number);
  }
  throw new DiskSelectorError(`unknown operator ${op}`);
}

export interface DiskSelector {
  readonly source: string;
  /** Whether the disk matches (`disk` fields as Talos's DiskSpec YAML, `system_disk` a boolean). */
  matches(vars: { disk: Readonly<Record<string, unknown>>; system_disk: boolean }): boolean;
}

/** Parses a selector; throws DiskSelectorError when it is not one. */
export function parseDiskSelector(source: string): DiskSelector {
  const ast = new Parser(tokenize(source), source).parse();
  return {
    source,
    matches: (vars) => {
      const v = evaluate(ast, vars);
      if (typeof v !== 'boolean') throw new DiskSelectorError(`${JSON.stringify(source)} is not a boolean`);
      return v;
    },
  };
}
