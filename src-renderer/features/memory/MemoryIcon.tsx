import { icon } from '../../components/icons';

/** A bookmark-in-a-book mark for the Memory screen. */
export const MemoryIcon = icon(
  <>
    <path d="M4 19.5v-15A2.5 2.5 0 0 1 6.5 2H20v20H6.5a2.5 2.5 0 0 1 0-5H20" />
    <path d="M12 2v8l2.5-2 2.5 2V2" />
  </>,
);
