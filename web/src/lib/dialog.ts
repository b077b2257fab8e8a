import { useRef } from "react";

/** The last non-null value: what a closing dialog keeps showing while it fades out. */
export function useLastOpen<T>(value: T | null): T | null {
  const ref = useRef<T | null>(value);
  if (value !== null) ref.current = value;
  return ref.current;
}
