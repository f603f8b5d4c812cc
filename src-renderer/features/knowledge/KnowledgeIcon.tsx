import { icon } from '../../components/icons';

/** A stack of pages for the Knowledge screen. */
export const KnowledgeIcon = icon(
  <>
    <path d="M14 2H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V7z" />
    <path d="M14 2v5h5" />
    <path d="M9 12h6M9 16h4" />
    <path d="M3 6v14a2 2 0 0 0 2 2h10" />
  </>,
);
