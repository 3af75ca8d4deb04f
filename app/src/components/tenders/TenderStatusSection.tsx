import { Form, Link, useNavigation, useSearchParams } from "@remix-run/react";
import { useRef, type RefObject } from "react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { useFocusOnToggle } from "~/components/Feedback";
import { ConfirmStep } from "~/components/records/RemoveControl";
import { RefusalAlert } from "~/components/records/RefusalAlert";
import { useSubmitting } from "~/components/records/outcome";
import { useT, type T } from "~/i18n/use-t";
import { CONFIRM_STATUS, failedFor, useTenderOutcome, useTenderUrl, type Tender, type Transition } from "./tender-page";
import { StatusBadge } from "./vocabulary";

const LINK_BUTTON = "utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action";

/**
 * The tender's current status and the steps the member may take (the API's `transitions`).
 * A step into an end state (withdraw, end) asks first and says what follows: a link opens the
 * confirmation (a query parameter, so it works without JavaScript) naming the lots that go along.
 */
export function TenderStatusSection({ tender }: { tender: Tender }) {
  const t = useT();
  const result = useTenderOutcome();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const failed = failedFor(result, ["tender.setStatus"]);
  const pending = navigation.state === "submitting" && navigation.formData?.get("intent") === "tender.setStatus" ? navigation.formData.get("status") : null;
  const steps = tender.transitions.filter((s) => !s.final);
  const ends = tender.transitions.filter((s) => s.final);
  const confirming = ends.find((s) => s.status === params.get(CONFIRM_STATUS));
  const confirmRef = useRef<HTMLButtonElement>(null);
  useFocusOnToggle(confirming !== undefined, { opened: confirmRef });
  return (
    <section className="rt-card rt-stack" aria-labelledby="status-heading">
      <Heading level={2} appearance="utrecht-heading-3" id="status-heading">
        {t("tender.status.heading")}
      </Heading>
      <Paragraph>
        {t("tender.status.current")} <StatusBadge status={tender.status} t={t} />
      </Paragraph>
      <RefusalAlert stale={failed?.stale} formError={failed?.error.message} />
      {tender.closed ? (
        <Paragraph className="rt-muted">{t("tender.status.final")}</Paragraph>
      ) : confirming ? (
        <ConfirmEnd tender={tender} step={confirming} confirmRef={confirmRef} />
      ) : (
        tender.transitions.length > 0 && (
          <div className="rt-stack">
            <Paragraph id="status-next-label" className="rt-tight">
              {t("tender.status.next")}
            </Paragraph>
            <div className="rt-actions">
              {steps.length > 0 && (
                <Form method="post" preventScrollReset className="rt-actions" aria-labelledby="status-next-label">
                  <input type="hidden" name="intent" value="tender.setStatus" />
                  <input type="hidden" name="version" value={tender.version} />
                  {steps.map((step) => (
                    <Button key={step.status} type="submit" name="status" value={step.status} appearance="secondary-action-button" busy={pending === step.status}>
                      {t("tender.status.to", { status: t(`code.${step.status}`) })}
                    </Button>
                  ))}
                </Form>
              )}
              {ends.map((step) => (
                <EndLink key={step.status} step={step} t={t} />
              ))}
            </div>
          </div>
        )
      )}
    </section>
  );
}

/** "Naar ‘Ingetrokken’": a link to the confirmation, not a button that acts at once. */
function EndLink({ step, t }: { step: Transition; t: T }) {
  return (
    <Link to={`?${CONFIRM_STATUS}=${step.status}#status-heading`} replace preventScrollReset className={`${LINK_BUTTON} rt-end-link`}>
      {t("tender.status.to", { status: t(`code.${step.status}`) })}
    </Link>
  );
}

/** The confirmation of a step into an end state: what happens to the lots, and that nothing changes afterwards. */
function ConfirmEnd({ tender, step, confirmRef }: { tender: Tender; step: Transition; confirmRef: RefObject<HTMLButtonElement> }) {
  const t = useT();
  const target = useTenderUrl(tender);
  const busy = useSubmitting({ intent: "tender.setStatus", status: step.status });
  const status = t(`code.${step.status}`);
  return (
    <ConfirmStep
      questionId="status-confirm"
      question={t(`tender.status.confirm.${step.status}`, { title: tender.title })}
      action={target}
      fields={{ intent: "tender.setStatus", version: tender.version, status: step.status }}
      yesLabel={t("tender.status.confirm.yes", { status })}
      busy={busy}
      cancelTo="?#status-heading"
      confirmRef={confirmRef}
      className="rt-confirm rt-confirm--block"
    >
      <ul className="rt-confirm__consequences">
        <li>
          {step.lotsFollowing.length > 0
            ? t("tender.status.confirm.lots", { status, titles: step.lotsFollowing.map((l) => `‘${l.title}’`).join(", ") })
            : t("tender.status.confirm.noLots")}
        </li>
        <li>{t("tender.status.confirm.final")}</li>
      </ul>
    </ConfirmStep>
  );
}
