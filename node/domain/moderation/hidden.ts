/**
 * A remote event, project or reply this node no longer shows (calendar, pages, board, feeds),
 * without unfollowing its source: it stays hidden when its source sends it again.
 */
export type HiddenKind = "event" | "project" | "reply";

export type HiddenItem = Readonly<{
  apId: string;
  kind: HiddenKind;
  /** Its title (or the start of a reply), for the operators' list. */
  label: string;
  reason: string | null;
  hiddenAt: string;
  hiddenBy: string;
}>;

export interface HiddenStore {
  /** True when it was not hidden yet. */
  hide(item: HiddenItem): boolean;
  unhide(apId: string): boolean;
  get(apId: string): HiddenItem | undefined;
  list(): HiddenItem[];
}
