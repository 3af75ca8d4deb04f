import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

/** The link back to the library, at the top of its sub-pages. */
export function BackToLibrary() {
  const t = useT();
  return (
    <p>
      <Link className="utrecht-link" to="/bibliotheek">
        ← {t("library.back")}
      </Link>
    </p>
  );
}
