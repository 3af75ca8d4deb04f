import { Link } from "@remix-run/react";
import { Button } from "@utrecht/component-library-react";
import { useT } from "~/i18n/use-t";

/**
 * The submit button of a record form ("Opslaan…" while it is sent, unless `showSaving` is
 * false) and, with `cancelTo`, an "Annuleren" link next to it.
 */
export function FormActions({ busy, label, showSaving = true, cancelTo, replace }: { busy: boolean; label: string; showSaving?: boolean; cancelTo?: string; replace?: boolean }) {
  const t = useT();
  const submit = (
    <Button type="submit" appearance="primary-action-button" busy={busy}>
      {busy && showSaving ? t("common.saving") : label}
    </Button>
  );
  if (cancelTo === undefined) return <div>{submit}</div>;
  return (
    <div className="rt-actions">
      {submit}
      <Link to={cancelTo} replace={replace} preventScrollReset className="utrecht-link">
        {t("common.cancel")}
      </Link>
    </div>
  );
}
