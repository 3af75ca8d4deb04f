import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, DataList, DataListItem, DataListKey, DataListValue, Heading, Paragraph } from "@utrecht/component-library-react";
import { PASSWORD_MIN_LENGTH } from "@regiotafel/domain";
import { TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { load, mutate, requireUser } from "~/lib/api.server";
import { formText } from "~/lib/forms";
import { submitForm } from "~/lib/submission.server";
import { accountOperations } from "@regiotafel/domain";
import { useT } from "~/i18n/use-t";

export const meta: MetaFunction = () => [{ title: "Account — Regiotafel" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  return { account: await load(context, request, () => context.api.account.get()) };
}

export async function action({ context, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const form = await request.formData();
  if (formText(form, "intent") === "everywhere") {
    // Ends every session, this one included; the procedure also clears the cookie.
    await mutate(context, () => context.api.auth.logoutEverywhere());
    throw redirect("/login?uitgelogd=1");
  }
  const result = await submitForm(context, accountOperations.changePassword, form, {}, (input) => context.api.auth.changePassword(input));
  // The reply never carries the passwords (the contract's secret fields).
  if (!result.ok) return data({ ok: false as const, error: result.error, reply: result.reply, at: Date.now() }, { status: result.error.httpStatus });
  return { ok: true as const, at: Date.now() };
}

/** The password form's fields; they always start empty (a refusal never sends them back). */
const PASSWORDS = { current: "", next: "", confirm: "" };

export default function Account() {
  const { account } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const submitting = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const failed = result && !result.ok ? result : undefined;
  const [form, fields] = useRecordForm("password", failed?.reply, PASSWORDS);
  return (
    <div className="rt-stack rt-stack--loose rt-narrow-wide">
      <Heading level={1}>{t("account.title")}</Heading>
      <section className="rt-card rt-stack" aria-labelledby="details-heading">
        <Heading level={2} id="details-heading">
          {t("account.details")}
        </Heading>
        <DataList appearance="rows" className="rt-data-list">
          <DataListItem>
            <DataListKey>{t("account.name")}</DataListKey>
            <DataListValue>{account.name}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t("account.email")}</DataListKey>
            <DataListValue>{account.email}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t("account.organisation")}</DataListKey>
            <DataListValue>{account.organisation.name}</DataListValue>
          </DataListItem>
        </DataList>
        <Paragraph className="rt-muted">{t("account.detailsHint")}</Paragraph>
        {account.platformAdmin && (
          <Paragraph>
            {t("account.platform")} <Link to="/platform">{t("account.platformLink")}</Link>
          </Paragraph>
        )}
      </section>
      <section className="rt-card rt-stack" aria-labelledby="password-heading">
        <div>
          <Heading level={2} id="password-heading">
            {t("account.password")}
          </Heading>
          <Paragraph className="rt-muted rt-tight">{t("account.passwordIntro")}</Paragraph>
        </div>
        <StatusMessage focusKey={result?.ok ? result.at : undefined}>{result?.ok ? t("account.changed") : null}</StatusMessage>
        <ErrorAlert>{formMessage(form)}</ErrorAlert>
        {/* A fresh, empty form after a successful change. */}
        <Form id={form.id} method="post" className="rt-stack" noValidate preventScrollReset key={result?.ok ? result.at : "form"} aria-labelledby="password-heading">
          <input type="hidden" name="intent" value="password" />
          {/* Tells password managers which account the new password belongs to. */}
          <input type="text" name="username" autoComplete="username" defaultValue={account.email} hidden readOnly />
          <TextField {...conformField(fields.current)} type="password" label={t("account.current")} autoComplete="current-password" required />
          <TextField
            {...conformField(fields.next)}
            type="password"
            label={t("account.next")}
            description={t("account.nextHint", { min: PASSWORD_MIN_LENGTH })}
            autoComplete="new-password"
            required
          />
          <TextField {...conformField(fields.confirm)} type="password" label={t("account.confirm")} autoComplete="new-password" required />
          <div>
            <Button type="submit" appearance="primary-action-button" busy={submitting === "password"}>
              {submitting === "password" ? t("common.saving") : t("account.passwordSubmit")}
            </Button>
          </div>
        </Form>
      </section>
      <section className="rt-card rt-stack" aria-labelledby="everywhere-heading">
        <div>
          <Heading level={2} id="everywhere-heading">
            {t("account.everywhere")}
          </Heading>
          <Paragraph className="rt-muted rt-tight">{t("account.everywhereIntro")}</Paragraph>
        </div>
        <Form method="post">
          <input type="hidden" name="intent" value="everywhere" />
          <Button type="submit" appearance="secondary-action-button" busy={submitting === "everywhere"}>
            {t("account.everywhere")}
          </Button>
        </Form>
      </section>
    </div>
  );
}
