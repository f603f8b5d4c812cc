import { describe, expect, it } from 'vitest';
import { convertRanks, parseRanks } from './tiktoken-vocabulary';
import { buildTestTokenizer, gpt2ByteToUnicode, SPECIAL_TOKENS, TOKEN_TYPE } from './tokenizer';

describe('buildTestTokenizer', () => {
  const tokenizer = buildTestTokenizer();

  it('starts with the 256 GPT-2 byte tokens in GPT-2 order', () => {
    const byteTokens = tokenizer.tokens.slice(0, 256);
    expect(new Set(byteTokens).size).toBe(256);
    expect(byteTokens[0]).toBe('!'); // GPT-2 id 0
    expect(gpt2ByteToUnicode().get(0x20)).toBe('Ġ');
    expect(gpt2ByteToUnicode().get(0x0a)).toBe('Ċ');
  });

  it('has merges whose parts and results are all tokens', () => {
    const vocabulary = new Set(tokenizer.tokens);
    expect(tokenizer.merges.length).toBeGreaterThanOrEqual(30);
    for (const merge of tokenizer.merges) {
      const [left, right, ...rest] = merge.split(' ');
      expect(rest).toEqual([]);
      expect(vocabulary.has(left!) && vocabulary.has(right!) && vocabulary.has(left! + right!)).toBe(true);
    }
    expect(tokenizer.tokens).toContain('Ġthe');
  });

  it('ends with ChatML control tokens and uses <|im_end|> for EOS/EOT', () => {
    expect(tokenizer.tokens.length).toBeGreaterThan(280);
    expect(tokenizer.tokens.length).toBeLessThan(350);
    expect(tokenizer.tokens.slice(-3)).toEqual([...SPECIAL_TOKENS]);
    expect(tokenizer.tokenTypes.slice(-3)).toEqual([TOKEN_TYPE.control, TOKEN_TYPE.control, TOKEN_TYPE.control]);
    expect(tokenizer.tokens[tokenizer.eosTokenId]).toBe('<|im_end|>');
    expect(tokenizer.tokens[tokenizer.eotTokenId]).toBe('<|im_end|>');
    expect(tokenizer.tokens[tokenizer.bosTokenId]).toBe('<|endoftext|>');
  });

  it('pads the vocabulary with normal tokens after the special tokens', () => {
    const padded = buildTestTokenizer({ vocabPadTo: 400 });
    expect(padded.tokens).toHaveLength(400);
    expect(padded.tokens.slice(0, tokenizer.tokens.length)).toEqual(tokenizer.tokens);
    expect(padded.tokens[tokenizer.tokens.length]).toBe('<|pad_0|>');
    expect(padded.tokenTypes.at(-1)).toBe(TOKEN_TYPE.normal);
  });
});

describe('tiktoken rank conversion', () => {
  it('parses js-tiktoken rank lines and finds each token merge by lower-rank BPE', () => {
    const toBase64 = (text: string) => Buffer.from(text, 'latin1').toString('base64');
    const line = ['!', '0', ...['a', 'b', 'c', ' ', 'ab', 'bc', 'abc', ' abc'].map(toBase64)].join(' ');
    const ranks = parseRanks(`${line}\n`);
    expect(ranks.map((bytes) => bytes.toString('latin1'))).toEqual(['a', 'b', 'c', ' ', 'ab', 'bc', 'abc', ' abc']);
    const { tokens, merges } = convertRanks(ranks);
    expect(tokens[7]).toBe('Ġabc');
    // "abc": 'ab' (rank 4) merges before 'bc' (rank 5), so its parts are "ab" + "c".
    expect(merges).toEqual(['a b', 'b c', 'ab c', 'Ġ abc']);
  });

  it('rejects rank lists with gaps', () => {
    expect(() => parseRanks('! 1 YQ==\n')).toThrow(/gap at 0/);
  });
});
