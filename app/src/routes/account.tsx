import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert, Button, DataList, DataListItem, DataListKey, DataListValue, Heading, Paragraph } from "@utrecht/component-library-react";
import { TextField } from "~/components/FormFields";
import { load, mutate, requireUser } from "~/lib/api.server";
import { useT } from "~/i18n/use-t";

export const meta: MetaFunction = () => [{ title: "Account — Regiotafel" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  return { account: await load(context, request, () => context.api.account.get()) };
}

export async function action({ context, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const form = await request.formData();
  if (form.get("intent") === "everywhere") {
    await context.api.auth.logoutEverywhere();
    throw redirect("/login?uitgelogd=1");
  }
  const text = (name: string) => String(form.get(name) ?? "");
  const result = await mutate(context, () => context.api.auth.changePassword({ current: text("current"), next: text("next"), confirm: text("confirm") }));
  if (!result.ok) return data({ ok: false as const, error: result.error }, { status: result.error.httpStatus });
  return { ok: true as const };
}

export default function Account() {
  const { account } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "password";
  const errors = result && !result.ok ? (result.error.fieldErrors ?? {}) : {};
  return (
    <div className="rt-stack rt-narrow-wide">
      <Heading level={1}>{t("account.title")}</Heading>
      <section className="rt-card rt-stack" aria-labelledby="details-heading">
        <Heading level={2} id="details-heading">
          {t("account.details")}
        </Heading>
        <DataList>
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
      </section>
      <section className="rt-card rt-stack" aria-labelledby="password-heading">
        <Heading level={2} id="password-heading">
          {t("account.password")}
        </Heading>
        <Paragraph>{t("account.passwordIntro")}</Paragraph>
        {result?.ok && (
          <Alert type="ok" role="status">
            <Paragraph>{t("account.changed")}</Paragraph>
          </Alert>
        )}
        {result && !result.ok && !result.error.fieldErrors && (
          <Alert type="error" role="alert">
            <Paragraph>{result.error.message}</Paragraph>
          </Alert>
        )}
        <Form method="post" className="rt-stack" noValidate key={result?.ok ? "done" : "form"}>
          <input type="hidden" name="intent" value="password" />
          <input type="text" name="username" autoComplete="username" defaultValue={account.email} hidden readOnly />
          <TextField name="current" type="password" label={t("account.current")} errors={errors.current} autoComplete="current-password" required />
          <TextField name="next" type="password" label={t("account.next")} description={t("account.nextHint")} errors={errors.next} autoComplete="new-password" required />
          <TextField name="confirm" type="password" label={t("account.confirm")} errors={errors.confirm} autoComplete="new-password" required />
          <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
            {busy ? t("common.saving") : t("account.password")}
          </Button>
        </Form>
      </section>
      <section className="rt-card rt-stack" aria-labelledby="everywhere-heading">
        <Heading level={2} id="everywhere-heading">
          {t("account.everywhere")}
        </Heading>
        <Paragraph>{t("account.everywhereIntro")}</Paragraph>
        <Form method="post">
          <input type="hidden" name="intent" value="everywhere" />
          <Button type="submit" appearance="secondary-action-button">
            {t("account.everywhere")}
          </Button>
        </Form>
      </section>
    </div>
  );
}
