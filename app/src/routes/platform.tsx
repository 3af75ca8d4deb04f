import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import {
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
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
import { describeError } from "@regiotafel/domain";
import { load, requireUser } from "~/lib/api.server";
import { formatDateTime } from "~/lib/format";
import { useLocale, useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";

// The platform administrators' page (ADR 0021): how much there is, and the mails given up on.

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.platform") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  try {
    return { overview: await load(context, request, () => context.api.platform.overview({})) };
  } catch (error) {
    // Anyone else signed in: the same 404 as a page that does not exist.
    if (!(error instanceof Response) && describeError(error, context.locale).code === "FORBIDDEN") throw new Response("Niet gevonden", { status: 404 });
    throw error;
  }
}

export default function Platform() {
  const { overview } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const counts = [
    ["platform.workspaces", overview.workspaces],
    ["platform.organisations", overview.organisations],
    ["platform.users", overview.users],
    ["platform.platformAdmins", overview.platformAdmins],
    ["platform.failedMails", overview.failedMailCount],
  ] as const;
  return (
    <div className="rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <Heading level={1}>{t("platform.title")}</Heading>
        <Paragraph className="rt-muted">{t("platform.intro")}</Paragraph>
        <Paragraph><Link to="/platform/gebruikers">{t("platform.usersLink")}</Link></Paragraph>
        <Paragraph><Link to="/platform/import">{t("platform.importLink")}</Link></Paragraph>
      </header>
      <nav aria-label={t("platform.sections")} className="rt-inline-list"><Link to="/platform/werkruimtes">{t("wsadmin.title")}</Link><Link to="/platform/organisaties">{t("directory.title")}</Link></nav>
      <section className="rt-card rt-stack" aria-labelledby="counts-heading">
        <Heading level={2} id="counts-heading">
          {t("platform.counts")}
        </Heading>
        <DataList appearance="rows" className="rt-data-list">
          {counts.map(([key, value]) => (
            <DataListItem key={key}>
              <DataListKey>{t(key)}</DataListKey>
              <DataListValue>{value}</DataListValue>
            </DataListItem>
          ))}
        </DataList>
      </section>
      <section className="rt-stack" aria-labelledby="failed-heading">
        <Heading level={2} id="failed-heading">
          {t("platform.failedMails")}
        </Heading>
        <Paragraph className="rt-muted">{t("platform.failedMails.intro")}</Paragraph>
        {overview.failedMails.length === 0 ? (
          <Paragraph>{t("platform.failedMails.none")}</Paragraph>
        ) : (
          <div className="rt-card rt-card--flush rt-table-scroll" tabIndex={0}>
            <Table className="rt-table">
              <TableCaption className="rt-visually-hidden">{t("platform.failedMails.caption")}</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t("platform.failedMails.recipient")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("platform.failedMails.template")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("platform.failedMails.attempts")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("platform.failedMails.error")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("platform.failedMails.created")}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {overview.failedMails.map((mail) => (
                  <TableRow key={mail.id}>
                    <TableHeaderCell scope="row">{mail.recipient}</TableHeaderCell>
                    <TableCell>{mail.template}</TableCell>
                    <TableCell>{mail.attempts}</TableCell>
                    <TableCell>{mail.lastError ?? t("common.none")}</TableCell>
                    <TableCell className="rt-nowrap">{formatDateTime(mail.createdAt, locale)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </section>
    </div>
  );
}
