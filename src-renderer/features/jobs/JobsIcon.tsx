import { icon } from '../../components/icons';

/** A clock with a play mark for the Jobs screen (background agents). */
export const JobsIcon = icon(
  <>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 2" />
  </>,
);
