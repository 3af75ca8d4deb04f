import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from "@utrecht/component-library-react";
import { DELIVERIES, LOCALES, notificationPreferenceOperations } from "@regiotafel/domain";
import { TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { load, requireUser } from "~/lib/api.server";
import { submitForm } from "~/lib/submission.server";
import { useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";

// The user's own notification preferences (issue 21, point 7; ADR 0038): per kind one of the
// deliveries (a table of radio buttons: each row is one group, arrow keys move within it), the
// days ahead a milestone is announced, the language of the mails. Works without JavaScript.

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.notificationPreferences") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  return { preferences: await load(context, request, () => context.api.notificationPreferences.get({})) };
}

export async function action({ context, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const form = await request.formData();
  const result = await submitForm(context, notificationPreferenceOperations.set, form, {}, (input) => context.api.notificationPreferences.set(input));
  if (!result.ok) return data({ ok: false as const, message: result.error.message, fieldErrors: result.error.fieldErrors ?? {}, at: Date.now() }, { status: result.error.httpStatus });
  return { ok: true as const, at: Date.now() };
}

export default function NotificationPreferencesPage() {
  const { preferences } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const t = useT();
  return (
    <div className="rt-stack rt-stack--loose rt-narrow-wide">
      <header className="rt-page-header">
        <Paragraph>
          <Link to="/account">{t("notificationPrefs.back")}</Link>
        </Paragraph>
        <Heading level={1}>{t("notificationPrefs.title")}</Heading>
        <Paragraph className="rt-muted">{t("notificationPrefs.intro")}</Paragraph>
      </header>
      <StatusMessage focusKey={result?.ok ? result.at : undefined}>{result?.ok ? t("notificationPrefs.saved") : null}</StatusMessage>
      <ErrorAlert>{result && !result.ok ? result.message : null}</ErrorAlert>
      {/* A fresh form after saving, so the radios show what was stored. */}
      <Form method="post" className="rt-stack rt-stack--loose" key={result?.ok ? result.at : "form"} aria-labelledby="preferences-caption">
        <div className="rt-card rt-card--flush rt-table-scroll" tabIndex={0} role="group" aria-labelledby="preferences-caption">
          <Table className="rt-table">
            <TableCaption id="preferences-caption">{t("notificationPrefs.table")}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("notificationPrefs.kindColumn")}</TableHeaderCell>
                {DELIVERIES.map((delivery) => (
                  <TableHeaderCell scope="col" key={delivery} id={`delivery-${delivery}`}>
                    {t(`notificationPrefs.delivery.${delivery}`)}
                  </TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {preferences.kinds.map(({ kind, delivery: current }) => (
                <TableRow key={kind}>
                  <TableHeaderCell scope="row" id={`kind-${kind}`}>
                    {t(`notificationPrefs.kind.${kind}`)}
                  </TableHeaderCell>
                  {DELIVERIES.map((delivery) => (
                    <TableCell key={delivery}>
                      <input
                        type="radio"
                        name={`deliveries.${kind}`}
                        value={delivery}
                        defaultChecked={delivery === current}
                        id={`${kind}-${delivery}`}
                        aria-labelledby={`kind-${kind} delivery-${delivery}`}
                      />
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        <TextField
          name="milestoneLeadDays"
          type="text"
          inputMode="numeric"
          label={t("notificationPrefs.leadDays")}
          description={t("notificationPrefs.leadDaysHint")}
          defaultValue={String(preferences.milestoneLeadDays)}
          errors={result && !result.ok ? result.fieldErrors.milestoneLeadDays : undefined}
          width="short"
          required
        />
        <fieldset className="rt-stack">
          <legend>{t("notificationPrefs.mailLocale")}</legend>
          {LOCALES.map((locale) => (
            <label key={locale} className="rt-cluster">
              <input type="radio" name="mailLocale" value={locale} defaultChecked={preferences.mailLocale === locale} />
              {t(`notificationPrefs.mailLocale.${locale}`)}
            </label>
          ))}
        </fieldset>
        <div>
          <Button type="submit" appearance="primary-action-button" busy={busy}>
            {busy ? t("common.saving") : t("notificationPrefs.submit")}
          </Button>
        </div>
      </Form>
    </div>
  );
}
