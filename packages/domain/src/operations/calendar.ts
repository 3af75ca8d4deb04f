import { z } from "zod";
import { defineOperation } from "./contract";

// The signed-in user's own calendar feed (issue 21 point 8, ADR 0037): outside every workspace
// (role null). The feed itself is read without a session, by its secret address (server/src/calendar.ts).

/** A new secret address; an earlier one stops working at once. The token is shown this once. */
export const createCalendarFeed = defineOperation({
  name: "calendar.create",
  input: z.object({}),
  role: null,
  refusals: [],
});

/** The address stops working; calendars subscribed to it get 404 from then on. */
export const revokeCalendarFeed = defineOperation({
  name: "calendar.revoke",
  input: z.object({}),
  role: null,
  refusals: [],
});
