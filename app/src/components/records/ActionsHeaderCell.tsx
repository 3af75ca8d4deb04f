import { TableHeaderCell } from "@utrecht/component-library-react";

/** The header of a table's actions column (edit, remove): named for screen readers only. */
export function ActionsHeaderCell({ label }: { label: string }) {
  return (
    <TableHeaderCell scope="col">
      <span className="rt-visually-hidden">{label}</span>
    </TableHeaderCell>
  );
}
