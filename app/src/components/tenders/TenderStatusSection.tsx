import { Form, useNavigation } from "@remix-run/react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { nextStatuses } from "@regiotafel/domain";
import { RefusalAlert } from "~/components/records/RefusalAlert";
import { useT } from "~/i18n/use-t";
import { failedFor, useTenderOutcome, type Tender } from "./tender-page";
import { StatusBadge } from "./vocabulary";

/** The tender's current status and, for editors, a button per allowed next status. */
export function TenderStatusSection({ tender }: { tender: Tender }) {
  const t = useT();
  const result = useTenderOutcome();
  const navigation = useNavigation();
  const next = nextStatuses(tender.status);
  const failed = failedFor(result, ["tender.setStatus"]);
  const pending = navigation.state === "submitting" && navigation.formData?.get("intent") === "tender.setStatus" ? navigation.formData.get("status") : null;
  return (
    <section className="rt-card rt-stack" aria-labelledby="status-heading">
      <Heading level={3} id="status-heading">
        {t("tender.status.heading")}
      </Heading>
      <Paragraph>
        {t("tender.status.current")} <StatusBadge status={tender.status} t={t} />
      </Paragraph>
      <RefusalAlert stale={failed?.stale} formError={failed?.error.message} />
      {next.length === 0 ? (
        <Paragraph className="rt-muted">{t("tender.status.final")}</Paragraph>
      ) : (
        tender.canEdit && (
          <Form method="post" preventScrollReset className="rt-stack" aria-labelledby="status-next-label">
            <input type="hidden" name="intent" value="tender.setStatus" />
            <input type="hidden" name="version" value={tender.version} />
            <Paragraph id="status-next-label" className="rt-tight">
              {t("tender.status.next")}
            </Paragraph>
            <div className="rt-actions">
              {next.map((status) => (
                <Button
                  key={status}
                  type="submit"
                  name="status"
                  value={status}
                  appearance={status === "CANCELLED" ? "subtle-button" : "secondary-action-button"}
                  hint={status === "CANCELLED" ? "danger" : undefined}
                  busy={pending === status}
                >
                  {t("tender.status.to", { status: t(`code.${status}`) })}
                </Button>
              ))}
            </div>
          </Form>
        )
      )}
    </section>
  );
}
