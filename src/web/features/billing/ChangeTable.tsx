import { type Column, DataTable } from "../../components/DataTable.js";
import type { ChangeRequest } from "../../lib/api.js";
import { changeRows } from "./changeSummary.js";

/** A request's settings side by side, the changed rows marked: before and after, or now and requested. */
export function ChangeTable(props: {
  request: ChangeRequest;
  creditsPerBlock: number;
  caption: string;
  /** The headings of the two value columns. */
  sides: [Column, Column];
}) {
  const { request } = props;
  return (
    <DataTable
      columns={[{ label: "Setting", hidden: true }, ...props.sides]}
      caption={props.caption}
      className="table change-table"
      inline
    >
      {changeRows(request.current, request.requested, props.creditsPerBlock).map((row) => (
        <tr key={row.label} className={row.changed ? "row-changed" : ""}>
          <th scope="row">{row.label}</th>
          <td>{row.before}</td>
          <td>{row.after}</td>
        </tr>
      ))}
    </DataTable>
  );
}
