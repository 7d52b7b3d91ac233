import * as Dialog from "@radix-ui/react-dialog";
import { type ReactNode, useRef } from "react";

export const firstField =
  "input:not([disabled]):not([type=hidden]):not([type=radio]), select:not([disabled]), textarea:not([disabled])";

/** A dialog with a title, a description and a footer; Escape and the close button dismiss it. */
export function Modal(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  size?: "normal" | "wide";
}) {
  // The control that opened the dialog gets the focus back when it closes (there is no
  // Dialog.Trigger: the buttons live elsewhere on the page).
  const opener = useRef<HTMLElement | null>(null);
  const content = useRef<HTMLDivElement>(null);
  return (
    <Dialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="modal-overlay" />
        <Dialog.Content
          className={`modal ${props.size === "wide" ? "modal-wide" : ""}`}
          ref={content}
          onOpenAutoFocus={(event) => {
            opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
            // The first field, not ×; a form still loading focuses its first field itself.
            event.preventDefault();
            // Visible fields only (a slider's hidden form input is no field).
            const field = [...(content.current?.querySelectorAll<HTMLElement>(firstField) ?? [])].find(
              (element) => element.getClientRects().length > 0,
            );
            (
              field ?? content.current?.querySelector<HTMLElement>(".modal-body button, .modal-close")
            )?.focus();
          }}
          onCloseAutoFocus={(event) => {
            // Back to the control that opened it; when that is gone (a decided request's card), the
            // page moves the focus itself.
            event.preventDefault();
            if (opener.current?.isConnected) opener.current.focus();
          }}
        >
          <header className="modal-header">
            <Dialog.Title className="modal-title">{props.title}</Dialog.Title>
            {props.description ? (
              <Dialog.Description className="modal-description">{props.description}</Dialog.Description>
            ) : (
              <Dialog.Description className="visually-hidden">{props.title}</Dialog.Description>
            )}
            <Dialog.Close className="icon-button modal-close" aria-label="Close">
              <span aria-hidden="true">×</span>
            </Dialog.Close>
          </header>
          <div className="modal-body">
            {props.children}
            {/* In the body, as the dialogs that draw their own footer have it: sticky, with its padding. */}
            {props.footer ? <footer className="modal-footer">{props.footer}</footer> : null}
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
