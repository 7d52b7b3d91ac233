import { type ReactNode, type Ref, useState } from "react";
import { describedBy, Field } from "./ui.js";

/**
 * A password with its label, hint and error (tied to the input by aria-describedby) and a
 * Show/Hide toggle. The toggle keeps one name, "Show", and says its state with aria-pressed; it
 * is described by the field's label so a screen reader hears which password it shows.
 */
export function PasswordField(props: {
  id: string;
  label: string;
  autoComplete: "current-password" | "new-password";
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const [shown, setShown] = useState(false);
  return (
    <Field id={props.id} label={props.label} error={props.error} hint={props.hint}>
      <div className="password-input">
        <input
          id={props.id}
          ref={props.inputRef}
          type={shown ? "text" : "password"}
          autoComplete={props.autoComplete}
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
          required
          {...describedBy(props.id, props.error, Boolean(props.hint))}
        />
        <button
          type="button"
          className="button button-small password-toggle"
          aria-pressed={shown}
          aria-controls={props.id}
          aria-describedby={`${props.id}-label`}
          onClick={() => setShown((value) => !value)}
        >
          Show
        </button>
      </div>
    </Field>
  );
}

/** The shortest password the server takes (better-auth's minimum, src/server/auth). */
export const minPasswordLength = 10;

/** Why a new password is refused before it is sent, or nothing. */
export function newPasswordError(password: string): string | undefined {
  return password.length < minPasswordLength
    ? `Choose a password of at least ${minPasswordLength} characters.`
    : undefined;
}

/** A password being chosen: the browser may suggest one, and the hint gives the minimum length. */
export function NewPasswordField(props: Omit<Parameters<typeof PasswordField>[0], "autoComplete" | "hint">) {
  return (
    <PasswordField
      {...props}
      autoComplete="new-password"
      hint={`At least ${minPasswordLength} characters.`}
    />
  );
}
