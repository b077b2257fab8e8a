import { useCallback, useEffect, useRef, useState } from "react";

/** The last non-null value: what a closing dialog keeps showing while it fades out. */
export function useLastOpen<T>(value: T | null): T | null {
  const ref = useRef<T | null>(value);
  if (value !== null) ref.current = value;
  return ref.current;
}

/**
 * A dialog (Modal, Drawer) that is not drawn until first opened, then kept so that it can close
 * with its transition: a closed dialog on every row of a table, or beside a long list, was a good
 * part of drawing it. On first use it mounts closed and opens on the next render, so that it opens
 * with its transition and records the element to give focus back to (Mantine watches `opened`
 * change, not its first value). Render the dialog only while `mounted`.
 */
export function useLazyDisclosure(): { mounted: boolean; opened: boolean; open: () => void; close: () => void } {
  const [mounted, setMounted] = useState(false);
  const [opened, setOpened] = useState(false);
  useEffect(() => {
    if (mounted) setOpened(true);
  }, [mounted]);
  const open = useCallback(() => (mounted ? setOpened(true) : setMounted(true)), [mounted]);
  const close = useCallback(() => setOpened(false), []);
  return { mounted, opened, open, close };
}
