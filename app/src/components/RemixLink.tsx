import { forwardRef, type AnchorHTMLAttributes } from "react";
import { Link } from "@remix-run/react";

/** Lets NL Design System link components navigate client-side (they pass `href`). */
export const RemixLink = forwardRef<HTMLAnchorElement, AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }>(
  function RemixLink({ href, ...rest }, ref) {
    return <Link ref={ref} to={href} {...rest} />;
  },
);
