// A small OData $filter compiler for the clauses directory queries use: eq/ne/gt/ge/lt/le, in,
// and/or/not, parentheses, startswith/endswith and lambda any() on collections such as tags.
import { GraphFailure, unknownProperty, unsupportedQuery } from './errors.js';
import type { EntitySchema } from './schema.js';

/** A compiled $filter: true when the object matches. */
export type Predicate = (entity: Record<string, unknown>) => boolean;

type Literal = string | number | boolean | null;
interface Scope {
  variable?: string;
  element?: unknown;
}
type Node = (entity: Record<string, unknown>, scope: Scope) => boolean;

const TOKEN =
  /\s*('(?:[^']|'')*'|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|-?\d+(?:\.\d+)?|[A-Za-z_$@][\w./$@]*|[(),:])/y;
const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

/** Compiles `text` for `schema`; throws Graph's 400 for syntax errors and unsupported properties. */
export function compileFilter(text: string, schema: EntitySchema): Predicate {
  const parser = new FilterParser(tokenize(text), schema);
  const node = parser.parseExpression();
  parser.expectEnd();
  return (entity) => node(entity, {});
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const match = TOKEN.exec(text);
    if (!match) throw invalidFilter(`syntax error at position ${TOKEN.lastIndex} in '${text}'.`);
    tokens.push(match[1]);
  }
  return tokens;
}

function invalidFilter(detail: string): GraphFailure {
  return new GraphFailure(400, 'BadRequest', `Invalid filter clause: ${detail}`);
}

class FilterParser {
  private position = 0;
  private variable: string | undefined;

  constructor(
    private readonly tokens: string[],
    private readonly schema: EntitySchema,
  ) {}

  parseExpression(): Node {
    let left = this.parseAnd();
    while (this.peekKeyword('or')) {
      this.position += 1;
      const [a, b] = [left, this.parseAnd()];
      left = (e, s) => a(e, s) || b(e, s);
    }
    return left;
  }

  expectEnd(): void {
    if (this.position < this.tokens.length)
      throw invalidFilter(`unexpected '${this.tokens[this.position]}'.`);
  }

  private parseAnd(): Node {
    let left = this.parseUnary();
    while (this.peekKeyword('and')) {
      this.position += 1;
      const [a, b] = [left, this.parseUnary()];
      left = (e, s) => a(e, s) && b(e, s);
    }
    return left;
  }

  private parseUnary(): Node {
    if (this.peekKeyword('not')) {
      this.position += 1;
      const inner = this.parseUnary();
      return (e, s) => !inner(e, s);
    }
    if (this.peek() === '(') {
      this.position += 1;
      const inner = this.parseExpression();
      this.expect(')');
      return inner;
    }
    const name = this.next();
    if (/^(startswith|endswith)$/i.test(name)) return this.parseStringFunction(name.toLowerCase());
    if (/\/(any|all)$/i.test(name)) return this.parseLambda(name);
    return this.parseComparison(name);
  }

  private parseStringFunction(name: string): Node {
    this.expect('(');
    const read = this.parseOperand(this.next());
    this.expect(',');
    const literal = this.parseLiteral();
    this.expect(')');
    if (typeof literal !== 'string') throw invalidFilter(`${name} expects a string literal.`);
    const prefix = literal.toLowerCase();
    return (e, s) => {
      const value = read(e, s);
      if (typeof value !== 'string') return false;
      return name === 'startswith'
        ? value.toLowerCase().startsWith(prefix)
        : value.toLowerCase().endsWith(prefix);
    };
  }

  private parseLambda(name: string): Node {
    const [path, kind] = [
      name.slice(0, name.lastIndexOf('/')),
      name.slice(name.lastIndexOf('/') + 1).toLowerCase(),
    ];
    const read = this.parseOperand(path);
    this.expect('(');
    const variable = this.next();
    this.expect(':');
    const outer = this.variable;
    this.variable = variable;
    const body = this.parseExpression();
    this.variable = outer;
    this.expect(')');
    return (e, s) => {
      const items = read(e, s);
      if (!Array.isArray(items)) return false;
      const test = (item: unknown) => body(e, { variable, element: item });
      return kind === 'any' ? items.some(test) : items.every(test);
    };
  }

  private parseComparison(name: string): Node {
    const read = this.parseOperand(name);
    const operator = this.next().toLowerCase();
    if (operator === 'in') {
      const values = this.parseLiteralList();
      return (e, s) => values.some((v) => equals(read(e, s), v));
    }
    if (!COMPARISONS.has(operator)) throw invalidFilter(`unsupported operator '${operator}'.`);
    const literal = this.parseLiteral();
    return (e, s) => compare(operator, read(e, s), literal);
  }

  /** A property path of the entity, or the lambda variable (optionally with a sub-path). */
  private parseOperand(path: string): (entity: Record<string, unknown>, scope: Scope) => unknown {
    const [head, ...rest] = path.split('/');
    if (this.variable && head === this.variable) {
      return (_e, s) =>
        rest.reduce<unknown>((v, key) => (v as Record<string, unknown> | null)?.[key], s.element);
    }
    if (!this.schema.properties.has(head)) throw unknownProperty(head, this.schema.type);
    if (!this.schema.filterable.has(head)) {
      const resource = this.schema.type.charAt(0).toUpperCase() + this.schema.type.slice(1);
      throw unsupportedQuery(
        `Unsupported or invalid query filter clause specified for property '${head}' of resource '${resource}'.`,
      );
    }
    return (e) =>
      [head, ...rest].reduce<unknown>((v, key) => (v as Record<string, unknown> | null)?.[key], e);
  }

  private parseLiteralList(): Literal[] {
    this.expect('(');
    const values = [this.parseLiteral()];
    while (this.peek() === ',') {
      this.position += 1;
      values.push(this.parseLiteral());
    }
    this.expect(')');
    return values;
  }

  private parseLiteral(): Literal {
    const token = this.next();
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    if (/^(true|false)$/i.test(token)) return token.toLowerCase() === 'true';
    if (/^null$/i.test(token)) return null;
    if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
    if (/^[0-9a-f]{8}-/i.test(token)) return token;
    throw invalidFilter(`'${token}' is not a literal.`);
  }

  private peek(): string | undefined {
    return this.tokens[this.position];
  }

  private peekKeyword(keyword: string): boolean {
    return this.peek()?.toLowerCase() === keyword;
  }

  private next(): string {
    const token = this.tokens[this.position];
    if (token === undefined) throw invalidFilter('unexpected end of the expression.');
    this.position += 1;
    return token;
  }

  private expect(token: string): void {
    if (this.next() !== token) throw invalidFilter(`expected '${token}'.`);
  }
}

function equals(value: unknown, literal: Literal): boolean {
  // Directory string comparisons are case-insensitive.
  if (typeof value === 'string' && typeof literal === 'string')
    return value.toLowerCase() === literal.toLowerCase();
  return (value ?? null) === literal;
}

function compare(operator: string, value: unknown, literal: Literal): boolean {
  if (operator === 'eq') return equals(value, literal);
  if (operator === 'ne') return !equals(value, literal);
  if (value === null || value === undefined || literal === null) return false;
  const [a, b] =
    typeof value === 'string'
      ? [value.toLowerCase(), String(literal).toLowerCase()]
      : [value as number, literal as number];
  if (operator === 'gt') return a > b;
  if (operator === 'ge') return a >= b;
  if (operator === 'lt') return a < b;
  return a <= b;
}
