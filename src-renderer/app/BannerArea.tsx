import { ConnectionBanner } from './ConnectionBanner';
import { NoticeBanners } from './NoticeBanners';

/** Top of the main pane: connection trouble first, then start-up and live notices. */
export function BannerArea() {
  return (
    <div aria-label="Notifications" role="region" className="mx-auto w-full max-w-5xl space-y-2 px-8 pt-5 empty:hidden">
      <ConnectionBanner />
      <NoticeBanners />
    </div>
  );
}
