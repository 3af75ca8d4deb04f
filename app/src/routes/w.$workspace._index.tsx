import type { ActionFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import {
  Alert,
  Button,
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@utrecht/component-library-react";
import { ROLES } from "@regiotafel/domain";
import { TextField } from "~/components/FormFields";
import { mutate } from "~/lib/api.server";
import { useWorkspace, type WorkspaceOverview } from "~/lib/workspace";
import { useT } from "~/i18n/use-t";

export async function action({ context, params, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? "");
  const result = await mutate(context, () =>
    context.api.municipality.updateContact({
      workspace: params.workspace ?? "",
      municipalityId: text("municipalityId"),
      contactName: text("contactName"),
      contactEmail: text("contactEmail"),
      contactPhone: text("contactPhone"),
      version: Number(text("version")),
    }),
  );
  if (!result.ok) {
    return data(
      { ok: false as const, error: result.error, values: { contactName: text("contactName"), contactEmail: text("contactEmail"), contactPhone: text("contactPhone") } },
      { status: result.error.httpStatus },
    );
  }
  return { ok: true as const };
}

export default function WorkspaceHome() {
  const overview = useWorkspace();
  const t = useT();
  const own = overview.regions.flatMap((r) => r.municipalities).find((m) => m.isOwn);
  return (
    <div className="rt-stack">
      {own && <OwnContactForm municipality={own} />}
      <section className="rt-stack" aria-labelledby="regions-heading">
        <Heading level={2} id="regions-heading">
          {t("ws.regions")}
        </Heading>
        {overview.regions.map((region) => (
          <section key={region.id} className="rt-card rt-stack" aria-labelledby={`region-${region.slug}`}>
            <Heading level={3} id={`region-${region.slug}`}>
              {region.name}
            </Heading>
            {region.bodies.map((b) => (
              <Paragraph key={b.id} className="rt-muted">
                {t("ws.region.body", { name: b.name })}
              </Paragraph>
            ))}
            <div className="rt-table-scroll">
              <Table>
                <TableCaption className="rt-visually-hidden">{region.name}</TableCaption>
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
                      <TableCell>{m.contactName ?? t("common.none")}</TableCell>
                      <TableCell>{m.contactEmail ? <a href={`mailto:${m.contactEmail}`}>{m.contactEmail}</a> : t("common.none")}</TableCell>
                      <TableCell>{m.contactPhone ?? t("common.none")}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          </section>
        ))}
      </section>
      <MembersSummary overview={overview} />
    </div>
  );
}

function OwnContactForm({ municipality }: { municipality: WorkspaceOverview["regions"][number]["municipalities"][number] }) {
  const t = useT();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("municipalityId") === municipality.id;
  const errors = result && !result.ok ? (result.error.fieldErrors ?? {}) : {};
  const values = result && !result.ok ? result.values : municipality;
  // After a stale write the form keeps what the user typed but carries the new version.
  return (
    <section className="rt-card rt-stack" aria-labelledby="own-contact-heading">
      <Heading level={2} id="own-contact-heading">
        {t("ws.editContact", { name: municipality.name })}
      </Heading>
      {result?.ok && (
        <Alert type="ok" role="status">
          <Paragraph>{t("ws.contactSaved")}</Paragraph>
        </Alert>
      )}
      {result && !result.ok && !result.error.fieldErrors && (
        <Alert type="error" role="alert">
          <Paragraph>{result.error.message}</Paragraph>
        </Alert>
      )}
      <Form method="post" className="rt-stack" noValidate key={municipality.version}>
        <input type="hidden" name="municipalityId" value={municipality.id} />
        <input type="hidden" name="version" value={municipality.version} />
        <div className="rt-form-row">
          <TextField name="contactName" label={t("ws.contact")} defaultValue={values.contactName} errors={errors.contactName} autoComplete="name" maxLength={120} />
          <TextField name="contactEmail" type="email" label={t("ws.contactEmail")} defaultValue={values.contactEmail} errors={errors.contactEmail} autoComplete="email" />
          <TextField name="contactPhone" type="tel" label={t("ws.contactPhone")} defaultValue={values.contactPhone} errors={errors.contactPhone} autoComplete="tel" />
        </div>
        <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
          {busy ? t("common.saving") : t("common.save")}
        </Button>
      </Form>
    </section>
  );
}

function MembersSummary({ overview }: { overview: WorkspaceOverview }) {
  const t = useT();
  const counts = ROLES.map((role) => ({ role, count: overview.members.filter((m) => m.role === role).length })).filter((c) => c.count > 0);
  return (
    <section className="rt-card rt-stack" aria-labelledby="members-summary-heading">
      <Heading level={2} id="members-summary-heading">
        {t("ws.membersSummary")}
      </Heading>
      <Paragraph>
        {t("ws.membersSummary.text", {
          count: overview.members.length,
          roles: counts.map((c) => `${c.count} × ${t(`role.${c.role}`)}`).join(", "),
        })}
      </Paragraph>
      <Paragraph>
        <Link className="utrecht-link" to={`/w/${overview.slug}/leden`}>
          {t("ws.membersSummary.link")}
        </Link>
      </Paragraph>
    </section>
  );
}
