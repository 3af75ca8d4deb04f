// The caret colour of a user is decided in one place, the collab package: the server sets it
// in everyone's presence, and the editor uses the same one for its own caret.
export { colorFor } from "@regiotafel/collab/presence";
