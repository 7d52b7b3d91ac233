import type { ReactNode, Ref } from "react";

/**
 * The top of a page: where it sits (Settings / …), its one h1, a lead sentence and whatever the
 * page puts beside them (a form, an export).
 */
export function PageHeader(props: {
  title: string;
  /** The breadcrumb's last step: the title by default, a link back, or none (null). */
  crumb?: ReactNode;
  lead?: ReactNode;
  /** A heading that takes the focus (the page's first stop after signing in). */
  headingRef?: Ref<HTMLHeadingElement>;
  children?: ReactNode;
}) {
  const crumb = props.crumb === undefined ? <span>{props.title}</span> : props.crumb;
  return (
    <header className="page-header">
      {crumb === null ? null : (
        <p className="breadcrumb">
          <span>Settings</span> / {crumb}
        </p>
      )}
      <h1 ref={props.headingRef} tabIndex={props.headingRef ? -1 : undefined}>
        {props.title}
      </h1>
      {props.lead ? <p className="lead">{props.lead}</p> : null}
      {props.children}
    </header>
  );
}
