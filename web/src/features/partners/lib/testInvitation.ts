/** Test helpers: an invitation in its text form, as a node prints it (docs/federation.md §5.2). */
import { create, toBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { InvitationSchema, TrustLevel } from "../../../gen/eventkit/v1/federation_pb";

export const FP = "0123456789abcdef".repeat(4);
export const NOW = new Date("2026-12-04T12:00:00Z");

function encode(bytes: Uint8Array): string {
  let bin = "";
  bytes.forEach((b) => (bin += String.fromCharCode(b)));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function invitationText(over: MessageInitShape<typeof InvitationSchema> = {}): string {
  const inv = create(InvitationSchema, {
    issuerNodeId: "a.example",
    enrollmentEndpoint: "a.example:7443",
    rootCaFingerprintSha256: FP,
    invitationId: "6f1c",
    secret: "s3cr3t",
    partnerNodeId: "b.example",
    offeredLevel: TrustLevel.AVAILABILITY,
    expiresAt: timestampFromDate(new Date("2026-12-04T12:15:00Z")),
    ...over,
  });
  return "ekinv1." + encode(toBinary(InvitationSchema, inv));
}

