import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link as RemixRouterLink, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Button,
  Heading,
  Link,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@utrecht/component-library-react";
import { assessmentOperations, hasRole, libraryOperations, permits, workspaceOperations } from "@regiotafel/domain";
import { TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { Notifications } from "~/components/library/Notifications";
import { NeedsMe } from "~/components/home/NeedsMe";
import { load, requireUser } from "~/lib/api.server";
import { keptValues } from "~/lib/edit-merge";
import { formText } from "~/lib/forms";
import { submitForm } from "~/lib/submission.server";
import { countText } from "~/lib/format";
import { countByRole } from "~/lib/roles";
import { useWorkspace, type WorkspaceMunicipality, type WorkspaceOverview } from "~/lib/workspace";
import { useLocale, useT } from "~/i18n/use-t";
import { NoticeMessage } from "~/components/NoticeMessage";

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  const workspace = params.workspace ?? "";
  const [notifications, needs] = await Promise.all([
    load(context, request, () => context.api.notification.list({ workspace })),
    load(context, request, () => context.api.workspace.needsMe({ workspace })),
  ]);
  return { notifications, needs };
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const form = await request.formData();
  if (formText(form, "intent") === "dismissNotification") {
    const workspace = params.workspace ?? "";
    const dismissed = await submitForm(context, assessmentOperations.dismissNotification, form, { workspace }, (input) => context.api.notification.dismiss(input));
    // Already dismissed by someone else: it is gone either way.
    if (!dismissed.ok && dismissed.error.code !== "NOT_FOUND") {
      return data({ intent: "dismissNotification" as const, ok: false as const, error: dismissed.error }, { status: dismissed.error.httpStatus });
    }
    throw redirect(`/w/${workspace}`);
  }
  const result = await submitForm(context, workspaceOperations.updateMunicipalityContact, form, { workspace: params.workspace ?? "" }, (input) =>
    context.api.municipality.updateContact(input),
  );
  if (!result.ok) {
    const conflict = result.error.code === "CONFLICT";
    return data({ ok: false as const, error: result.error, reply: result.reply, conflict, at: Date.now() }, { status: result.error.httpStatus });
  }
  return { ok: true as const, version: result.data.version };
}

export default function WorkspaceHome() {
  const overview = useWorkspace();
  const { notifications, needs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const own = overview.regions.flatMap((r) => r.municipalities).find((m) => m.isOwn);
  const canEdit = own !== undefined && permits(workspaceOperations.updateMunicipalityContact, overview.me, own.id);
  const dismissError = result && "intent" in result ? result.error.message : null;
  return (
    <div className="rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <p className="rt-eyebrow">{t("ws.eyebrow")}</p>
        <Heading level={1}>{overview.name}</Heading>
        {overview.description && <Paragraph className="rt-lead">{overview.description}</Paragraph>}
      </header>
      <NoticeMessage messages={{ aangemaakt: t("notice.workspace.created", { name: overview.name }), welkom: t("notice.workspace.welcome", { name: overview.name }) }} />
      <NeedsMe needs={needs} overview={overview} />
      <Notifications notifications={notifications} canDismiss={hasRole(assessmentOperations.dismissNotification, overview.me)} error={dismissError} />
      {canEdit && <OwnContactForm municipality={own} />}
      <MembersSummary overview={overview} />
      {hasRole(libraryOperations.publishTemplate, overview.me) && (
        <section className="rt-card rt-summary" aria-labelledby="library-summary-heading">
          <div className="rt-summary__main">
            <Heading level={2} id="library-summary-heading">
              {t("nav.library")}
            </Heading>
            <Paragraph className="rt-tight">{t("publish.linkHint")}</Paragraph>
          </div>
          <Paragraph className="rt-summary__link">
            <RemixRouterLink className="utrecht-link" to={`/w/${overview.slug}/publiceren`}>
              {t("publish.link")}
            </RemixRouterLink>
          </Paragraph>
        </section>
      )}
      <section className="rt-stack" aria-labelledby="regions-heading">
        <Heading level={2} id="regions-heading">
          {t("ws.regions")}
        </Heading>
        {overview.regions.map((region) => (
          <section key={region.id} className="rt-card rt-stack" aria-labelledby={`region-${region.slug}`}>
            <div>
              <Heading level={3} id={`region-${region.slug}`}>
                {region.name}
              </Heading>
              {region.bodies.map((b) => (
                <Paragraph key={b.id} className="rt-muted rt-tight">
                  {t("ws.region.body", { name: b.name })}
                </Paragraph>
              ))}
            </div>
            {region.municipalities.length === 0 ? (
              <Paragraph className="rt-muted">{t("ws.region.empty")}</Paragraph>
            ) : (
              <div className="rt-table-scroll" tabIndex={0}>
                <Table className="rt-table rt-table--contacts">
                  <TableCaption className="rt-visually-hidden">{t("ws.region.caption", { name: region.name })}</TableCaption>
                  <colgroup>
                    <col className="rt-col-name" />
                    <col className="rt-col-contact" />
                    <col className="rt-col-email" />
                    <col className="rt-col-phone" />
                  </colgroup>
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell scope="col">{t("ws.municipality")}</TableHeaderCell>
                      <TableHeaderCell scope="col">{t("ws.contact")}</TableHeaderCell>
                      <TableHeaderCell scope="col">{t("ws.contactEmail")}</TableHeaderCell>
                      <TableHeaderCell scope="col">{t("ws.contactPhone")}</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {region.municipalities.map((m) => (
                      <TableRow key={m.id} className={m.isOwn ? "rt-row--own" : undefined}>
                        <TableHeaderCell scope="row">
                          {m.name}
                          {m.isOwn && <span className="rt-badge">{t("ws.own")}</span>}
                        </TableHeaderCell>
                        <TableCell>{m.contactName ?? <Empty />}</TableCell>
                        <TableCell className="rt-break">{m.contactEmail ? <Link href={`mailto:${m.contactEmail}`}>{m.contactEmail}</Link> : <Empty />}</TableCell>
                        <TableCell className="rt-nowrap">{m.contactPhone ?? <Empty />}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </div>
            )}
          </section>
        ))}
      </section>
    </div>
  );
}

/** "—" for a missing value, read out as "niet ingevuld". */
function Empty() {
  const t = useT();
  return (
    <>
      <span aria-hidden="true">{t("common.none")}</span>
      <span className="rt-visually-hidden">{t("common.notSet")}</span>
    </>
  );
}

function OwnContactForm({ municipality }: { municipality: WorkspaceMunicipality }) {
  const t = useT();
  const actionData = useActionData<typeof action>();
  // Only the contact form's own outcomes (dismissing a notification answers with an intent).
  const result = actionData && !("intent" in actionData) ? actionData : undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("municipalityId") === municipality.id;
  const failed = result && !result.ok ? result : undefined;
  const stored = { contactName: municipality.contactName ?? "", contactEmail: municipality.contactEmail ?? "", contactPhone: municipality.contactPhone ?? "" };
  const [form, fields] = useRecordForm("own-contact", failed?.reply, stored);
  // After a refusal the form keeps what the user typed. After a stale write it also carries the
  // new version, so saving again knowingly replaces what the other person saved (shown in the alert).
  const values = keptValues(form.initialValue, stored);
  return (
    <section className="rt-card rt-card--accent rt-stack" aria-labelledby="own-contact-heading">
      <div>
        <Heading level={2} id="own-contact-heading">
          {t("ws.editContact")}
        </Heading>
        <Paragraph className="rt-muted rt-tight">{t("ws.editContact.intro", { name: municipality.name })}</Paragraph>
      </div>
      <StatusMessage>{result?.ok ? t("ws.contactSaved") : null}</StatusMessage>
      {failed?.conflict ? (
        <ErrorAlert>
          <Paragraph>{failed.error.message}</Paragraph>
          <Paragraph>{t("ws.conflict.current")}</Paragraph>
          <ul className="rt-compact-list">
            <li>
              {t("ws.contact")}: {municipality.contactName ?? t("common.none")}
            </li>
            <li>
              {t("ws.contactEmail")}: {municipality.contactEmail ?? t("common.none")}
            </li>
            <li>
              {t("ws.contactPhone")}: {municipality.contactPhone ?? t("common.none")}
            </li>
          </ul>
          <Paragraph>{t("ws.conflict.again")}</Paragraph>
        </ErrorAlert>
      ) : (
        <ErrorAlert>{formMessage(form, { municipalityId: municipality.id, version: municipality.version })}</ErrorAlert>
      )}
      <Form id={form.id} method="post" className="rt-stack" noValidate preventScrollReset aria-labelledby="own-contact-heading">
        <input type="hidden" name="municipalityId" value={municipality.id} />
        <input type="hidden" name="version" value={municipality.version} />
        <div className="rt-form-row">
          <TextField {...conformField(fields.contactName)} label={t("ws.contact")} defaultValue={values.contactName} autoComplete="name" maxLength={120} />
          <TextField {...conformField(fields.contactEmail)} type="email" label={t("ws.contactEmail")} defaultValue={values.contactEmail} autoComplete="email" />
          <TextField {...conformField(fields.contactPhone)} type="tel" label={t("ws.contactPhone")} defaultValue={values.contactPhone} autoComplete="tel" />
        </div>
        <div>
          <Button type="submit" appearance="primary-action-button" busy={busy}>
            {busy ? t("common.saving") : t("ws.saveContact")}
          </Button>
        </div>
      </Form>
    </section>
  );
}

function MembersSummary({ overview }: { overview: WorkspaceOverview }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="rt-card rt-summary" aria-labelledby="members-summary-heading">
      <div className="rt-summary__main">
        <Heading level={2} id="members-summary-heading">
          {t("ws.membersSummary")}
        </Heading>
        <Paragraph className="rt-tight">{countText(t, locale, "ws.memberCount", overview.members.length)}</Paragraph>
      </div>
      <ul className="rt-role-counts" aria-label={t("ws.membersSummary.perRole")}>
        {countByRole(overview.members).map(({ role, count }) => (
          <li key={role}>
            <span className="rt-role-counts__count">{count}</span> <span>{t(`role.${role}`)}</span>
          </li>
        ))}
      </ul>
      <Paragraph className="rt-summary__link">
        <RemixRouterLink className="utrecht-link" to={`/w/${overview.slug}/leden`}>
          {t("ws.membersSummary.link")}
        </RemixRouterLink>
      </Paragraph>
    </section>
  );
}
