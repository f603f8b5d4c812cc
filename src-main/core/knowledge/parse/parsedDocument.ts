/** What a parser hands the chunker: the document's text as ordered units, each knowing where it came from. */

export type UnitKind = 'text' | 'code' | 'row';

export interface TextUnit {
  kind: UnitKind;
  text: string;
  /** 1-based page (PDF), else null. */
  page: number | null;
  /** Headings above this unit, outermost first. */
  headings: string[];
  /** 1-based line range in the source file, when the format has lines (text, Markdown, code, CSV). */
  lineStart: number | null;
  lineEnd: number | null;
  /** Character range in the file's extracted text (per page for PDF). */
  charStart: number;
  charEnd: number;
}

export type DocumentFormat = 'pdf' | 'docx' | 'markdown' | 'text' | 'html' | 'csv' | 'tsv' | 'code';

export interface ParsedDocument {
  format: DocumentFormat;
  units: TextUnit[];
  /** Page count for paged formats. */
  pages: number | null;
}

/** Why a file could not be indexed: the typed reasons the UI shows per file. */
export type FailureReason = 'encrypted' | 'corrupt' | 'too_large' | 'no_text' | 'permission_denied' | 'unreadable';

export class ParseFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'ParseFailure';
  }
}
