import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Button, Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from "@utrecht/component-library-react";
import { describeError, platformOperations, secondFactorOperations, signInOperations } from "@regiotafel/domain";
import { TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { load, requireUser } from "~/lib/api.server";
import { formatDateTime } from "~/lib/format";
import { formText } from "~/lib/forms";
import { submitForm } from "~/lib/submission.server";
import { useLocale, useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";

// /platform/gebruikers (ADR 0024): platform administrators list and search every account and
// deactivate or reactivate it. The file name's `_` keeps the page out of platform.tsx's layout.

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.platformUsers", { section: "title.platform" }) }];

/** Anyone but a platform administrator: the same 404 as a page that does not exist. */
function notFoundForOthers(error: unknown, locale: "nl" | "en"): never {
  if (!(error instanceof Response) && describeError(error, locale).code === "FORBIDDEN") throw new Response("Niet gevonden", { status: 404 });
  throw error;
}

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  const q = new URL(request.url).searchParams.get("q") ?? "";
  try {
    return { q, list: await load(context, request, () => context.api.platform.users({ q: q.slice(0, 100) })), self: context.user!.id };
  } catch (error) {
    notFoundForOthers(error, context.locale);
  }
}

export async function action({ context, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const form = await request.formData();
  const name = formText(form, "name");
  if (formText(form, "intent") === "organisationAdmin") {
    const made = await submitForm(context, signInOperations.setOrganisationAdmin, form, {}, (input) => context.api.organisation.setAdmin(input));
    if (!made.ok) {
      if (made.error.code === "FORBIDDEN" && made.error.messageKey === "forbidden") throw new Response("Niet gevonden", { status: 404 });
      return data({ ok: false as const, message: made.error.message, at: Date.now() }, { status: made.error.httpStatus });
    }
    return { ok: true as const, organisationAdmin: made.data.admin, secondFactorReset: false as const, name, at: Date.now() };
  }
  if (formText(form, "intent") === "resetSecondFactor") {
    const reset = await submitForm(context, secondFactorOperations.resetSecondFactor, form, {}, (input) => context.api.platform.resetSecondFactor(input));
    if (!reset.ok) {
      if (reset.error.code === "FORBIDDEN" && reset.error.messageKey === "forbidden") throw new Response("Niet gevonden", { status: 404 });
      return data({ ok: false as const, message: reset.error.message, at: Date.now() }, { status: reset.error.httpStatus });
    }
    return { ok: true as const, secondFactorReset: true as const, name, at: Date.now() };
  }
  const result = await submitForm(context, platformOperations.setUserActive, form, {}, (input) => context.api.platform.setUserActive(input));
  if (!result.ok) {
    if (result.error.code === "FORBIDDEN" && result.error.messageKey === "forbidden") throw new Response("Niet gevonden", { status: 404 });
    return data({ ok: false as const, message: result.error.message, at: Date.now() }, { status: result.error.httpStatus });
  }
  return { ok: true as const, active: result.data.active, secondFactorReset: false as const, name, at: Date.now() };
}

export default function PlatformUsers() {
  const { q, list, self } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const pending = navigation.state === "submitting" ? navigation.formData?.get("userId") : null;
  return (
    <div className="rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <Paragraph>
          <Link to="/platform">{t("users.back")}</Link>
        </Paragraph>
        <Heading level={1}>{t("users.title")}</Heading>
        <Paragraph className="rt-muted">{t("users.intro")}</Paragraph>
      </header>
      <StatusMessage focusKey={result?.ok ? result.at : undefined}>
        {result?.ok
          ? t(doneKey(result), { name: result.name })
          : null}
      </StatusMessage>
      <ErrorAlert>{result && !result.ok ? result.message : null}</ErrorAlert>
      <Form method="get" className="rt-cluster" role="search">
        <TextField name="q" label={t("users.search")} defaultValue={params.get("q") ?? q} maxLength={100} />
        <div>
          <Button type="submit" appearance="secondary-action-button">
            {t("users.searchSubmit")}
          </Button>
        </div>
      </Form>
      {list.users.length === 0 ? (
        <Paragraph>{t("users.none")}</Paragraph>
      ) : (
        <div className="rt-card rt-card--flush rt-table-scroll" tabIndex={0}>
          <Table className="rt-table">
            <TableCaption className="rt-visually-hidden">{t("users.caption")}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("users.name")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("users.email")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("users.organisation")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("users.state")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("users.lastSignIn")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("users.secondFactor")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("users.action")}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.users.map((user) => {
                const active = user.deactivatedAt === null;
                return (
                  <TableRow key={user.id}>
                    <TableHeaderCell scope="row">
                      {user.name}
                      {user.platformAdmin ? ` (${t("users.platformAdmin")})` : ""}
                      {user.organisationAdmin ? ` (${t("users.organisationAdmin")})` : ""}
                    </TableHeaderCell>
                    <TableCell>{user.email}</TableCell>
                    <TableCell>{user.organisation}</TableCell>
                    <TableCell>{active ? t("users.active") : t("users.deactivated")}</TableCell>
                    <TableCell className="rt-nowrap">{user.lastSignInAt ? formatDateTime(user.lastSignInAt, locale) : t("users.never")}</TableCell>
                    <TableCell>
                      {user.secondFactor ? t("users.secondFactorOn") : t("users.secondFactorOff")}
                      {user.secondFactor && (
                        <Form method="post" preventScrollReset>
                          <input type="hidden" name="intent" value="resetSecondFactor" />
                          <input type="hidden" name="userId" value={user.id} />
                          <input type="hidden" name="name" value={user.name} />
                          <Button type="submit" appearance="subtle-button" busy={pending === user.id}>
                            {t("users.resetSecondFactor", { name: user.name })}
                          </Button>
                        </Form>
                      )}
                    </TableCell>
                    <TableCell>
                      <Form method="post" preventScrollReset>
                        <input type="hidden" name="intent" value="organisationAdmin" />
                        <input type="hidden" name="userId" value={user.id} />
                        <input type="hidden" name="admin" value={user.organisationAdmin ? "false" : "true"} />
                        <input type="hidden" name="name" value={user.name} />
                        <Button type="submit" appearance="subtle-button" busy={pending === user.id}>
                          {t(user.organisationAdmin ? "users.revokeOrganisationAdmin" : "users.makeOrganisationAdmin", { name: user.name })}
                        </Button>
                      </Form>
                      {user.id !== self && (
                        <Form method="post" preventScrollReset>
                          <input type="hidden" name="userId" value={user.id} />
                          <input type="hidden" name="active" value={active ? "false" : "true"} />
                          <input type="hidden" name="name" value={user.name} />
                          <Button type="submit" appearance="secondary-action-button" busy={pending === user.id}>
                            {t(active ? "users.deactivate" : "users.reactivate", { name: user.name })}
                          </Button>
                        </Form>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
      {list.more && <Paragraph className="rt-muted">{t("users.more")}</Paragraph>}
    </div>
  );
}

/** What a done action says: made or unmade an organisation administrator, reset a second factor, (de)activated. */
function doneKey(result: { organisationAdmin?: boolean; secondFactorReset: boolean; active?: boolean }): string {
  if (result.organisationAdmin !== undefined) return result.organisationAdmin ? "users.organisationAdminDone" : "users.organisationAdminRevokedDone";
  if (result.secondFactorReset) return "users.secondFactorResetDone";
  return result.active ? "users.reactivatedDone" : "users.deactivatedDone";
}
