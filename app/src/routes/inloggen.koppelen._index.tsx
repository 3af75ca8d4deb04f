import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { signInOperations } from "@regiotafel/domain";
import { TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { mutate, safeRedirect } from "~/lib/api.server";
import { submitForm } from "~/lib/submission.server";
import { useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";

// A provider signed someone in whose address already has a password account (ADR 0035): they
// prove it is theirs once, with its password or through a link to that address.

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "link.title") }, { name: "robots", content: "noindex" }];
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });

const tokenOf = (request: Request) => new URL(request.url).searchParams.get("token") ?? "";

export async function loader({ context, request }: LoaderFunctionArgs) {
  const status = await mutate(context, () => context.api.auth.linkStatus({ token: tokenOf(request) }));
  return data({ link: status.ok ? status.data : null }, { status: status.ok ? 200 : 404 });
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const token = tokenOf(request);
  if (form.get("intent") === "mail") {
    const sent = await mutate(context, () => context.api.auth.linkByMail({ token }));
    return data({ mailed: sent.ok, error: sent.ok ? null : sent.error, reply: null }, { status: sent.ok ? 200 : sent.error.httpStatus });
  }
  const result = await submitForm(context, signInOperations.linkWithPassword, form, { token }, (input) => context.api.auth.linkWithPassword(input));
  if (!result.ok) return data({ mailed: false, error: result.error, reply: result.reply }, { status: result.error.httpStatus });
  throw redirect(safeRedirect(result.data.returnTo));
}

const FIELDS = { password: "" };

export default function LinkAccount() {
  const t = useT();
  const { link } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") !== "mail";
  const [form, fields] = useRecordForm("link", result?.reply ?? undefined, FIELDS);
  if (!link) {
    return (
      <div className="rt-narrow rt-stack rt-stack--loose">
        <Heading level={1}>{t("link.title")}</Heading>
        <Paragraph>{t("link.invalid")}</Paragraph>
        <Paragraph>
          <Link to="/login">{t("ssoReturn.again")}</Link>
        </Paragraph>
      </div>
    );
  }
  return (
    <div className="rt-narrow rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <Heading level={1}>{t("link.title")}</Heading>
      </header>
      <StatusMessage>{result?.mailed ? t("link.mailSent", { email: link.email }) : null}</StatusMessage>
      <section className="rt-card rt-stack">
        <Paragraph>{t("link.intro", { organisation: link.organisation, email: link.email })}</Paragraph>
        <ErrorAlert>{formMessage(form) ?? (result && !result.reply ? result.error?.message : null)}</ErrorAlert>
        <Form id={form.id} method="post" className="rt-stack" noValidate>
          <input type="email" name="email" value={link.email} autoComplete="username" readOnly hidden />
          <TextField {...conformField(fields.password)} type="password" label={t("link.password")} autoComplete="current-password" required />
          <div>
            <Button type="submit" appearance="primary-action-button" busy={busy}>
              {busy ? t("link.busy") : t("link.submit")}
            </Button>
          </div>
        </Form>
        <Form method="post" className="rt-stack">
          <Paragraph>{t("link.orMail", { email: link.email })}</Paragraph>
          <div>
            <Button type="submit" name="intent" value="mail" appearance="secondary-action-button">
              {t("link.mail")}
            </Button>
          </div>
        </Form>
      </section>
    </div>
  );
}
