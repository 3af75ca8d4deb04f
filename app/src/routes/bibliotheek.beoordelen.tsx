import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { libraryOperations as libraryOps } from "@regiotafel/domain";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { TextAreaField } from "~/components/records/Fields";
import { BackToLibrary } from "~/components/library/BackToLibrary";
import { TemplateContent } from "~/components/library/TemplateContent";
import { load, requireUser } from "~/lib/api.server";
import { keptValues } from "~/lib/edit-merge";
import { countText, formatDateTime } from "~/lib/format";
import { formText } from "~/lib/forms";
import { submitForm } from "~/lib/submission.server";
import { useLocale, useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.libraryReview", { section: "title.library" }) }];

/** After a refused review too (e.g. someone else reviewed it first), the queue shows what still waits. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod?.toUpperCase() === "POST" ? true : defaultShouldRevalidate;

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  const [networks, queue] = await Promise.all([load(context, request, () => context.api.library.networks()), load(context, request, () => context.api.library.reviewQueue())]);
  // Each waiting version with the structure it would publish, and the number now in the library.
  const pending = await Promise.all(
    queue.map(async (item) => {
      const template = await load(context, request, () => context.api.library.get({ templateId: item.templateId }));
      const version = template.versions.find((v) => v.id === item.id);
      return { ...item, content: version?.content ?? null, publishedNumber: template.publishedNumber };
    }),
  );
  return { moderates: networks.some((n) => n.isModerator), pending };
}

export async function action({ context, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const form = await request.formData();
  if (formText(form, "intent") !== "review") throw new Response("Onbekende actie", { status: 400 });
  // Which item's form posted (each pending version has its own).
  const versionId = formText(form, "versionId");
  const result = await submitForm(context, libraryOps.reviewTemplate, form, {}, (input) => context.api.library.review(input));
  if (!result.ok) return data({ ok: false as const, versionId, error: result.error, reply: result.reply, at: Date.now() }, { status: result.error.httpStatus });
  const { approve } = result.input;
  return { ok: true as const, approve, title: formText(form, "title"), number: formText(form, "number"), notified: result.data.notifiedWorkspaces, at: Date.now() };
}

export default function ReviewQueue() {
  const { moderates, pending } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const done = result?.ok
    ? t(result.approve ? "review.approved" : "review.rejected", { title: result.title, number: result.number }) +
      (result.approve && result.notified > 0 ? ` ${countText(t, locale, "review.notified", result.notified)}` : "")
    : null;
  return (
    <div className="rt-stack rt-stack--loose">
      <BackToLibrary />
      <header className="rt-page-header">
        <p className="rt-eyebrow">{t("nav.library")}</p>
        <Heading level={1}>{t("review.title")}</Heading>
        <Paragraph className="rt-lead">{t("review.intro")}</Paragraph>
      </header>
      <StatusMessage focusKey={result?.ok ? result.at : undefined}>{done}</StatusMessage>
      {!moderates ? (
        <div className="rt-card rt-empty">
          <Paragraph>{t("review.notModerator")}</Paragraph>
        </div>
      ) : pending.length === 0 ? (
        <div className="rt-card rt-empty">
          <Paragraph>{t("review.empty")}</Paragraph>
        </div>
      ) : (
        <>
          <Paragraph className="rt-muted">{countText(t, locale, "library.pending", pending.length)}</Paragraph>
          <ul className="rt-plain-list rt-stack rt-stack--loose" aria-label={t("review.title")}>
            {pending.map((item) => (
              <li key={item.id}>
                <ReviewItem item={item} />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

type Pending = ReturnType<typeof useLoaderData<typeof loader>>["pending"][number];

const NO_NOTE = { note: "" };

function ReviewItem({ item }: { item: Pending }) {
  const t = useT();
  const locale = useLocale();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const failed = result && !result.ok && result.versionId === item.id ? result : null;
  const [form, fields] = useRecordForm(`review-${item.id}`, failed?.reply, NO_NOTE);
  const submitting = navigation.state === "submitting" && navigation.formData?.get("versionId") === item.id;
  const busy = (approve: "true" | "false") => submitting && navigation.formData?.get("approve") === approve;
  const headingId = `review-${item.id}`;
  const label = t("library.versionTitle", { title: item.title, number: item.number });
  return (
    <article className="rt-card rt-stack" aria-labelledby={headingId}>
      <div>
        <p className="rt-eyebrow">{t(`template.kind.${item.kind}`)}</p>
        <Heading level={2} id={headingId}>
          {label}
        </Heading>
        <dl className="rt-facts">
          <div>
            <dt>{t("library.provenance")}</dt>
            <dd>{item.provenance}</dd>
          </div>
          <div>
            <dt>{t("library.network")}</dt>
            <dd>{item.network}</dd>
          </div>
          <div>
            <dt>{t("library.versions.submitted")}</dt>
            <dd>{formatDateTime(item.submittedAt, locale)}</dd>
          </div>
          <div>
            <dt>{t("review.inLibrary")}</dt>
            <dd>{item.publishedNumber === null ? t("review.notYet") : t("library.versionNumber", { number: item.publishedNumber })}</dd>
          </div>
        </dl>
      </div>
      <div className="rt-stack">
        <Heading level={3}>{t("library.structure")}</Heading>
        {item.content ? <TemplateContent kind={item.kind} content={item.content} label={label} /> : <Paragraph>{t("common.none")}</Paragraph>}
        <Paragraph className="rt-small">
          <Link className="utrecht-link" to={`/bibliotheek/${item.templateId}`}>
            {t("review.openTemplate", { title: item.title })}
          </Link>
        </Paragraph>
      </div>
      <ErrorAlert>{formMessage(form, { versionId: item.id })}</ErrorAlert>
      <Form id={form.id} method="post" className="rt-stack" noValidate aria-label={t("review.formLabel", { title: label })}>
        <input type="hidden" name="intent" value="review" />
        <input type="hidden" name="versionId" value={item.id} />
        <input type="hidden" name="title" value={item.title} />
        <input type="hidden" name="number" value={item.number} />
        <TextAreaField
          {...conformField(fields.note)}
          label={t("review.note")}
          description={t("review.noteHint")}
          defaultValue={keptValues(form.initialValue, NO_NOTE).note}
          maxLength={2000}
        />
        <div className="rt-actions">
          <Button type="submit" name="approve" value="true" appearance="primary-action-button" busy={busy("true")}>
            {t("review.approve")}
          </Button>
          <Button type="submit" name="approve" value="false" appearance="secondary-action-button" hint="danger" busy={busy("false")}>
            {t("review.reject")}
          </Button>
        </div>
      </Form>
    </article>
  );
}
