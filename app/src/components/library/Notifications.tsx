import { Form, Link, useNavigation } from "@remix-run/react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { ErrorAlert } from "~/components/Feedback";
import { formatDateTime } from "~/lib/format";
import { useLocale, useT } from "~/i18n/use-t";

export interface WorkspaceNotification {
  id: string;
  kind: string;
  templateId: string | null;
  params: Record<string, string | number>;
  createdAt: string | Date;
}

/**
 * The workspace's notifications: a new version of a template the workspace used. Editors
 * dismiss them for the whole workspace (posted to the page's action as `dismissNotification`).
 */
export function Notifications({ notifications, canDismiss, error }: { notifications: readonly WorkspaceNotification[]; canDismiss: boolean; error?: string | null }) {
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  if (notifications.length === 0 && !error) return null;
  const busy = (id: string) => navigation.state === "submitting" && navigation.formData?.get("notificationId") === id;
  return (
    <section className="rt-card rt-card--accent rt-stack" aria-labelledby="notifications-heading">
      <Heading level={2} id="notifications-heading">
        {t("notifications.title")}
      </Heading>
      <ErrorAlert>{error}</ErrorAlert>
      <ul className="rt-plain-list rt-notifications">
        {notifications.map((n) => {
          const text =
            n.kind === "template.newVersion" ? t("notifications.newVersion", { title: String(n.params.title ?? ""), version: String(n.params.version ?? "") }) : t("notifications.other");
          return (
            <li key={n.id} className="rt-notification">
              <div className="rt-notification__text">
                <Paragraph className="rt-tight">{text}</Paragraph>
                <Paragraph className="rt-muted rt-small rt-tight">
                  {formatDateTime(n.createdAt, locale)}
                  {n.templateId && (
                    <>
                      {" · "}
                      <Link className="utrecht-link" to={`/bibliotheek/${n.templateId}`}>
                        {t("notifications.view")}
                      </Link>
                    </>
                  )}
                </Paragraph>
              </div>
              {canDismiss && (
                <Form method="post" preventScrollReset>
                  <input type="hidden" name="intent" value="dismissNotification" />
                  <input type="hidden" name="notificationId" value={n.id} />
                  <Button type="submit" appearance="subtle-button" busy={busy(n.id)} aria-label={t("notifications.dismissLabel", { text })}>
                    {t("notifications.dismiss")}
                  </Button>
                </Form>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
