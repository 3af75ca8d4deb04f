import { useT } from "~/i18n/use-t";

export interface PageSection {
  /** The `id` of the section (its `h2` is inside it). */
  id: string;
  label: string;
}

/**
 * "Op deze pagina": links to the sections of a long page (ADR 0028), at the top, below the `h1`.
 * Plain in-page links, so they work without JavaScript and move the focus with the view.
 */
export function OnThisPage({ sections }: { sections: PageSection[] }) {
  const t = useT();
  return (
    <nav className="rt-on-this-page" aria-labelledby="on-this-page-title">
      <p id="on-this-page-title" className="rt-on-this-page__title">
        {t("page.onThisPage")}
      </p>
      <ul>
        {sections.map((section) => (
          <li key={section.id}>
            <a className="utrecht-link" href={`#${section.id}`}>
              {section.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
