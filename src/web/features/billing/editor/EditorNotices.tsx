import { MessageText, Notice } from "../../../components/ui.js";
import type { EditorState } from "./editorReducer.js";

/** Rules that belong to no field, why the figures must be reviewed again, and a failed save. */
export function EditorNotices(props: {
  generalViolations: { code: string; message: string }[];
  reviewAgain: EditorState["reviewAgain"];
  failure: EditorState["failure"];
}) {
  return (
    <>
      {props.generalViolations.map((violation) => (
        <p key={violation.code} className="form-error" role="alert">
          <MessageText text={violation.message} />
        </p>
      ))}
      {props.reviewAgain === "figures" ? (
        <Notice tone="info" title="The cost was updated" role="alert" testId="review-again">
          <p>The server's figures differ from the estimate. Review the cost preview and click again.</p>
        </Notice>
      ) : props.reviewAgain === "changed" ? (
        <Notice tone="info" title="The subscription changed" role="alert" testId="review-again">
          <p>
            Someone changed the subscription after you opened this dialog. The cost preview now starts from
            the current plan: review it and click again.
          </p>
        </Notice>
      ) : null}
      {props.failure ? (
        <Notice tone="error" title="The change was not saved" role="alert">
          <p data-testid="save-error">
            <MessageText text={props.failure.message} />
          </p>
        </Notice>
      ) : null}
    </>
  );
}
