import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { commentOperations as ops } from "@regiotafel/domain";
import { notificationText } from "~/components/together/notification-text";
import { load, mutate, requireUser } from "~/lib/api.server";
import { countText, formatDateTime } from "~/lib/format";
import { formText } from "~/lib/forms";
import { pageTitle } from "~/lib/meta";
import { useLocale, useT } from "~/i18n/use-t";

// The notification centre (issue 21, point 6): the user's notifications grouped by workspace,
// newest first; opening one marks it read and goes to the exact place (meldingen.$id.tsx).

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.inbox") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  const url = new URL(request.url);
  const unreadOnly = url.searchParams.get("filter") === "ongelezen";
  const before = url.searchParams.get("voor");
  const input = ops.listNotifications.input.safeParse({ unreadOnly, before: before ?? undefined });
  const inbox = await load(context, request, () => context.api.inbox.list(input.success ? input.data : { unreadOnly }));
  return { ...inbox, unreadOnly };
}

export async function action({ context, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const form = await request.formData();
  const workspaceId = formText(form, "workspaceId");
  const input = ops.markAllNotificationsRead.input.safeParse(workspaceId ? { workspaceId } : {});
  if (formText(form, "intent") !== "markAllRead" || !input.success) throw new Response("Onbekende actie", { status: 400 });
  return mutate(context, () => context.api.inbox.markAllRead(input.data));
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

function byWorkspace(items: Item[]) {
  const groups = new Map<string, { workspace: Item["workspace"]; items: Item[] }>();
  for (const item of items) {
    const key = item.workspace?.id ?? "";
    if (!groups.has(key)) groups.set(key, { workspace: item.workspace, items: [] });
    groups.get(key)!.items.push(item);
  }
  return [...groups.values()];
}

export default function Inbox() {
  const { items, unread, more, unreadOnly } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const last = items.at(-1);
  return (
    <div className="rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <Heading level={1}>{t("inbox.title")}</Heading>
        <Paragraph className="rt-lead">{unread > 0 ? countText(t, locale, "inbox.unreadCount", unread) : t("inbox.allRead")}</Paragraph>
        <p className="rt-muted">
          <Link to="/account/meldingen">{t("inbox.preferencesLink")}</Link>
        </p>
      </header>
      <div className="rt-toolbar">
        <nav aria-label={t("inbox.filter")} className="rt-inline-list">
          <Link to="/meldingen" aria-current={!unreadOnly ? "page" : undefined}>
            {t("inbox.filterAll")}
          </Link>
          <Link to="/meldingen?filter=ongelezen" aria-current={unreadOnly ? "page" : undefined}>
            {t("inbox.filterUnread")}
          </Link>
        </nav>
        {unread > 0 && (
          <Form method="post">
            <input type="hidden" name="intent" value="markAllRead" />
            <Button type="submit" appearance="secondary-action-button" disabled={busy}>
              {t("inbox.markAllRead")}
            </Button>
          </Form>
        )}
      </div>
      {items.length === 0 ? (
        <div className="rt-card rt-empty">
          <Paragraph>{unreadOnly ? t("inbox.emptyUnread") : t("inbox.empty")}</Paragraph>
        </div>
      ) : (
        byWorkspace(items).map((group) => (
          <section key={group.workspace?.id ?? "none"} className="rt-card rt-stack" aria-labelledby={`inbox-${group.workspace?.id ?? "none"}`}>
            <div className="rt-toolbar">
              <Heading level={2} id={`inbox-${group.workspace?.id ?? "none"}`}>
                {group.workspace?.name ?? t("inbox.general")}
              </Heading>
              {group.workspace && group.items.some((i) => !i.readAt) && (
                <Form method="post">
                  <input type="hidden" name="intent" value="markAllRead" />
                  <input type="hidden" name="workspaceId" value={group.workspace.id} />
                  <Button type="submit" appearance="subtle-button" disabled={busy}>
                    {t("inbox.markWorkspaceRead", { workspace: group.workspace.name })}
                  </Button>
                </Form>
              )}
            </div>
            <ul className="rt-plain-list rt-inbox">
              {group.items.map((item) => (
                <li key={item.id} className={item.readAt ? "rt-inbox__item" : "rt-inbox__item rt-inbox__item--unread"}>
                  {!item.readAt && <span className="rt-visually-hidden">{t("inbox.unreadMarker")} </span>}
                  <Link to={`/meldingen/${item.id}`} className="rt-inbox__link">
                    {notificationText(t, item)}
                  </Link>
                  {typeof item.params.excerpt === "string" && item.params.excerpt && <p className="rt-inbox__excerpt">“{item.params.excerpt}”</p>}
                  <p className="rt-muted rt-inbox__time">{formatDateTime(item.createdAt, locale)}</p>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
      {more && last && (
        <p>
          <Link to={`/meldingen?${new URLSearchParams({ ...Object.fromEntries(params), voor: new Date(last.createdAt).toISOString() })}`}>{t("inbox.older")}</Link>
        </p>
      )}
    </div>
  );
}
