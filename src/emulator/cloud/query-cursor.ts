/** @module A cursor over query tokens with the expect/accept helpers the parser is written in. */
import { badQuery } from './tcb-rejection.js';
import type { Token } from './tokenize-query.js';

export interface QueryCursor {
  peek(offset?: number): Token | undefined;
  next(): Token;
  atEnd(): boolean;
  /** Consumes the punctuation or identifier `text` when it comes next. */
  accept(text: string): boolean;
  expect(text: string): void;
  expectIdent(): string;
  expectString(): string;
  expectNumber(): number;
}

function describe(token: Token | undefined): string {
  if (!token) return 'end of query';
  if (token.kind === 'number') return `${token.value} at ${token.at}`;
  return `${JSON.stringify(token.text)} at ${token.at}`;
}

export function createQueryCursor(tokens: readonly Token[]): QueryCursor {
  let index = 0;
  const peek = (offset = 0) => tokens[index + offset];
  const next = (): Token => {
    const token = tokens[index];
    if (!token) throw badQuery('unexpected end of query');
    index += 1;
    return token;
  };
  const isText = (token: Token | undefined, text: string) =>
    token !== undefined && (token.kind === 'punct' || token.kind === 'ident') && token.text === text;
  const accept = (text: string) => {
    if (!isText(peek(), text)) return false;
    index += 1;
    return true;
  };
  return {
    peek,
    next,
    atEnd: () => index >= tokens.length,
    accept,
    expect: (text) => {
      if (!accept(text)) throw badQuery(`expected ${JSON.stringify(text)}, found ${describe(peek())}`);
    },
    expectIdent: () => {
      const token = next();
      if (token.kind !== 'ident') throw badQuery(`expected a name, found ${describe(token)}`);
      return token.text;
    },
    expectString: () => {
      const token = next();
      if (token.kind !== 'string') throw badQuery(`expected a string, found ${describe(token)}`);
      return token.text;
    },
    expectNumber: () => {
      const negative = accept('-');
      const token = next();
      if (token.kind !== 'number') throw badQuery(`expected a number, found ${describe(token)}`);
      return negative ? -token.value : token.value;
    },
  };
}
