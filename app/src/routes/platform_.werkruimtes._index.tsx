import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import {
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
import { workspaceLifecycleOperations as ops } from "@regiotafel/domain";
import { TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { load, requireUser } from "~/lib/api.server";
import { readIntentOf } from "~/lib/record-actions.server";
import { submitForm } from "~/lib/submission.server";
import { formatDateTime } from "~/lib/format";
import { useLocale, useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";
import { NoticeMessage } from "~/components/NoticeMessage";

// The platform's workspaces (ADR 0022): every workspace with its address, regions, member count
// and state, never its content; who may create workspaces besides platform administrators.
// A user allowed to create workspaces (no platform administrator) sees only the way to a new one.

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.workspaces", { section: "title.platform" }) }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  const standing = await load(context, request, () => context.api.workspaces.standing());
  if (!standing.platformAdmin && !standing.workspaceCreator) throw new Response("Niet gevonden", { status: 404 });
  if (!standing.platformAdmin) return { platformAdmin: false as const, workspaces: [], creators: [] };
  const [workspaces, creators] = await Promise.all([
    load(context, request, () => context.api.workspaces.list({})),
    load(context, request, () => context.api.workspaces.creators()),
  ]);
  return { platformAdmin: true as const, workspaces, creators };
}

const INTENTS = {
  grant: (context: AppLoadContext, form: FormData) => submitForm(context, ops.grantCreator, form, {}, (input) => context.api.workspaces.grantCreator(input)),
  revoke: (context: AppLoadContext, form: FormData) => submitForm(context, ops.revokeCreator, form, {}, (input) => context.api.workspaces.revokeCreator(input)),
};

export async function action({ context, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const { form, intent, at } = await readIntentOf(request, INTENTS);
  const result = await INTENTS[intent](context, form);
  if (!result.ok) return data({ ok: false as const, intent, at, error: result.error, reply: result.reply }, { status: result.error.httpStatus });
  return { ok: true as const, intent, at };
}

export default function Workspaces() {
  const { platformAdmin, workspaces, creators } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const [grantForm, grantFields] = useRecordForm("creator-grant", result && !result.ok && result.intent === "grant" ? result.reply : undefined, { email: "" });
  return (
    <div className="rt-stack rt-stack--loose">
      <header className="rt-page-header">
        {platformAdmin && (
          <p className="rt-eyebrow">
            <Link to="/platform">{t("platform.title")}</Link>
          </p>
        )}
        <Heading level={1}>{t("wsadmin.title")}</Heading>
        <Paragraph className="rt-muted">{t(platformAdmin ? "wsadmin.intro" : "wsadmin.introCreator")}</Paragraph>
      </header>
      <NoticeMessage messages={{ verwijderd: t("notice.workspace.deleted") }} />
      <p>
        <Link className="utrecht-button-link utrecht-button-link--primary-action" to="/platform/werkruimtes/nieuw">
          {t("wsnew.title")}
        </Link>
      </p>
      {platformAdmin && (
        <section className="rt-stack" aria-labelledby="ws-list-heading">
          <Heading level={2} id="ws-list-heading">
            {t("wsadmin.list")}
          </Heading>
          {workspaces.length === 0 ? (
            <Paragraph>{t("wsadmin.none")}</Paragraph>
          ) : (
            <div className="rt-card rt-card--flush rt-table-scroll" tabIndex={0}>
              <Table className="rt-table">
                <TableCaption className="rt-visually-hidden">{t("wsadmin.list")}</TableCaption>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell scope="col">{t("wsadmin.name")}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t("wsadmin.slug")}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t("wsadmin.regions")}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t("wsadmin.members")}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t("wsadmin.state")}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {workspaces.map((w) => (
                    <TableRow key={w.id}>
                      <TableHeaderCell scope="row">
                        <Link to={`/w/${w.slug}/beheer`}>{w.name}</Link>
                      </TableHeaderCell>
                      <TableCell>{w.slug}</TableCell>
                      <TableCell>{w.regions.map((r) => t("wsadmin.regionWithCount", { name: r.name, count: r.municipalityCount })).join("; ")}</TableCell>
                      <TableCell>{w.memberCount}</TableCell>
                      <TableCell>{w.archived ? t("wsadmin.archivedOn", { date: formatDateTime(w.archivedAt!, locale) }) : t("wsadmin.active")}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )}
        </section>
      )}
      {platformAdmin && (
        <section className="rt-stack" aria-labelledby="creators-heading">
          <Heading level={2} id="creators-heading">
            {t("wsadmin.creators")}
          </Heading>
          <Paragraph className="rt-muted">{t("wsadmin.creators.intro")}</Paragraph>
          <StatusMessage focusKey={result?.at}>{result?.ok ? t(result.intent === "grant" ? "wsadmin.creators.granted" : "wsadmin.creators.revoked") : null}</StatusMessage>
          {result && !result.ok && result.intent === "revoke" && <ErrorAlert>{result.error.message}</ErrorAlert>}
          {creators.length === 0 ? (
            <Paragraph>{t("wsadmin.creators.none")}</Paragraph>
          ) : (
            <ul className="rt-stack">
              {creators.map((c) => (
                <li key={c.userId}>
                  <Form method="post" className="rt-inline-form">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="userId" value={c.userId} />
                    <span>
                      {c.name} ({c.email}, {c.organisation})
                    </span>{" "}
                    <Button type="submit" appearance="secondary-action-button">
                      {t("wsadmin.creators.revoke", { name: c.name })}
                    </Button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
          <ErrorAlert>{formMessage(grantForm)}</ErrorAlert>
          <Form id={grantForm.id} method="post" className="rt-stack rt-card" noValidate>
            <input type="hidden" name="intent" value="grant" />
            <TextField {...conformField(grantFields.email)} type="email" label={t("wsadmin.creators.email")} autoComplete="off" required />
            <div>
              <Button type="submit" appearance="primary-action-button">
                {t("wsadmin.creators.grant")}
              </Button>
            </div>
          </Form>
        </section>
      )}
    </div>
  );
}
