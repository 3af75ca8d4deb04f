import "./lib/zod-without-eval";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useNavigation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { DEFAULT_LOCALE, type Locale } from "@regiotafel/domain";
import utrechtTokens from "@utrecht/design-tokens/dist/theme.css?url";
import utrechtComponents from "@utrecht/component-library-css/dist/index.css?url";
import regiotafelTheme from "./styles/regiotafel.css?url";
import { makeT, useT, type T } from "./i18n/use-t";
import { useNonce } from "./lib/nonce";
import { enrolmentGate } from "./lib/api.server";
import "./load-context";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: utrechtTokens },
  { rel: "stylesheet", href: utrechtComponents },
  { rel: "stylesheet", href: regiotafelTheme },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** The title of the error pages (routes set their own titles otherwise). */
export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  const t = makeT(data?.locale ?? DEFAULT_LOCALE);
  if (!error) return [{ title: t("app.name") }];
  return [{ title: `${t(`error.${errorKind(error)}.title`)} — ${t("app.name")}` }];
};

export async function loader({ context, request }: LoaderFunctionArgs) {
  enrolmentGate(context, request);
  return {
    locale: context.locale,
    user: context.user ? { name: context.user.name, email: context.user.email, unread: await unreadNotifications(context) } : null,
    // An error page the server renders for a failure outside Remix is plain HTML: no scripts
    // to hydrate a page whose address shows another route.
    staticPage: context.failure !== undefined,
  };
}

/** The bell's count; an account that may not use the API yet (second factor to enrol) has none. */
async function unreadNotifications(context: LoaderFunctionArgs["context"]): Promise<number> {
  if (context.user?.mustEnrolSecondFactor) return 0;
  try {
    return (await context.api.inbox.unread()).unread;
  } catch {
    return 0;
  }
}

type ErrorKind = "notFound" | "tooLarge" | "badRequest" | "forbidden" | "generic";

/** Which error page: by the status of the error response (any other error is "generic", never its text). */
function errorKind(error: unknown): ErrorKind {
  if (!isRouteErrorResponse(error)) return "generic";
  if (error.status === 404) return "notFound";
  if (error.status === 413) return "tooLarge";
  if (error.status === 400 || error.status === 415) return "badRequest";
  if (error.status === 403) return "forbidden";
  return "generic";
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const locale: Locale = data?.locale ?? DEFAULT_LOCALE;
  const t = makeT(locale);
  return (
    <html lang={locale} className="utrecht-theme regiotafel-theme">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="utrecht-document utrecht-document--surface regiotafel-theme">
        <a className="rt-skip-link" href="#inhoud">
          {t("nav.skip")}
        </a>
        <SiteHeader user={data?.user ?? null} locale={locale} />
        <main id="inhoud" className="rt-main" tabIndex={-1}>
          <div className="rt-main__inner">{children}</div>
        </main>
        <footer className="rt-footer">
          <div className="rt-footer__inner">
            <span>{t("footer.text")}</span>
            <Link to="/toegankelijkheid" className="rt-footer__link">
              {t("footer.accessibility")}
            </Link>
          </div>
        </footer>
        {!data?.staticPage && <ScrollRestoration nonce={nonce} />}
        {!data?.staticPage && <Scripts nonce={nonce} />}
      </body>
    </html>
  );
}

function SiteHeader({ user, locale }: { user: { name: string; email: string; unread: number } | null; locale: Locale }) {
  const t = makeT(locale);
  const location = useLocation();
  const navigation = useNavigation();
  const here = location.pathname + location.search;
  return (
    <header className="rt-header">
      {navigation.state !== "idle" && <div className="rt-progress" role="progressbar" aria-label={t("common.loading")} />}
      <div className="rt-header__inner">
        <Link to="/" className="rt-logo">
          <span className="rt-logo__mark" aria-hidden="true" />
          {t("app.name")}
        </Link>
        <nav className="rt-nav" aria-label={t("nav.main")}>
          {user && (
            <Link to="/" className="rt-nav__link" aria-current={location.pathname === "/" ? "page" : location.pathname.startsWith("/w/") ? "true" : undefined}>
              {t("nav.workspaces")}
            </Link>
          )}
          {user && (
            <Link to="/bibliotheek" className="rt-nav__link" aria-current={location.pathname === "/bibliotheek" ? "page" : location.pathname.startsWith("/bibliotheek/") ? "true" : undefined}>
              {t("nav.library")}
            </Link>
          )}
          {user && (
            <Link to="/account" className="rt-nav__link" aria-current={location.pathname === "/account" ? "page" : undefined}>
              {t("nav.account")}
            </Link>
          )}
          {user && <NotificationBell unread={user.unread} current={location.pathname === "/meldingen"} t={t} />}
          <span className="rt-nav__spacer" />
          {user && (
            <Form method="get" action="/zoeken" role="search" className="rt-header-search">
              <label htmlFor="header-search" className="rt-visually-hidden">
                {t("nav.search")}
              </label>
              <input id="header-search" className="rt-header-search__input" type="search" name="q" maxLength={200} autoComplete="off" />
              <button type="submit" className="rt-header-search__button">
                {t("nav.search")}
              </button>
            </Form>
          )}
          <Form method="post" action="/taal">
            <input type="hidden" name="locale" value={locale === "nl" ? "en" : "nl"} />
            <input type="hidden" name="redirectTo" value={here} />
            <button type="submit" className="rt-linklike" lang={locale === "nl" ? "en" : "nl"} aria-label={t("lang.switchLabel")}>
              {t("lang.switch")}
            </button>
          </Form>
          {user ? (
            <Form method="post" action="/logout">
              <span className="rt-nav__user">{user.name}</span>
              <button type="submit" className="rt-linklike">
                {t("nav.logout")}
              </button>
            </Form>
          ) : (
            <Link to="/login">{t("nav.login")}</Link>
          )}
        </nav>
      </div>
    </header>
  );
}

/** The bell: a link to the notification centre with the unread count (live: a `notify` on the page's stream reloads it). */
function NotificationBell({ unread, current, t }: { unread: number; current: boolean; t: T }) {
  return (
    <Link
      to="/meldingen"
      className="rt-nav__link rt-bell"
      aria-current={current ? "page" : undefined}
      aria-label={unread > 0 ? t("inbox.bellUnread", { count: unread }) : t("inbox.bell")}
      data-testid="notification-bell"
    >
      <svg className="rt-bell__icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="20" height="20">
        <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" />
      </svg>
      <span className="rt-visually-hidden">{t("inbox.bell")}</span>
      {unread > 0 && (
        <span className="rt-bell__count" aria-hidden="true">
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

/**
 * Every error page: what happened in the user's language, and a way back. Never the error's
 * own text or stack (the server runs Remix in production mode, which strips them anyway).
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const t: T = useT();
  const kind = errorKind(error);
  return (
    <div className="rt-stack">
      <h1 className="utrecht-heading-1">{t(`error.${kind}.title`)}</h1>
      <p className="utrecht-paragraph">{t(`error.${kind}.body`)}</p>
      <p className="utrecht-paragraph">
        {data?.user ? (
          <Link className="utrecht-link" to="/">
            {t("error.notFound.back")}
          </Link>
        ) : (
          <Link className="utrecht-link" to="/login">
            {t("error.back.login")}
          </Link>
        )}
      </p>
    </div>
  );
}
