import { forwardRef, type ComponentPropsWithoutRef } from "react";
import { Anchor, type AnchorProps } from "@mantine/core";
import { createLink } from "@tanstack/react-router";

const MantineAnchor = forwardRef<HTMLAnchorElement, AnchorProps & ComponentPropsWithoutRef<"a">>((props, ref) => (
  <Anchor ref={ref} {...props} />
));

/** A Mantine Anchor that is a type-safe router link (`to` + `params` checked against the routes). */
export const AnchorLink = createLink(MantineAnchor);
