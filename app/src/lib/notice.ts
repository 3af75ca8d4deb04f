// A success message that survives a redirect: the action that creates something (a tender, a
// document, a workspace) redirects to the new page with `?melding=<notice>`, and that page shows
// the message in its live region. Works without JavaScript; only known notices are shown.

export const NOTICE_PARAM = "melding";

export const NOTICES = ["aangemaakt", "uit-sjabloon", "welkom", "verwijderd", "verlaten"] as const;
export type Notice = (typeof NOTICES)[number];

/** `path` with the notice added to its query ("/w/x/aanbestedingen/1?melding=aangemaakt"). */
export function withNotice(path: string, notice: Notice): string {
  const [base = "", hash] = path.split("#", 2);
  const separator = base.includes("?") ? "&" : "?";
  return `${base}${separator}${NOTICE_PARAM}=${notice}${hash === undefined ? "" : `#${hash}`}`;
}

/** The notice in a query, if it is one we know; anything else is ignored. */
export function readNotice(params: URLSearchParams): Notice | null {
  const value = params.get(NOTICE_PARAM);
  return NOTICES.find((n) => n === value) ?? null;
}
