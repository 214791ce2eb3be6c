/**
 * chevrotain, loaded from its single-file build. The package entry pulls in lodash-es one
 * module at a time (about 0.6 s at every start of `rubric`); the bundle of the same version
 * loads in about 30 ms. Every module of this project imports chevrotain through this file, so
 * token types and the parser always come from the same instance.
 */
type Chevrotain = typeof import('chevrotain');

async function load(): Promise<Chevrotain> {
  try {
    const entry = import.meta.resolve('chevrotain');
    return (await import(new URL('../chevrotain.mjs', entry).href)) as Chevrotain;
  } catch {
    // Test runners that transform import.meta, or a future layout: the package entry works too.
    return import('chevrotain');
  }
}

const cv = await load();

export const { createToken, createTokenInstance, EmbeddedActionsParser, Lexer, MismatchedTokenException, tokenMatcher } = cv;
export type { IRecognitionException, IToken, TokenType } from 'chevrotain';
