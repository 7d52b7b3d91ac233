import { describe, expect, it } from "vitest";
import {
  editorReducer,
  initialEditorState,
  inputErrors,
} from "../../src/web/features/billing/editor/editorReducer.js";
import {
  POSITIONS,
  positionOf,
  valueAfterKey,
  valueAt,
} from "../../src/web/features/billing/editor/scale.js";
import { pastCycles } from "../../src/web/features/billing/UsageHistory.js";

const start = () => initialEditorState({ seats: 10, additionalCreditBlocks: 2, interval: "month" }, 1000, 7);

describe("the subscription editor's reducer", () => {
  it("a slider move sets the count and its text, and drops a pending 'review again'", () => {
    let state = editorReducer(start(), { type: "reviewAgain", reason: "figures" });
    state = editorReducer(state, { type: "seats", seats: 12 });
    expect(state.desired.seats).toBe(12);
    expect(state.seatText).toBe("12");
    expect(state.reviewAgain).toBeNull();
    state = editorReducer(state, { type: "blocks", blocks: 5, creditsPerBlock: 1000 });
    expect(state.creditText).toBe("5,000");
    expect(state.desired.additionalCreditBlocks).toBe(5);
  });

  it("typed text moves the plan only when it is a whole number (of blocks, for credits)", () => {
    let state = editorReducer(start(), { type: "seatText", text: "1a" });
    expect(state.seatText).toBe("1a");
    expect(state.desired.seats).toBe(10);
    expect(inputErrors(state, 1000).seatTextError).toBe("Enter a whole number of seats.");
    state = editorReducer(state, { type: "creditText", text: "1500", creditsPerBlock: 1000 });
    expect(state.desired.additionalCreditBlocks).toBe(2);
    expect(inputErrors(state, 1000).creditTextError).toMatch(/steps of 1,000/);
    state = editorReducer(state, { type: "creditText", text: "3,000", creditsPerBlock: 1000 });
    state = editorReducer(state, { type: "seatText", text: " 14 " });
    expect(state.desired).toEqual({ seats: 14, additionalCreditBlocks: 3, interval: "month" });
    expect(inputErrors(state, 1000).valid).toBe(true);
    state = editorReducer(state, { type: "creditText", text: "5000", creditsPerBlock: 1000 });
    expect(editorReducer(state, { type: "creditBlur", creditsPerBlock: 1000 }).creditText).toBe("5,000");
  });

  it("saving clears the last failure; a failure returns to editing; a newer version is remembered", () => {
    let state = editorReducer(start(), { type: "failed", message: "no" });
    expect(state.failure?.message).toBe("no");
    state = editorReducer(state, { type: "saving" });
    expect(state.failure).toBeNull();
    expect(state.phase.kind).toBe("saving");
    state = editorReducer(state, { type: "reviewAgain", reason: "changed", version: 9 });
    expect(state.phase.kind).toBe("editing");
    expect(state.reviewedVersion).toBe(9);
  });
});

describe("the sliders' logarithmic scale", () => {
  it("gives small counts room: 10 of 1–500 seats sits past a third of the track, not at 2%", () => {
    expect(positionOf(10, 1, 500) / POSITIONS).toBeGreaterThan(0.33);
    expect(positionOf(1, 1, 500)).toBe(0);
    expect(positionOf(500, 1, 500)).toBe(POSITIONS);
  });

  it("every value's position leads back to that value, at each end and in between", () => {
    for (const [min, max] of [
      [1, 500],
      [0, 100],
    ] as const) {
      for (let value = min; value <= Math.min(max, 60); value++) {
        expect(valueAt(positionOf(value, min, max), min, max)).toBe(value);
      }
      expect(valueAt(positionOf(max, min, max), min, max)).toBe(max);
    }
  });

  it("keys move the value by one, ten, or to the limits, never past them", () => {
    expect(valueAfterKey("ArrowRight", 10, 1, 500)).toBe(11);
    expect(valueAfterKey("ArrowDown", 1, 1, 500)).toBe(1);
    expect(valueAfterKey("PageUp", 495, 1, 500)).toBe(500);
    expect(valueAfterKey("Home", 40, 1, 500)).toBe(1);
    expect(valueAfterKey("Tab", 40, 1, 500)).toBeNull();
  });
});

describe("past credit cycles", () => {
  it("lists the current cycle and those before it, never one before the anchor", () => {
    const anchor = new Date("2026-03-15T00:00:00Z");
    const cycles = pastCycles(anchor, new Date("2026-06-15T00:00:00Z"));
    expect(cycles.map((cycle) => cycle.start.toISOString().slice(0, 10))).toEqual([
      "2026-06-15",
      "2026-05-15",
      "2026-04-15",
      "2026-03-15",
    ]);
  });
});
