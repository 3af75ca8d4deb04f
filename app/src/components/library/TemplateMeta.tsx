import { Link } from "@remix-run/react";
import { libraryQueryString } from "~/lib/library";
import { useT } from "~/i18n/use-t";

/** A template's tags, each a link to the library filtered by it. */
export function TemplateTags({ tags }: { tags: readonly string[] }) {
  const t = useT();
  if (tags.length === 0) return null;
  return (
    <ul className="rt-tags" aria-label={t("library.tags")}>
      {tags.map((tag) => (
        <li key={tag}>
          <Link className="rt-tag" to={`/bibliotheek${libraryQueryString({ tag })}`} aria-label={t("library.filterByTag", { tag })}>
            {tag}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export type VersionStatus = "IN_REVIEW" | "APPROVED" | "REJECTED";

/** The review status of a template version, as a badge. */
export function VersionStatusBadge({ status }: { status: VersionStatus | string }) {
  const t = useT();
  const modifier = status === "APPROVED" ? "approved" : status === "REJECTED" ? "rejected" : "review";
  return <span className={`rt-badge rt-badge--version rt-badge--${modifier}`}>{t(`library.status.${status}`)}</span>;
}
