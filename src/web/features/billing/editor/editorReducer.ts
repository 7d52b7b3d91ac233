import type { Interval } from "../../../../core/period.js";
import type { AppliedChange, ChangeRequest, PlanLevels, Quote } from "../../../lib/api.js";
import { count } from "../../../lib/format.js";

/** Where the editor is: editing, waiting for the server, or showing what was saved or submitted. */
export type Phase =
  | { kind: "editing" }
  | { kind: "saving" }
  | { kind: "saved"; result: AppliedChange; quote: Quote }
  | { kind: "submitted"; request: ChangeRequest };

export interface EditorState {
  desired: PlanLevels;
  /** What the person typed, kept apart from `desired` so an unfinished number stays on screen. */
  seatText: string;
  creditText: string;
  note: string;
  phase: Phase;
  failure: { message: string; field?: string | undefined } | null;
  /** Why the figures must be reviewed again before saving, if they must. */
  reviewAgain: "figures" | "changed" | null;
  /** The version this person reviewed: a change by someone else since then is shown before saving. */
  reviewedVersion: number;
}

export type EditorAction =
  | { type: "seats"; seats: number }
  | { type: "blocks"; blocks: number; creditsPerBlock: number }
  | { type: "interval"; interval: Interval }
  | { type: "seatText"; text: string }
  | { type: "creditText"; text: string; creditsPerBlock: number }
  | { type: "note"; note: string }
  | { type: "creditBlur"; creditsPerBlock: number }
  | { type: "saving" }
  | { type: "reviewAgain"; reason: "figures" | "changed" | null; version?: number }
  | { type: "saved"; result: AppliedChange; quote: Quote }
  | { type: "submitted"; request: ChangeRequest }
  | { type: "failed"; message: string; field?: string | undefined };

export const SEAT_TEXT = /^\d{1,4}$/;
export const CREDIT_TEXT = /^\d{1,7}$/;

/** "5,000", "5.000", "5 000" → "5000": the credits field shows separators and accepts them. */
export const digitsOf = (text: string) => text.trim().replaceAll(/[\s,.'’\u00a0\u202f]/g, "");

export function initialEditorState(
  current: PlanLevels,
  creditsPerBlock: number,
  version: number,
): EditorState {
  return {
    desired: current,
    seatText: String(current.seats),
    creditText: count(current.additionalCreditBlocks * creditsPerBlock),
    note: "",
    phase: { kind: "editing" },
    failure: null,
    reviewAgain: null,
    reviewedVersion: version,
  };
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case "seats":
      return {
        ...state,
        desired: { ...state.desired, seats: action.seats },
        seatText: String(action.seats),
        reviewAgain: null,
      };
    case "blocks":
      return {
        ...state,
        desired: { ...state.desired, additionalCreditBlocks: action.blocks },
        creditText: count(action.blocks * action.creditsPerBlock),
        reviewAgain: null,
      };
    case "interval":
      return { ...state, desired: { ...state.desired, interval: action.interval }, reviewAgain: null };
    case "seatText": {
      const text = action.text.trim();
      return {
        ...state,
        seatText: action.text,
        reviewAgain: null,
        desired: SEAT_TEXT.test(text) ? { ...state.desired, seats: Number(text) } : state.desired,
      };
    }
    case "creditText": {
      const text = digitsOf(action.text);
      const credits = Number(text);
      const whole = CREDIT_TEXT.test(text) && credits % action.creditsPerBlock === 0;
      return {
        ...state,
        creditText: action.text,
        reviewAgain: null,
        desired: whole
          ? { ...state.desired, additionalCreditBlocks: credits / action.creditsPerBlock }
          : state.desired,
      };
    }
    case "note":
      return { ...state, note: action.note };
    case "creditBlur": {
      // Typed "5000" reads "5,000" once the field is left (when it is a whole number of blocks).
      const digits = digitsOf(state.creditText);
      const credits = Number(digits);
      return CREDIT_TEXT.test(digits) && credits % action.creditsPerBlock === 0
        ? { ...state, creditText: count(credits) }
        : state;
    }
    case "saving":
      return { ...state, failure: null, phase: { kind: "saving" } };
    case "reviewAgain":
      return {
        ...state,
        phase: { kind: "editing" },
        reviewAgain: action.reason,
        reviewedVersion: action.version ?? state.reviewedVersion,
      };
    case "saved":
      return { ...state, phase: { kind: "saved", result: action.result, quote: action.quote } };
    case "submitted":
      return { ...state, phase: { kind: "submitted", request: action.request } };
    case "failed":
      return {
        ...state,
        phase: { kind: "editing" },
        failure: { message: action.message, field: action.field },
      };
  }
}

/** The typed fields' own errors, before any rule of the plan is checked. */
export function inputErrors(state: EditorState, creditsPerBlock: number) {
  const seatTextValid = SEAT_TEXT.test(state.seatText.trim());
  const creditDigits = digitsOf(state.creditText);
  const creditNumber = Number(creditDigits);
  const creditTextError = !CREDIT_TEXT.test(creditDigits)
    ? "Enter a number of credits."
    : creditNumber % creditsPerBlock !== 0
      ? `Additional Credits come in steps of ${count(creditsPerBlock)}.`
      : undefined;
  return {
    seatTextError: seatTextValid ? undefined : "Enter a whole number of seats.",
    creditTextError,
    valid: seatTextValid && !creditTextError,
  };
}
