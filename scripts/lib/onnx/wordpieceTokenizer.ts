/**
 * Builds a real BERT-style tokenizer.json (WordPiece model, BertNormalizer, [CLS] … [SEP] template), the
 * format sentence-transformers models ship, from a word list. Single letters and "##" letters are always
 * in the vocabulary so any lowercase word tokenizes without [UNK].
 */
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
const PUNCTUATION = ['.', ',', '!', '?', "'", '"', '-', ':', ';', '(', ')', '/'];
const SUFFIXES = ['##s', '##es', '##ed', '##ing', '##er', '##ly'];

export interface WordPieceVocab {
  tokens: string[];
  ids: Map<string, number>;
}

export function buildVocab(words: readonly string[]): WordPieceVocab {
  const tokens: string[] = [...SPECIAL_TOKENS];
  const seen = new Set(tokens);
  const add = (token: string) => {
    if (seen.has(token)) return;
    seen.add(token);
    tokens.push(token);
  };
  for (const piece of [...PUNCTUATION, ...LETTERS, ...LETTERS.map((l) => `##${l}`), ...SUFFIXES]) add(piece);
  for (const word of words) add(word.toLowerCase());
  return { tokens, ids: new Map(tokens.map((token, id) => [token, id])) };
}

function specialToken(id: string, typeId = 0) {
  return { SpecialToken: { id, type_id: typeId } };
}

export function tokenizerJson(vocab: WordPieceVocab): object {
  const idOf = (token: string) => vocab.ids.get(token) ?? 1;
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: idOf(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [specialToken('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, specialToken('[SEP]')],
      pair: [
        specialToken('[CLS]'),
        { Sequence: { id: 'A', type_id: 0 } },
        specialToken('[SEP]'),
        { Sequence: { id: 'B', type_id: 1 } },
        specialToken('[SEP]', 1),
      ],
      special_tokens: Object.fromEntries(
        ['[CLS]', '[SEP]'].map((token) => [token, { id: token, ids: [idOf(token)], tokens: [token] }]),
      ),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.ids),
    },
  };
}

/** What transformers' tokenizer_config.json says for BERT tokenizers; some JS tokenizers read it. */
export function tokenizerConfigJson(maxLength: number): object {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: maxLength,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
  };
}
