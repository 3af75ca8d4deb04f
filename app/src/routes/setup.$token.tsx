import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { PASSWORD_MIN_LENGTH, platformOperations } from "@regiotafel/domain";
import { TextField } from "~/components/FormFields";
import { ErrorAlert } from "~/components/Feedback";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { load } from "~/lib/api.server";
import { keptValues } from "~/lib/edit-merge";
import { submitForm } from "~/lib/submission.server";
import { useT } from "~/i18n/use-t";
import { metaT } from "~/lib/meta";

// The first run (ADR 0021): the link printed at start creates the first platform administrator.
// Once any account exists this page is 404; a wrong, outdated or used link shows the same
// "no longer works" page, whatever the reason.

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("title.setup") }, { name: "robots", content: "noindex" }];

/** The page carries the token in its URL: never kept by a cache. */
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  // NOT_FOUND once an account exists: the 404 page.
  const { valid, organisations } = await load(context, request, () => context.api.setup.check({ token: params.token ?? "" }));
  return data({ valid, organisations }, { status: valid ? 200 : 404 });
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await submitForm(context, platformOperations.completeSetup, form, { token: params.token ?? "" }, (input) => context.api.setup.complete(input));
  if (!result.ok) {
    // A token that no longer works (used meanwhile, replaced by a restart, a user exists): the same page for every reason.
    if (result.error.code === "NOT_FOUND") return data({ valid: false as const }, { status: 404 });
    // The reply keeps name, address and organisation, never the passwords (the contract's secret fields).
    return data({ valid: true as const, error: result.error, reply: result.reply }, { status: result.error.httpStatus });
  }
  // The procedure signed the new administrator in (its session cookie is on this response).
  throw redirect(result.data.signedIn ? "/platform" : "/login");
}

const FIELDS = { name: "", email: "", organisation: "", password: "", confirm: "" };

export default function Setup() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [form, fields] = useRecordForm("setup", result && "reply" in result ? result.reply : undefined, FIELDS);
  const kept = keptValues(form.initialValue, FIELDS);
  if (!loaded.valid || result?.valid === false) {
    return (
      <div className="rt-narrow rt-stack rt-stack--loose">
        <Heading level={1}>{t("setup.invalid.title")}</Heading>
        <Paragraph>{t("setup.invalid.body")}</Paragraph>
        <Paragraph>
          <Link to="/login">{t("setup.invalid.login")}</Link>
        </Paragraph>
      </div>
    );
  }
  return (
    <div className="rt-narrow rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <p className="rt-eyebrow">{t("app.tagline")}</p>
        <Heading level={1}>{t("setup.title")}</Heading>
      </header>
      <section className="rt-card rt-stack">
        <Paragraph>{t("setup.intro")}</Paragraph>
        <ErrorAlert>{formMessage(form)}</ErrorAlert>
        <Form id={form.id} method="post" className="rt-stack" noValidate>
          <TextField {...conformField(fields.name)} label={t("setup.name")} defaultValue={kept.name} autoComplete="name" required />
          <TextField {...conformField(fields.email)} type="email" label={t("setup.email")} defaultValue={kept.email} autoComplete="username" required />
          {/* The directory as the browser's suggestions as you type (ADR 0022); the server finds the
              organisation by name or CBS code, and a name not in the directory becomes a new one. */}
          <TextField
            {...conformField(fields.organisation)}
            label={t("setup.organisation")}
            description={t("setup.organisationHint")}
            defaultValue={kept.organisation}
            autoComplete="off"
            list="setup-organisations"
            required
          />
          <datalist id="setup-organisations">
            {loaded.organisations.map((o) => (
              <option key={`${o.kind}-${o.name}`} value={o.name}>
                {o.cbsCode ? `${o.cbsCode} · ${o.name}` : o.name}
              </option>
            ))}
          </datalist>
          <TextField
            {...conformField(fields.password)}
            type="password"
            label={t("setup.password")}
            description={t("setup.passwordHint", { min: PASSWORD_MIN_LENGTH })}
            autoComplete="new-password"
            required
          />
          <TextField {...conformField(fields.confirm)} type="password" label={t("setup.confirm")} autoComplete="new-password" required />
          <div>
            <Button type="submit" appearance="primary-action-button" busy={busy}>
              {busy ? t("setup.busy") : t("setup.submit")}
            </Button>
          </div>
        </Form>
      </section>
    </div>
  );
}
