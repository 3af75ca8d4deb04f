import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import {
  Button,
  FormField,
  FormLabel,
  Heading,
  Paragraph,
  Select,
  SelectOption,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@utrecht/component-library-react";
import { load } from "~/lib/api.server";
import { describeAuditEvent } from "~/lib/history";
import { useWorkspace } from "~/lib/workspace";
import { useLocale, useT } from "~/i18n/use-t";

export const meta: MetaFunction = () => [{ title: "Wijzigingen — Regiotafel" }];

const FILTERS = ["membership", "municipality"] as const;

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const type = url.searchParams.get("soort");
  const cursor = url.searchParams.get("na") ?? undefined;
  const entityType = (FILTERS as readonly string[]).includes(type ?? "") ? type! : undefined;
  return load(context, request, () =>
    context.api.workspace.history({ workspace: params.workspace ?? "", entityType, cursor, limit: 25 }),
  );
}

export default function History() {
  const { events, nextCursor } = useLoaderData<typeof loader>();
  const overview = useWorkspace();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const current = params.get("soort") ?? "";
  const names = new Map(overview.regions.flatMap((r) => r.municipalities).map((m) => [m.id, m.name]));
  const when = new Intl.DateTimeFormat(locale === "nl" ? "nl-NL" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Amsterdam" });
  const next = new URLSearchParams(params);
  if (nextCursor) next.set("na", nextCursor);
  return (
    <div className="rt-stack">
      <Heading level={2}>{t("history.title")}</Heading>
      <Paragraph>{t("history.intro")}</Paragraph>
      <Form method="get" className="rt-inline-form">
        <FormField type="select">
          <div className="utrecht-form-field__label">
            <FormLabel htmlFor="soort">{t("history.filter")}</FormLabel>
          </div>
          <div className="utrecht-form-field__input">
            <Select id="soort" name="soort" defaultValue={current}>
              <SelectOption value="">{t("history.filter.all")}</SelectOption>
              {FILTERS.map((f) => (
                <SelectOption key={f} value={f}>
                  {t(`history.filter.${f}`)}
                </SelectOption>
              ))}
            </Select>
          </div>
        </FormField>
        <Button type="submit" appearance="secondary-action-button">
          {t("history.apply")}
        </Button>
      </Form>
      {events.length === 0 ? (
        <Paragraph className="rt-muted">{t("history.empty")}</Paragraph>
      ) : (
        <div className="rt-table-scroll">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("history.when")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("history.who")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("history.what")}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {events.map((e) => (
                <TableRow key={e.id}>
                  <TableCell>
                    <time dateTime={new Date(e.at).toISOString()}>{when.format(new Date(e.at))}</time>
                  </TableCell>
                  <TableCell>{e.actor ? `${e.actor.name} (${e.actor.organisation})` : t("history.system")}</TableCell>
                  <TableCell>{describeAuditEvent(e, t, (id) => names.get(id), e.entityId)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {nextCursor && (
        <Paragraph>
          <Link className="utrecht-link" to={`?${next.toString()}`}>
            {t("history.more")}
          </Link>
        </Paragraph>
      )}
    </div>
  );
}
