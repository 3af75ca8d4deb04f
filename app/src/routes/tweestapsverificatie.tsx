import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import QRCode from "qrcode";
import { secondFactorOperations } from "@regiotafel/domain";
import { TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { load, mutate, requireUser } from "~/lib/api.server";
import { formText } from "~/lib/forms";
import { submitForm } from "~/lib/submission.server";
import { useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";

// /tweestapsverificatie (issue 20 point 7): setting up an authenticator app (a QR code rendered
// here on the server, and the key as text), the recovery codes shown once, new recovery codes,
// and turning it off. Platform administrators without it are sent here from every page.

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.secondFactor") }];

/** The key in groups of four, as authenticator apps show and accept it. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)!.join(" ");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const status = await load(context, request, () => context.api.secondFactor.status());
  const enrolment = status.enrolmentStarted ? await load(context, request, () => context.api.secondFactor.enrolment()) : null;
  return {
    status,
    mustEnrol: user.mustEnrolSecondFactor === true,
    enrolment: enrolment && {
      secret: grouped(enrolment.secret),
      qrSvg: await QRCode.toString(enrolment.uri, { type: "svg", margin: 2, errorCorrectionLevel: "M" }),
    },
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const form = await request.formData();
  const intent = formText(form, "intent");
  if (intent === "start") {
    const result = await mutate(context, () => context.api.secondFactor.startEnrolment({}));
    if (!result.ok) return data({ intent, ok: false as const, message: result.error.message, reply: undefined }, { status: result.error.httpStatus });
    return { intent, ok: true as const };
  }
  if (intent === "confirm" || intent === "regenerate") {
    const result =
      intent === "confirm"
        ? await submitForm(context, secondFactorOperations.confirmEnrolment, form, {}, (input) => context.api.secondFactor.confirmEnrolment(input))
        : await submitForm(context, secondFactorOperations.regenerateRecoveryCodes, form, {}, (input) => context.api.secondFactor.regenerateRecoveryCodes(input));
    if (!result.ok) return data({ intent, ok: false as const, message: null, reply: result.reply }, { status: result.error.httpStatus });
    return { intent, ok: true as const, recoveryCodes: result.data.recoveryCodes };
  }
  const result = await submitForm(context, secondFactorOperations.disableSecondFactor, form, {}, (input) => context.api.secondFactor.disable(input));
  if (!result.ok) return data({ intent: "disable" as const, ok: false as const, message: null, reply: result.reply }, { status: result.error.httpStatus });
  return { intent: "disable" as const, ok: true as const };
}

const CODE = { code: "" };
const PASSWORD = { password: "" };

export default function SecondFactorPage() {
  const { status, mustEnrol, enrolment } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const codes = result?.ok && "recoveryCodes" in result ? result.recoveryCodes : null;
  return (
    <div className="rt-stack rt-stack--loose rt-narrow-wide">
      <header className="rt-page-header">
        {!mustEnrol && (
          <Paragraph>
            <Link to="/account">{t("twoStep.back")}</Link>
          </Paragraph>
        )}
        <Heading level={1}>{t("title.secondFactor")}</Heading>
        <Paragraph className="rt-muted">{t("account.secondFactorIntro")}</Paragraph>
      </header>
      {mustEnrol && !codes && <StatusMessage>{t("twoStep.required")}</StatusMessage>}
      <StatusMessage focusKey={result?.intent === "disable" && result.ok ? 1 : undefined}>{result?.intent === "disable" && result.ok ? t("twoStep.disabled") : null}</StatusMessage>
      {codes ? (
        <RecoveryCodes codes={codes} />
      ) : status.enabled ? (
        <Manage codesLeft={status.recoveryCodesLeft} required={status.required} result={result} />
      ) : enrolment ? (
        <Confirm enrolment={enrolment} reply={result?.intent === "confirm" && !result.ok ? result.reply : undefined} />
      ) : (
        <Start message={result?.intent === "start" && !result.ok ? result.message : null} />
      )}
    </div>
  );
}

function Start({ message }: { message: string | null }) {
  const t = useT();
  const navigation = useNavigation();
  return (
    <section className="rt-card rt-stack" aria-labelledby="start-heading">
      <Heading level={2} id="start-heading">
        {t("account.secondFactorSetUp")}
      </Heading>
      <Paragraph>{t("twoStep.startIntro")}</Paragraph>
      <ErrorAlert>{message}</ErrorAlert>
      <Form method="post">
        <input type="hidden" name="intent" value="start" />
        <Button type="submit" appearance="primary-action-button" busy={navigation.formData?.get("intent") === "start"}>
          {t("twoStep.start")}
        </Button>
      </Form>
    </section>
  );
}

function Confirm({ enrolment, reply }: { enrolment: { secret: string; qrSvg: string }; reply: Parameters<typeof useRecordForm>[1] }) {
  const t = useT();
  const navigation = useNavigation();
  const [form, fields] = useRecordForm("second-factor-confirm", reply, CODE);
  return (
    <section className="rt-card rt-stack" aria-labelledby="confirm-heading">
      <Heading level={2} id="confirm-heading">
        {t("account.secondFactorSetUp")}
      </Heading>
      <Paragraph>{t("twoStep.scan")}</Paragraph>
      {/* Made on the server by `qrcode` from the otpauth:// URI: paths only, no script. */}
      <div className="rt-qr" role="img" aria-label={t("twoStep.qrLabel")} dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }} />
      <Paragraph>
        {t("twoStep.manual")} <code className="rt-nowrap">{enrolment.secret}</code>
      </Paragraph>
      <Paragraph>{t("twoStep.confirmIntro")}</Paragraph>
      <ErrorAlert>{formMessage(form)}</ErrorAlert>
      <Form id={form.id} method="post" className="rt-stack" noValidate>
        <input type="hidden" name="intent" value="confirm" />
        <TextField {...conformField(fields.code)} label={t("twoStep.code")} autoComplete="one-time-code" inputMode="numeric" maxLength={40} width="code" required />
        <div>
          <Button type="submit" appearance="primary-action-button" busy={navigation.formData?.get("intent") === "confirm"}>
            {t("twoStep.confirm")}
          </Button>
        </div>
      </Form>
      <Form method="post">
        <input type="hidden" name="intent" value="start" />
        <Button type="submit" appearance="subtle-button">
          {t("twoStep.restart")}
        </Button>
      </Form>
    </section>
  );
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  const t = useT();
  const text = `${t("twoStep.codesLabel")} — Regiotafel\n\n${codes.join("\n")}\n`;
  return (
    <section className="rt-card rt-stack" aria-labelledby="codes-heading">
      <StatusMessage focusKey={codes[0]}>{t("twoStep.enabled")}</StatusMessage>
      <Heading level={2} id="codes-heading">
        {t("twoStep.codesTitle")}
      </Heading>
      <Paragraph>{t("twoStep.codesIntro")}</Paragraph>
      <pre className="rt-recovery-codes">
        {codes.join("\n")}
      </pre>
      <Paragraph className="rt-muted">{t("twoStep.codesHint")}</Paragraph>
      <Paragraph>
        <a href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`} download={t("twoStep.codesFile")}>
          {t("twoStep.codesDownload")}
        </a>
      </Paragraph>
      <Paragraph>
        {/* A document request: the next page is rendered without the enrolment gate. */}
        <a href="/">{t("twoStep.continue")}</a>
      </Paragraph>
    </section>
  );
}

type ManageResult = { intent: string; ok: boolean; reply?: Parameters<typeof useRecordForm>[1] } | undefined;

function Manage({ codesLeft, required, result }: { codesLeft: number; required: boolean; result: ManageResult }) {
  const t = useT();
  const navigation = useNavigation();
  const [codeForm, codeFields] = useRecordForm("second-factor-regenerate", result?.intent === "regenerate" && !result.ok ? result.reply : undefined, CODE);
  const [passwordForm, passwordFields] = useRecordForm("second-factor-disable", result?.intent === "disable" && !result.ok ? result.reply : undefined, PASSWORD);
  const submitting = navigation.formData?.get("intent");
  return (
    <>
      <section className="rt-card rt-stack" aria-labelledby="regenerate-heading">
        <Paragraph>
          {t("twoStep.enabled")} {t("twoStep.codesLeft", { count: codesLeft })}
        </Paragraph>
        <Heading level={2} id="regenerate-heading">
          {t("twoStep.regenerateTitle")}
        </Heading>
        <Paragraph>{t("twoStep.regenerateIntro")}</Paragraph>
        <ErrorAlert>{formMessage(codeForm)}</ErrorAlert>
        <Form id={codeForm.id} method="post" className="rt-stack" noValidate>
          <input type="hidden" name="intent" value="regenerate" />
          <TextField {...conformField(codeFields.code)} label={t("twoStep.code")} autoComplete="one-time-code" inputMode="numeric" maxLength={40} width="code" required />
          <div>
            <Button type="submit" appearance="secondary-action-button" busy={submitting === "regenerate"}>
              {t("twoStep.regenerate")}
            </Button>
          </div>
        </Form>
      </section>
      <section className="rt-card rt-stack" aria-labelledby="disable-heading">
        <Heading level={2} id="disable-heading">
          {t("twoStep.disableTitle")}
        </Heading>
        <Paragraph>
          {t("twoStep.disableIntro")} {required ? t("twoStep.disableRequired") : null}
        </Paragraph>
        <ErrorAlert>{formMessage(passwordForm)}</ErrorAlert>
        <Form id={passwordForm.id} method="post" className="rt-stack" noValidate>
          <input type="hidden" name="intent" value="disable" />
          <TextField {...conformField(passwordFields.password)} type="password" label={t("twoStep.password")} autoComplete="current-password" required />
          <div>
            <Button type="submit" appearance="secondary-action-button" busy={submitting === "disable"}>
              {t("twoStep.disable")}
            </Button>
          </div>
        </Form>
      </section>
    </>
  );
}
