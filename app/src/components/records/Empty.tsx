import { useT } from "~/i18n/use-t";

/** "—" for a value that is not filled in, read out as "niet ingevuld". */
export function Empty() {
  const t = useT();
  return (
    <>
      <span aria-hidden="true">{t("common.none")}</span>
      <span className="rt-visually-hidden">{t("common.notSet")}</span>
    </>
  );
}
