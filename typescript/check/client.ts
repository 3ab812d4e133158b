// A small typed client of the mock, as a frontend writes one with the generated types; compiled
// under tsc --strict and run against a mock by the kit's tests (tests/test_typescript_types.py).
import createClient from "openapi-fetch";
import type { paths, components } from "./leadping-api.js";

type Selection = components["schemas"]["OutgoingNumberSelectionResponse"];

// Node is the runtime here; its types are not installed for one variable.
declare const process: { argv: string[] };
const base = process.argv[2] ?? "http://127.0.0.1:8080";
const client = createClient<paths>({ baseUrl: base });

const selected = await client.POST("/phone-numbers/outgoing/new", {
  body: { conversationId: "conv-1", channel: "sms" },
});
if (selected.error || !selected.data) throw new Error(`selection failed: ${JSON.stringify(selected.error)}`);
const selection: Selection = selected.data;
if (selection.number == null) throw new Error("no number was selected");

const status = await client.GET("/phone-numbers/{phoneNumber}/status", {
  params: { path: { phoneNumber: selection.number }, query: { windowDays: "7" } },
});
if (status.error || !status.data) throw new Error(`status failed: ${JSON.stringify(status.error)}`);
const traffic = status.data.trafficMetrics;
// Arithmetic on int32 fields: these compile only because answers' integers are `number`.
const answered = traffic.smsSentCount - traffic.smsFailedCount;
const score: number = status.data.smsWarmup.healthScore + 0;
console.log(JSON.stringify({ reason: selection.selectionReason, answered, score }));
