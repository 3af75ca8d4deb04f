import { useEffect, useRef, useState } from "react";
import { FormField, FormFieldDescription, FormLabel, Textarea, Textbox } from "@utrecht/component-library-react";
import { FieldError } from "~/components/FieldError";
import { useHydrated } from "~/lib/use-hydrated";
import { useT } from "~/i18n/use-t";

interface Hit {
  id: string;
  name: string;
  cbsCode: string | null;
  province: string | null;
}

/**
 * The municipalities of a region (ADR 0022): a text field of names or CBS codes that the
 * server resolves (it works without JavaScript). With JavaScript a search box under it
 * suggests directory municipalities as you type; choosing one adds its name to the field.
 */
export function MunicipalityPicker(props: { id: string; name: string; label: string; defaultValue?: string; errors?: string[] }) {
  const { id, name, label, defaultValue, errors } = props;
  const t = useT();
  const hydrated = useHydrated();
  const field = useRef<HTMLTextAreaElement>(null);
  const [query, setQuery] = useState("");
  const [hits, setHits] = useState<Hit[]>([]);
  const [announce, setAnnounce] = useState("");
  // The latest translate function, without re-running the search when it changes identity.
  const translate = useRef(t);
  translate.current = t;

  useEffect(() => {
    if (query.trim().length < 2) {
      setHits([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/platform/gemeenten-zoeken?soort=MUNICIPALITY&q=${encodeURIComponent(query)}`, { signal: controller.signal, headers: { Accept: "application/json" } })
        .then((r) => (r.ok ? (r.json() as Promise<{ hits: Hit[] }>) : { hits: [] }))
        .then(({ hits: found }) => {
          setHits(found);
          setAnnounce(translate.current("wsnew.picker.results", { count: found.length }));
        })
        .catch(() => undefined);
    }, 150);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  function add(hit: Hit) {
    const box = field.current;
    if (!box) return;
    const items = box.value.split(/[,;\n]+/).map((s) => s.trim()).filter(Boolean);
    if (!items.some((i) => i.toLowerCase() === hit.name.toLowerCase() || i.toUpperCase() === hit.cbsCode)) items.push(hit.name);
    box.value = items.join(", ");
    setAnnounce(t("wsnew.picker.added", { name: hit.name }));
    setQuery("");
    setHits([]);
  }

  const describedBy = [`${id}-description`, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="rt-stack">
      <FormField type="text" invalid={Boolean(errors?.length)}>
        <div className="utrecht-form-field__label">
          <FormLabel htmlFor={id}>{label}</FormLabel>
        </div>
        <FormFieldDescription id={`${id}-description`}>{t("wsnew.municipalities.hint")}</FormFieldDescription>
        <FieldError id={`${id}-error`} messages={errors} />
        <div className="utrecht-form-field__input">
          <Textarea ref={field} id={id} name={name} defaultValue={defaultValue ?? ""} rows={3} invalid={Boolean(errors?.length)} aria-describedby={describedBy} spellCheck={false} />
        </div>
      </FormField>
      {hydrated && (
        <div className="rt-stack">
          <FormField type="text">
            <div className="utrecht-form-field__label">
              <FormLabel htmlFor={`${id}-search`}>{t("wsnew.picker.search")}</FormLabel>
            </div>
            <div className="utrecht-form-field__input">
              <Textbox
                id={`${id}-search`}
                type="search"
                value={query}
                autoComplete="off"
                onChange={(e) => setQuery(e.currentTarget.value)}
                onKeyDown={(e) => {
                  // Enter picks the first suggestion instead of posting the form.
                  if (e.key === "Enter") {
                    e.preventDefault();
                    if (hits[0]) add(hits[0]);
                  }
                }}
              />
            </div>
          </FormField>
          {hits.length > 0 && (
            <ul className="rt-inline-list" aria-label={t("wsnew.picker.suggestions")}>
              {hits.map((hit) => (
                <li key={hit.id}>
                  <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => add(hit)}>
                    {t("wsnew.picker.add", { name: hit.name })} <span className="rt-muted">({[hit.cbsCode, hit.province].filter(Boolean).join(", ")})</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <p className="rt-visually-hidden" role="status" aria-live="polite">
            {announce}
          </p>
        </div>
      )}
    </div>
  );
}
