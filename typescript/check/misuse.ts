// Must NOT compile: a selection reason the contract does not have, and a count used as a string.
import type { components } from "./leadping-api.js";

type Selection = components["schemas"]["OutgoingNumberSelectionResponse"];
const reason: Selection["selectionReason"] = "Cheapest";
const sent: string = ({} as components["schemas"]["TrafficMetrics"]).smsSentCount;
export { reason, sent };
