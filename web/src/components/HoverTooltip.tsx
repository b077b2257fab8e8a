import { cloneElement, useEffect, useRef, useState, type FocusEvent, type MouseEvent, type ReactElement, type ReactNode } from "react";
import { Tooltip } from "@mantine/core";

type TargetProps = {
  onMouseEnter?: (e: MouseEvent) => void;
  onMouseLeave?: (e: MouseEvent) => void;
  onFocus?: (e: FocusEvent) => void;
};

/**
 * Mantine's Tooltip, mounted only once the target is hovered (for `openDelay`) or focused, and
 * opened then. For tooltips repeated on every row of a table: each Tooltip sets up its floating
 * position hooks when it renders, which on a 60-row dashboard was a good part of the first render.
 * After that first time it is an ordinary Tooltip. The child must accept a ref and these handlers.
 * A function as `label` is called only then.
 */
export function HoverTooltip({
  label,
  openDelay = 0,
  children,
}: {
  label: ReactNode | (() => ReactNode);
  openDelay?: number;
  children: ReactElement<TargetProps>;
}) {
  const [armed, setArmed] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  if (armed) {
    return (
      <Tooltip label={typeof label === "function" ? label() : label} openDelay={openDelay} defaultOpened>
        {children}
      </Tooltip>
    );
  }
  const own = children.props;
  return cloneElement(children, {
    onMouseEnter: (e: MouseEvent) => {
      own.onMouseEnter?.(e);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => setArmed(true), openDelay);
    },
    onMouseLeave: (e: MouseEvent) => {
      own.onMouseLeave?.(e);
      window.clearTimeout(timer.current);
    },
    onFocus: (e: FocusEvent) => {
      own.onFocus?.(e);
      setArmed(true);
    },
  });
}
