import { useCallback, useEffect, useRef, useState } from 'react';

/** How close to the end still counts as "at the bottom" (a line of slack for rounding and momentum). */
const BOTTOM_SLACK_PX = 48;

/**
 * Follows new content only while the reader is at the bottom: scrolling up stops the follow (never fights the
 * user), and `jumpToLatest` or reaching the end again resumes it.
 */
export function useStickToBottom() {
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [atBottom, setAtBottom] = useState(true);

  const jumpToLatest = useCallback(() => {
    const el = scrollRef.current;
    following.current = true;
    setAtBottom(true);
    if (el) el.scrollTop = el.scrollHeight;
  }, []);

  useEffect(() => {
    const el = scrollRef.current;
    const content = contentRef.current;
    if (!el || !content) return;
    let lastTop = el.scrollTop;
    const onScroll = () => {
      const distance = el.scrollHeight - el.scrollTop - el.clientHeight;
      // Only a move upwards by the reader detaches; growth below the fold leaves `following` as it was.
      if (el.scrollTop < lastTop - 2 && distance > BOTTOM_SLACK_PX) following.current = false;
      if (distance <= BOTTOM_SLACK_PX) following.current = true;
      lastTop = el.scrollTop;
      setAtBottom(following.current);
    };
    const observer = new ResizeObserver(() => {
      if (following.current) el.scrollTop = el.scrollHeight;
      lastTop = el.scrollTop;
    });
    el.addEventListener('scroll', onScroll, { passive: true });
    observer.observe(content);
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, []);

  /** Stops following, e.g. to show a message a search hit points at. */
  const detach = useCallback(() => {
    following.current = false;
    setAtBottom(false);
  }, []);

  return { scrollRef, contentRef, atBottom, jumpToLatest, detach };
}
