// Working together between meetings (issue 21, ADR 0036): what can be commented on and
// followed, the kinds of notification, and how each kind may be delivered.

/** What a comment thread can be on: a passage of a document, or a record of these types. */
export const COMMENT_SUBJECTS = ["document", "tender", "lot", "decision", "segment", "assessment"] as const;
export type CommentSubject = (typeof COMMENT_SUBJECTS)[number];

/** What a user can follow: they are told of comments on it (a tender: also its milestones coming due). */
export const FOLLOW_SUBJECTS = ["document", "tender", "lot", "assessment"] as const;
export type FollowSubject = (typeof FOLLOW_SUBJECTS)[number];

/**
 * The kinds of notification: a mention, a reply in a thread one took part in, a comment on
 * what one follows, a change of one's municipality's participation in a lot, a milestone of a
 * followed tender coming due, a new version of a template one's workspace uses, an invitation.
 */
export const NOTIFICATION_KINDS = ["mention", "reply", "comment", "participation", "milestoneDue", "templateVersion", "invitation"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** How a kind reaches the user: only in the app, by e-mail at once, in a daily or weekly digest, or not at all. */
export const DELIVERIES = ["IN_APP", "IMMEDIATE", "DAILY", "WEEKLY", "OFF"] as const;
export type Delivery = (typeof DELIVERIES)[number];

/** The defaults: mentions and invitations by e-mail at once, the rest in the daily digest. */
export const DEFAULT_DELIVERY: Readonly<Record<NotificationKind, Delivery>> = {
  mention: "IMMEDIATE",
  reply: "DAILY",
  comment: "DAILY",
  participation: "DAILY",
  milestoneDue: "DAILY",
  templateVersion: "DAILY",
  invitation: "IMMEDIATE",
};

/** The delivery of `kind` for a user with these stored preferences (kinds without one take the default). */
export function deliveryOf(kind: NotificationKind, stored: ReadonlyArray<{ kind: string; delivery: string }>): Delivery {
  const found = stored.find((p) => p.kind === kind)?.delivery;
  return (DELIVERIES as readonly string[]).includes(found ?? "") ? (found as Delivery) : DEFAULT_DELIVERY[kind];
}

/** Days before a followed tender's milestone that it is announced: the default and the bounds (a CHECK in migration 0014). */
export const MILESTONE_LEAD_DAYS = { default: 7, min: 0, max: 60 } as const;

/** The time zone digests are sent in and calendar feeds are written in. */
export const LOCAL_TIME_ZONE = "Europe/Amsterdam";

/** The longest comment (characters). */
export const COMMENT_MAX_LENGTH = 5_000;
