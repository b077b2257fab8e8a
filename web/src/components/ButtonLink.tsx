import { forwardRef, type ComponentPropsWithoutRef } from "react";
import { Button, type ButtonProps } from "@mantine/core";
import { createLink } from "@tanstack/react-router";

const MantineButtonAnchor = forwardRef<HTMLAnchorElement, ButtonProps & ComponentPropsWithoutRef<"a">>((props, ref) => (
  <Button component="a" ref={ref} {...props} />
));

/** A Mantine Button that is a type-safe router link (`to` + `params` checked against the routes). */
export const ButtonLink = createLink(MantineButtonAnchor);
